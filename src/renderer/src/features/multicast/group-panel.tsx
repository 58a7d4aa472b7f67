// A UDP socket's multicast groups while it is open: join one (a group address and the interface to
// hear it on), see the groups joined, leave each. Mistakes are shown at the field they concern.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JoinedGroup, SessionInfo } from '../../../../shared/contract';
import { groupInterfaceProblem, groupProblem, describeGroup } from '../../../../shared/multicast';
import { api } from '../../api';
import { useSay } from '../../lib/problem-text';
import { Button, SelectField, TextField } from '../../lib/ui';
import { useLocalAddresses } from '../interfaces/use-local-addresses';

type Errors = { group?: string | undefined; iface?: string | undefined; other?: string | undefined };

export function GroupPanel({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const say = useSay();
  const addresses = useLocalAddresses();
  const [group, setGroup] = useState('239.1.2.3');
  // The loopback interface by default: joining there speaks to no network.
  const [iface, setIface] = useState('127.0.0.1');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  // Folded by default, like the traffic generator: the log keeps its room until groups are wanted.
  const [unfolded, setUnfolded] = useState(false);
  const bodyId = useId();
  const open = session.state === 'open';
  const groups = session.groups ?? [];

  async function join(): Promise<void> {
    const g = group.trim();
    const problem = groupProblem(g) ?? (iface === '' ? null : groupInterfaceProblem(g, iface));
    if (problem) return setErrors(groupProblem(g) ? { group: say(problem) } : { iface: say(problem) });
    setBusy(true);
    const result = await api.joinGroup({ sessionId: session.id, group: g, ...(iface ? { iface } : {}) });
    setBusy(false);
    if (result.ok) return setErrors({});
    const e = result.error;
    setErrors(e.field === 'iface' ? { iface: say(e) } : e.field === 'group' ? { group: say(e) } : { other: say(e) });
  }

  async function leave(joined: JoinedGroup): Promise<void> {
    const result = await api.leaveGroup({ sessionId: session.id, group: joined.group, ...(joined.iface ? { iface: joined.iface } : {}) });
    setErrors(result.ok ? {} : { other: say(result.error) });
  }

  return (
    <section aria-label={t('multicast.title')} className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
      <div className="flex items-center gap-3">
        <h2 className="text-sm font-semibold">
          <button
            type="button"
            aria-expanded={unfolded}
            aria-controls={bodyId}
            onClick={() => setUnfolded((u) => !u)}
            className="flex items-center gap-1 rounded"
          >
            <span aria-hidden="true" className="inline-block w-3 text-slate-500 dark:text-slate-400">
              {unfolded ? '▾' : '▸'}
            </span>
            {t('multicast.title')}
          </button>
        </h2>
        {!unfolded && groups.length > 0 ? (
          <span className="font-mono text-xs text-slate-600 dark:text-slate-300">{groups.map(describeGroup).join(', ')}</span>
        ) : null}
      </div>
      {unfolded ? (
        <form
          id={bodyId}
          className="mt-2 flex flex-wrap items-start gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void join();
          }}
          noValidate
        >
          <TextField
            label={t('multicast.group')}
            value={group}
            disabled={!open || busy}
            onChange={(e) => {
              setGroup(e.target.value);
              setErrors({});
            }}
            error={errors.group}
            hint={t('multicast.groupHint')}
            className="w-56"
            placeholder="239.1.2.3"
          />
          <SelectField
            label={t('multicast.iface')}
            value={iface}
            disabled={!open || busy}
            onChange={(e) => {
              setIface(e.target.value);
              setErrors({});
            }}
            error={errors.iface}
            className="w-64"
          >
            <option value="">{t('multicast.anyIface')}</option>
            {/* Until the list arrives, the default stays choosable. */}
            {addresses.some((a) => a.address === '127.0.0.1') ? null : <option value="127.0.0.1">127.0.0.1</option>}
            {addresses.map((a) => (
              <option key={`${a.name}-${a.address}`} value={a.address}>
                {`${a.address} (${a.name})`}
              </option>
            ))}
          </SelectField>
          <div className="pt-5">
            <Button type="submit" disabled={!open || busy}>
              {t('multicast.join')}
            </Button>
          </div>
          <div className="min-w-48 flex-1">
            <h3 className="text-xs font-semibold text-slate-600 dark:text-slate-300">{t('multicast.joined')}</h3>
            {groups.length === 0 ? (
              <p className="text-xs text-slate-500 dark:text-slate-400">{t('multicast.none')}</p>
            ) : (
              <ul aria-label={t('multicast.joined')} className="flex flex-wrap gap-2 pt-1">
                {groups.map((g) => (
                  <li
                    key={describeGroup(g)}
                    className="flex items-center gap-1 rounded border border-slate-200 px-2 py-0.5 font-mono text-xs dark:border-slate-700"
                  >
                    {describeGroup(g)}
                    <Button
                      className="py-0 text-xs"
                      aria-label={t('multicast.leaveOne', { group: describeGroup(g) })}
                      onClick={() => void leave(g)}
                    >
                      {t('multicast.leave')}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </form>
      ) : null}
      {errors.other ? (
        <p role="alert" className="pt-1 text-xs text-red-600 dark:text-red-400">
          {errors.other}
        </p>
      ) : null}
    </section>
  );
}
