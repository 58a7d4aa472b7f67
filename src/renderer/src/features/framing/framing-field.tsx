// The connection form's Framing field (TCP kinds only: a UDP datagram is already one message), and
// what the composer needs to know of a session's framing.
import { useTranslation } from 'react-i18next';
import type { SessionInfo, SessionKind } from '../../../../shared/contract';
import { transportOf } from '../../../../shared/kinds';
import { TextField } from '../../lib/ui';

/** Whether a kind is a byte stream that framing applies to. */
export const hasFraming = (kind: SessionKind): boolean => transportOf(kind) === 'tcp';

/** The session's framing when it frames messages (not raw), else null: then the composer's line ending applies. */
export const activeFraming = (session: SessionInfo): string | null => {
  const framing = session.stream?.framing ?? 'raw';
  return framing === 'raw' ? null : framing;
};

export function FramingField({
  kind,
  value,
  disabled,
  error,
  onChange,
}: {
  kind: SessionKind;
  value: string;
  disabled: boolean;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  if (!hasFraming(kind)) return null;
  return (
    <TextField
      label={t('framing.field')}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      hint={disabled ? undefined : t('framing.hint')}
      className="w-52"
      placeholder="raw"
    />
  );
}

/** Beside the composer's line ending when the session frames messages: the framing adds its own. */
export function FramingNote({ framing }: { framing: string }) {
  const { t } = useTranslation();
  return (
    <p className="max-w-xs self-end pb-1.5 text-xs text-slate-600 dark:text-slate-300" data-testid="framing-note">
      {t('framing.endingByFraming', { framing })}
    </p>
  );
}
