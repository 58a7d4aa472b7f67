// The status bar's "Log memory" choice: the engine-wide log budget every session shares (and every
// window, since the logs live in the engine), with how much of it is in use.
import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError, EngineSettings } from '../../../../shared/contract';
import { logBudgetRangeMiB } from '../../../../shared/limits';
import { api } from '../../api';
import { sayProblem } from '../../lib/problem-text';
import { formatBytes } from './format-bytes';

const MiB = 1024 * 1024;

/** Powers of two across the range the engine accepts: a choice, so a wrong number cannot be typed. */
const choices: number[] = [];
for (let mib = logBudgetRangeMiB.min; mib <= logBudgetRangeMiB.max; mib *= 2) choices.push(mib);

// Memoized (no props): the status bar redraws with every batch, this choice only when it changes.
export const LogMemory = memo(function LogMemory() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<EngineSettings | null>(null);
  const [error, setError] = useState<CommandError | null>(null);

  const refresh = async (): Promise<void> => {
    const result = await api.getSettings({});
    if (result.ok) setSettings(result.value);
  };
  useEffect(() => {
    let live = true;
    void api.getSettings({}).then((result) => {
      if (live && result.ok) setSettings(result.value);
    });
    return () => {
      live = false;
    };
  }, []);

  if (!settings) return null;
  const current = Math.round(settings.logBudgetBytes / MiB);
  // A budget set elsewhere (socket-lab web --log-budget 100) is shown as it is.
  const options = choices.includes(current) ? choices : [...choices, current].sort((a, b) => a - b);

  async function choose(mib: number): Promise<void> {
    const result = await api.setLogBudget({ mib });
    if (result.ok) {
      setSettings(result.value);
      setError(null);
    } else setError(result.error);
  }

  return (
    <span className="flex items-center gap-1">
      <label
        className="flex items-center gap-1"
        title={t('status.logMemoryHint', { used: formatBytes(settings.logBytes), budget: formatBytes(settings.logBudgetBytes) })}
        // The figure in use changes with traffic: read afresh when a person comes to look.
        onPointerEnter={() => void refresh()}
      >
        {t('status.logMemory')}
        <select
          className="rounded border border-slate-300 bg-transparent px-1 dark:border-slate-600"
          value={current}
          onFocus={() => void refresh()}
          onChange={(e) => void choose(Number(e.target.value))}
        >
          {options.map((mib) => (
            <option key={mib} value={mib}>
              {t('status.logMemoryOption', { mib })}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <span role="alert" className="text-red-600 dark:text-red-400">
          {sayProblem(t, error)}
        </span>
      ) : null}
    </span>
  );
});
