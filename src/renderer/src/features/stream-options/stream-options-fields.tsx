// The Advanced options of a TCP or TLS session: the largest frame, no-delay, keep-alive (and its
// interval) and, for TLS, the one version to allow. Values live in the connection form (stream-options-model.ts).
import { useTranslation } from 'react-i18next';
import type { SessionKind } from '../../../../shared/contract';
import { tlsVersions } from '../../../../shared/kinds/tls';
import { SelectField, TextField } from '../../lib/ui';
import { isStreamKind, isTlsKind, type StreamField, type StreamFormValues } from './stream-options-model';

interface Props {
  kind: SessionKind;
  values: StreamFormValues;
  errors: Partial<Record<StreamField, string>>;
  disabled: boolean;
  /** The session is open: its options are said in one line, not as fields that cannot change. */
  live?: boolean;
  set: <K extends keyof StreamFormValues>(key: K, value: StreamFormValues[K]) => void;
}

export function StreamOptionsFields({ kind, values, errors, disabled, live = false, set }: Props) {
  const { t } = useTranslation();
  if (!isStreamKind(kind)) return null;
  if (live) return null; // said in one line beside Advanced options (StreamOptionsSummary)
  return (
    <fieldset className="mt-2 flex flex-wrap items-start gap-3" aria-label={t('streamOptions.group')}>
      <TextField
        label={t('streamOptions.maxFrame')}
        value={values.maxFrame}
        disabled={disabled}
        inputMode="numeric"
        onChange={(e) => set('maxFrame', e.target.value)}
        error={errors.maxFrame}
        hint={disabled ? undefined : t('streamOptions.maxFrameHint')}
        className="w-44"
      />
      <label className="flex items-center gap-2 pt-6 text-sm">
        <input type="checkbox" checked={values.noDelay} disabled={disabled} onChange={(e) => set('noDelay', e.target.checked)} />
        {t('streamOptions.noDelay')}
      </label>
      <label className="flex items-center gap-2 pt-6 text-sm">
        <input type="checkbox" checked={values.keepAlive} disabled={disabled} onChange={(e) => set('keepAlive', e.target.checked)} />
        {t('streamOptions.keepAlive')}
      </label>
      {values.keepAlive ? (
        <TextField
          label={t('streamOptions.keepAliveMs')}
          value={values.keepAliveMs}
          disabled={disabled}
          inputMode="numeric"
          onChange={(e) => set('keepAliveMs', e.target.value)}
          error={errors.keepAliveMs}
          className="w-40"
        />
      ) : null}
      {isTlsKind(kind) ? (
        <SelectField
          label={t('streamOptions.tlsVersion')}
          value={values.tlsVersion}
          disabled={disabled}
          onChange={(e) => set('tlsVersion', e.target.value as StreamFormValues['tlsVersion'])}
          error={errors.tlsVersion}
          className="w-40"
        >
          <option value="">{t('streamOptions.tlsAny')}</option>
          {tlsVersions.map((v) => (
            <option key={v} value={v}>
              {t('streamOptions.tlsOnly', { version: v })}
            </option>
          ))}
        </SelectField>
      ) : null}
    </fieldset>
  );
}

const mib = 1024 * 1024;

/** An open session's stream options in one line, beside the Advanced options heading (no room taken from the log). */
export function StreamOptionsSummary({ kind, values }: { kind: SessionKind; values: StreamFormValues }) {
  const { t } = useTranslation();
  if (!isStreamKind(kind)) return null;
  const bytes = Number(values.maxFrame);
  const parts = [
    t('streamOptions.shownFrame', { size: bytes % mib === 0 ? `${bytes / mib} MiB` : `${values.maxFrame} B` }),
    t(values.noDelay ? 'streamOptions.shownNoDelayOn' : 'streamOptions.shownNoDelayOff'),
    values.keepAlive ? t('streamOptions.shownKeepAlive', { ms: values.keepAliveMs }) : t('streamOptions.shownKeepAliveOff'),
    ...(isTlsKind(kind) ? [t('streamOptions.shownTls', { version: values.tlsVersion || t('streamOptions.tlsAny') })] : []),
  ];
  return (
    <span className="ml-2 font-normal text-slate-500 dark:text-slate-400" data-testid="stream-options">
      {parts.join(' · ')}
    </span>
  );
}
