// Beside a client's host field: the host:port the user connected to, most recent first; picking one
// fills host and port. (A select, not a datalist on the host field: that would turn the field into a
// combobox for assistive technology, and every test and screen reader knows it as a text box.)
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../lib/ui';
import { splitTarget } from './saved-form';
import { workspace } from './workspace-store';

export function RecentTargets({ onPick, disabled }: { onPick: (target: { host: string; port: string }) => void; disabled: boolean }) {
  const { t } = useTranslation();
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  if (workspace.recentTargets.length === 0) return null;
  return (
    <SelectField
      label={t('workspace.recent')}
      value=""
      disabled={disabled}
      onChange={(e) => {
        const picked = splitTarget(e.target.value);
        if (picked) onPick(picked);
      }}
      className="w-48"
    >
      <option value="">{t('workspace.recentChoose')}</option>
      {workspace.recentTargets.map((target) => (
        <option key={target} value={target}>
          {target}
        </option>
      ))}
    </SelectField>
  );
}
