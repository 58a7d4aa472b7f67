// The header's app-wide choices that are kept: the theme (System / Light / Dark, applied at once) and
// whether the last workspace comes back on the next start.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { themeChoices, type ThemeChoice } from '../../../../shared/settings-schema';
import { workspace } from './workspace-store';

export function HeaderControls() {
  const { t } = useTranslation();
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  return (
    <>
      <label className="flex items-center gap-1 text-xs" title={t('workspace.restoreHint')}>
        <input type="checkbox" checked={workspace.restore} onChange={(e) => workspace.setRestore(e.target.checked)} />
        {t('workspace.restore')}
      </label>
      <label className="flex items-center gap-1 text-xs">
        {t('workspace.theme')}
        <select
          className="rounded border border-slate-300 bg-transparent px-1 dark:border-slate-600 dark:bg-slate-900"
          value={workspace.theme}
          onChange={(e) => workspace.setTheme(e.target.value as ThemeChoice)}
        >
          {themeChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`workspace.themes.${choice}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
