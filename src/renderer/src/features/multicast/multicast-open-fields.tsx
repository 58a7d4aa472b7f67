// The Advanced options of a UDP socket for multicast: TTL, loop, the interface multicast leaves from
// (this machine's addresses offered) and the groups joined at open. Values live in the connection form.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionKind } from '../../../../shared/contract';
import { SelectField, TextField } from '../../lib/ui';
import { useLocalAddresses } from '../interfaces/use-local-addresses';
import type { MulticastField, MulticastFormValues } from './multicast-open-model';

interface Props {
  kind: SessionKind;
  values: MulticastFormValues;
  errors: Partial<Record<MulticastField, string>>;
  disabled: boolean;
  /** The socket is open: its options are said in one line (groups are joined and left in the group panel). */
  live?: boolean;
  set: <K extends keyof MulticastFormValues>(key: K, value: MulticastFormValues[K]) => void;
}

export function MulticastOpenFields({ kind, values, errors, disabled, live = false, set }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const addresses = useLocalAddresses();
  if (kind !== 'udp') return null;
  if (live) return null; // said in one line beside Advanced options (MulticastOptionsSummary)
  return (
    <fieldset className="mt-2 flex flex-wrap items-start gap-3" aria-label={t('multicastOpen.group')}>
      <TextField
        label={t('multicastOpen.ttl')}
        value={values.ttl}
        disabled={disabled}
        inputMode="numeric"
        placeholder="1"
        onChange={(e) => set('ttl', e.target.value)}
        error={errors.ttl}
        hint={disabled ? undefined : t('multicastOpen.ttlHint')}
        className="w-40"
      />
      <SelectField
        label={t('multicastOpen.loop')}
        value={values.multicastLoop}
        disabled={disabled}
        onChange={(e) => set('multicastLoop', e.target.value as MulticastFormValues['multicastLoop'])}
        error={errors.multicastLoop}
        className="w-40"
      >
        <option value="">{t('multicastOpen.systemDefault')}</option>
        <option value="on">{t('multicastOpen.on')}</option>
        <option value="off">{t('multicastOpen.off')}</option>
      </SelectField>
      <TextField
        label={t('multicastOpen.iface')}
        value={values.multicastIf}
        disabled={disabled}
        list={listId}
        placeholder="127.0.0.1"
        onChange={(e) => set('multicastIf', e.target.value)}
        error={errors.multicastIf}
        hint={disabled ? undefined : t('multicastOpen.ifaceHint')}
        className="w-52"
      />
      <datalist id={listId}>
        {addresses.map((a) => (
          <option key={`${a.name}-${a.address}`} value={a.address}>
            {a.name}
          </option>
        ))}
      </datalist>
      <TextField
        label={t('multicastOpen.joinAtOpen')}
        value={values.joinAtOpen}
        disabled={disabled}
        placeholder="239.1.2.3"
        onChange={(e) => set('joinAtOpen', e.target.value)}
        error={errors.joinAtOpen}
        hint={disabled ? undefined : t('multicastOpen.joinHint')}
        className="min-w-56 flex-1"
      />
    </fieldset>
  );
}

/** An open socket's multicast options in one line, beside the Advanced options heading. */
export function MulticastOptionsSummary({ kind, values }: { kind: SessionKind; values: MulticastFormValues }) {
  const { t } = useTranslation();
  if (kind !== 'udp') return null;
  const system = t('multicastOpen.systemDefault');
  const loop = values.multicastLoop === '' ? system : t(`multicastOpen.${values.multicastLoop}`);
  return (
    <span className="ml-2 font-normal text-slate-500 dark:text-slate-400" data-testid="multicast-options">
      {t('multicastOpen.shown', { ttl: values.ttl || system, loop, iface: values.multicastIf || system })}
    </span>
  );
}
