// The lab's "Network problems": a UDP session's simulated loss, duplicates, delay + jitter and reordering, per
// direction or both the same, with a seed that replays a demo exactly; what was done so far, per direction; and
// why TCP looks perfect (the kernel retransmits). A TCP or TLS session gets only that note.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError, SessionInfo } from '../../../../shared/contract';
import type { ImpairCounts, ImpairWay } from '../../../../shared/impair';
import { transportOf } from '../../../../shared/kinds';
import type { Problem } from '../../../../shared/problems';
import { api } from '../../api';
import { useSay } from '../../lib/problem-text';
import { Button, TextField } from '../../lib/ui';
import { store } from '../../state/app-store';
import { labNav } from '../lab/lab-nav';
import type { LabProps } from '../lab/lab-props';
import {
  buildImpairSpec,
  formFromSettings,
  impairFieldNames,
  initialImpairForm,
  newSeed,
  percentFields,
  type FieldGroup,
  type ImpairFieldPath,
  type ImpairForm,
  type ImpairMode,
  withMode,
} from './impair-form';
import { SimulatedBadge } from './simulated-badge';

export function NetworkProblems({ session }: LabProps) {
  const { t } = useTranslation();
  const udp = session !== null && transportOf(session.kind) === 'udp';
  return (
    <div className="flex flex-col gap-3">
      {session === null ? <p className="text-slate-600 dark:text-slate-300">{t('networkProblems.noSession')}</p> : null}
      {udp ? <UdpProblems key={session.id} session={session} /> : null}
      <TcpNote />
    </div>
  );
}

function TcpNote() {
  const { t } = useTranslation();
  return (
    <div className="rounded border border-slate-200 bg-slate-50 p-2 text-xs text-slate-700 dark:border-slate-700 dark:bg-slate-800/60 dark:text-slate-200">
      <p>{t('networkProblems.tcpNote')}</p>
      <button
        type="button"
        onClick={() => labNav.explain('retransmission')}
        className="mt-1 text-sky-800 underline hover:text-sky-950 dark:text-sky-300 dark:hover:text-sky-100"
      >
        {t('networkProblems.explainRetransmission')}
      </button>
    </div>
  );
}

type Errors = Partial<Record<ImpairFieldPath, Problem>>;

function UdpProblems({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const say = useSay();
  const settings = session.impair?.settings ?? null;
  const [form, setForm] = useState<ImpairForm>(() => (settings ? formFromSettings(settings) : initialImpairForm()));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<CommandError | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(spec: string | null): Promise<void> {
    setBusy(true);
    const r = await api.setImpair({ sessionId: session.id, impair: spec });
    setBusy(false);
    if (r.ok) {
      setFailure(null);
      store.addSession(r.value);
    } else setFailure(r.error);
  }

  function apply(): void {
    const built = buildImpairSpec(form);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    void run(built.spec);
  }

  const setMode = (mode: ImpairMode): void => setForm((f) => withMode(f, mode));
  const setField = (group: FieldGroup, name: (typeof impairFieldNames)[number], value: string): void =>
    setForm((f) => ({ ...f, [group]: { ...f[group], [name]: value } }));
  const errorAt = (path: ImpairFieldPath): string | undefined => (errors[path] ? say(errors[path]) : undefined);

  const groups: FieldGroup[] = form.mode === 'both' ? ['both'] : ['in', 'out'];
  const on = settings !== null;
  const formError = errors.form ? say(errors.form) : failure ? say(failure) : null;

  return (
    <>
      <p className="text-xs text-slate-700 dark:text-slate-300">{t('networkProblems.intro')}</p>
      <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="impair-status">
        <SimulatedBadge session={session} />
        <span className="break-all text-slate-700 dark:text-slate-200">
          {on ? t('networkProblems.on', { spec: session.impair?.spec ?? '' }) : t('networkProblems.off')}
        </span>
      </div>
      <div role="radiogroup" aria-label={t('networkProblems.mode')} className="flex flex-wrap items-center gap-3 text-xs">
        <span className="font-semibold text-slate-600 dark:text-slate-300">{t('networkProblems.mode')}</span>
        {(['both', 'each'] as const).map((mode) => (
          <label key={mode} className="flex items-center gap-1">
            <input type="radio" name={`impair-mode-${session.id}`} checked={form.mode === mode} onChange={() => setMode(mode)} />
            {t(`networkProblems.modes.${mode}`)}
          </label>
        ))}
      </div>
      {groups.map((group) => (
        <fieldset key={group} className="rounded border border-slate-200 p-2 dark:border-slate-700">
          <legend className="px-1 text-xs font-semibold text-slate-700 dark:text-slate-200">{t(`networkProblems.group.${group}`)}</legend>
          <div className="grid grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-2">
            {impairFieldNames.map((name) => (
              <TextField
                key={name}
                label={t(`networkProblems.field.${name}`)}
                value={form[group][name]}
                inputMode={percentFields.includes(name) ? 'decimal' : 'numeric'}
                placeholder="0"
                error={errorAt(`${group}.${name}`)}
                onChange={(e) => setField(group, name, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') apply();
                }}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <div className="flex flex-wrap items-end gap-2">
        <TextField
          label={t('networkProblems.seed')}
          value={form.seed}
          inputMode="numeric"
          className="w-36"
          error={errorAt('seed')}
          onChange={(e) => {
            const seed = e.target.value;
            setForm((f) => ({ ...f, seed }));
          }}
        />
        <Button onClick={() => setForm((f) => ({ ...f, seed: newSeed() }))}>{t('networkProblems.newSeed')}</Button>
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">{t('networkProblems.seedHint')}</p>
      <div className="flex flex-wrap items-center gap-2">
        <Button tone="primary" disabled={busy} onClick={apply}>
          {t('networkProblems.apply')}
        </Button>
        <Button disabled={busy || !on} onClick={() => void run(null)}>
          {t('networkProblems.turnOff')}
        </Button>
      </div>
      {formError ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {formError}
        </p>
      ) : null}
      <Counters session={session} />
    </>
  );
}

const counterNames: (keyof ImpairCounts)[] = ['dropped', 'duplicated', 'delayed', 'reordered'];
const ways: ImpairWay[] = ['in', 'out'];

function Counters({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const impair = session.impair;
  return (
    <table className="w-full max-w-sm text-xs">
      <caption className="pb-1 text-left font-semibold text-slate-700 dark:text-slate-200">{t('networkProblems.counters')}</caption>
      <thead>
        <tr className="text-slate-600 dark:text-slate-300">
          <td />
          {ways.map((way) => (
            <th key={way} scope="col" className="px-2 text-right font-semibold">
              {t(`networkProblems.way.${way}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counterNames.map((name) => (
          <tr key={name} className="border-t border-slate-200 dark:border-slate-700">
            <th scope="row" className="py-0.5 text-left font-normal text-slate-700 dark:text-slate-200">
              {t(`networkProblems.counter.${name}`)}
            </th>
            {ways.map((way) => (
              <td key={way} className="px-2 text-right font-mono tabular-nums">
                {impair ? impair[way][name] : 0}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
