// The log toolbar's Encoding select: the session's text encoding, which the main side decodes rows in
// and encodes composed text in (the window decodes nothing itself: Chromium's decoders disagree with Node's).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  defaultEncoding,
  encodingLabels,
  textEncodings,
  type CommandError,
  type SessionInfo,
  type TextEncoding,
} from '../../../../shared/contract';
import { store } from '../../state/app-store';
import { useSay } from '../../lib/problem-text';

export function EncodingSelect({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const say = useSay();
  // Kept as the error, worded while rendering: it follows a language switch.
  const [error, setError] = useState<CommandError | null>(null);
  const current = session.encoding ?? defaultEncoding;

  async function choose(encoding: TextEncoding): Promise<void> {
    const failed = await store.setEncoding(session.id, encoding);
    setError(failed);
  }

  return (
    <label className="flex items-center gap-1 text-xs">
      {t('encodings.label')}
      <select
        className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
        value={current}
        onChange={(e) => void choose(e.target.value as TextEncoding)}
      >
        {textEncodings.map((encoding) => (
          <option key={encoding} value={encoding}>
            {encodingLabels[encoding]}
          </option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="text-red-600 dark:text-red-400">
          {say(error)}
        </span>
      ) : null}
    </label>
  );
}
