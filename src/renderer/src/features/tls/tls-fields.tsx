// The connection form's TLS controls: certificate and key files for a server (empty: one is made),
// CA file, server name and the insecure switch for a client. Paths are typed as text (browser mode too).
import { useTranslation } from 'react-i18next';
import type { SessionKind } from '../../../../shared/contract';
import { TextField } from '../../lib/ui';
import type { TlsFormValues } from './tls-form-model';

export const isTlsKind = (kind: SessionKind): kind is 'tls-client' | 'tls-server' => kind === 'tls-client' || kind === 'tls-server';

interface Props {
  kind: 'tls-client' | 'tls-server';
  values: TlsFormValues;
  errors: Partial<Record<keyof TlsFormValues, string>>;
  disabled: boolean;
  set: <K extends keyof TlsFormValues>(key: K, value: TlsFormValues[K]) => void;
}

export function TlsFields({ kind, values, errors, disabled, set }: Props) {
  const { t } = useTranslation();
  if (kind === 'tls-server') {
    return (
      <div className="flex flex-wrap items-start gap-3">
        <TextField
          label={t('tls.certFile')}
          value={values.certFile}
          disabled={disabled}
          onChange={(e) => set('certFile', e.target.value)}
          error={errors.certFile}
          hint={t('tls.serverFilesHint')}
          className="min-w-56 flex-1"
          placeholder="cert.pem"
        />
        <TextField
          label={t('tls.keyFile')}
          value={values.keyFile}
          disabled={disabled}
          onChange={(e) => set('keyFile', e.target.value)}
          error={errors.keyFile}
          className="min-w-56 flex-1"
          placeholder="key.pem"
        />
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-start gap-3">
      <TextField
        label={t('tls.caFile')}
        value={values.caFile}
        disabled={disabled}
        onChange={(e) => set('caFile', e.target.value)}
        error={errors.caFile}
        hint={t('tls.caFileHint')}
        className="min-w-56 flex-1"
        placeholder="ca.pem"
      />
      <TextField
        label={t('tls.servername')}
        value={values.servername}
        disabled={disabled}
        onChange={(e) => set('servername', e.target.value)}
        error={errors.servername}
        hint={t('tls.servernameHint')}
        className="w-56"
        placeholder="localhost"
      />
      <label className="flex items-center gap-2 pt-6 text-sm text-amber-800 dark:text-amber-300">
        <input type="checkbox" checked={values.insecure} disabled={disabled} onChange={(e) => set('insecure', e.target.checked)} />
        {t('tls.insecure')}
      </label>
    </div>
  );
}
