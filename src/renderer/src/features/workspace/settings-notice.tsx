// Says once, under the header, why the kept settings were not used (a damaged file moved aside...).
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useSay } from '../../lib/problem-text';
import { Button } from '../../lib/ui';
import { workspace } from './workspace-store';

export function SettingsNotice() {
  const { t } = useTranslation();
  const say = useSay();
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  if (!workspace.problem) return null;
  return (
    <div
      role="status"
      className="flex items-center gap-3 border-b border-amber-300 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <span className="min-w-0 flex-1 break-words">{say(workspace.problem)}</span>
      <Button onClick={() => workspace.dismissProblem()}>{t('workspace.dismiss')}</Button>
    </div>
  );
}
