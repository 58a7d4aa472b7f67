// A select of this machine's addresses next to a bind / listen host field: picking one fills the
// field (the wildcards 0.0.0.0 and :: first), so nobody has to look up an address in a terminal.
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../lib/ui';
import { useLocalAddresses } from './use-local-addresses';

export function LocalAddressPicker({ onPick, disabled }: { onPick: (address: string) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const list = useLocalAddresses();
  return (
    <SelectField
      label={t('interfaces.pick')}
      value=""
      disabled={disabled}
      onChange={(e) => {
        if (e.target.value !== '') onPick(e.target.value);
      }}
      className="w-56"
    >
      <option value="">{t('interfaces.choose')}</option>
      <option value="0.0.0.0">{t('interfaces.everyIpv4')}</option>
      <option value="::">{t('interfaces.everyIpv6')}</option>
      {list.map((i) => (
        <option key={`${i.name}-${i.address}`} value={i.address}>
          {`${i.address} (${i.name}${i.internal ? `, ${t('interfaces.loopback')}` : ''})`}
        </option>
      ))}
    </SelectField>
  );
}
