// The Rules table of a server or UDP socket: add, edit, reorder and remove rule-based auto-replies,
// test them against a sample message (main-side), and, once open, apply them (setRules) and watch each
// rule's hits. Before it opens (no session) the rows are a draft the connection form sends with Listen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toHex } from '../../../../shared/codec';
import type { AutoReplyRule, CommandError, SessionInfo, SessionKind, TextEncoding } from '../../../../shared/contract';
import { matchKinds, replyKinds, type LooseRuleForm, type RulePart } from '../../../../shared/rules';
import { api } from '../../api';
import { useSay, type Explained } from '../../lib/problem-text';
import { Button, inputClass, TextField } from '../../lib/ui';
import { testSample } from './rules-test';

/** A row as typed: the delay stays text until it is checked. */
interface Row {
  match: { kind: string; value: string };
  reply: { kind: string; value: string };
  delay: string;
  close: boolean;
}

const rowsOf = (list: readonly LooseRuleForm[]): Row[] =>
  list.map((r) => ({
    match: { ...r.match },
    reply: { ...r.reply },
    delay: r.delayMs ? String(r.delayMs) : '',
    close: r.close === true,
  }));

const formOf = (row: Row): LooseRuleForm => ({
  match: row.match,
  reply: row.reply.kind === 'echo' || row.reply.kind === 'upper' ? { kind: row.reply.kind, value: '' } : row.reply,
  delayMs: row.delay.trim() === '' ? 0 : /^\d+$/.test(row.delay.trim()) ? Number(row.delay.trim()) : NaN,
  close: row.close,
});

const blankRow = (): Row => ({ match: { kind: 'prefix', value: '' }, reply: { kind: 'echo', value: '' }, delay: '', close: false });

type Failure = { problem: Explained; index: number; part: RulePart | 'sample' };

/** A refusal about one rule ("rules.N.part") placed at its row; null when it is about none. */
function placeOf(error: CommandError): Failure | null {
  const path = error.field?.split('.') ?? [];
  const index = path[0] === 'rules' ? Number(path[1]) : -1;
  if (Number.isNaN(index) || index < 0) return null;
  const part = path[2] === 'reply' ? 'reply' : path[2] === 'match' ? 'match' : 'options';
  return { problem: error, index, part };
}

const cell = 'border-b border-slate-200 px-1 py-1 align-middle dark:border-slate-700';
const small = `${inputClass} !w-auto`;

/** Before the socket opens: the draft's rows, where they go, and what the open request said about them. */
export interface RulesDraft {
  /** Changes when another session (or none) is shown: the rows start again from `initial`. */
  key: string;
  kind: SessionKind;
  initial: readonly LooseRuleForm[];
  fallback: AutoReplyRule | null;
  encoding: TextEncoding;
  onChange: (rules: LooseRuleForm[]) => void;
  /** The open request's refusal of a rule ("rules.N.part"), placed at its row. */
  refused: CommandError | null;
}

export function RulesTable({ session, draft }: { session: SessionInfo; draft?: undefined } | { session: null; draft: RulesDraft }) {
  const { t } = useTranslation();
  const say = useSay();
  const initial = session ? (session.rules?.list ?? []) : draft.initial;
  const [rows, setRowsOnly] = useState<Row[]>(() => rowsOf(initial));
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sample, setSample] = useState('');
  const [verdict, setVerdict] = useState<string | null>(null);

  // The draft's rows go to the form as they change (the form sends them with the open request).
  const setRows = (change: (all: Row[]) => Row[]): void => {
    const next = change(rows);
    setRowsOnly(next);
    draft?.onChange(next.map(formOf));
  };

  // Another session shown, or its rules set elsewhere (another window), or opened at last: the table shows them.
  const id = session ? session.id : `draft:${draft.key}`;
  const applied = session ? JSON.stringify(session.rules?.list ?? []) : '';
  const [shown, setShown] = useState({ id, applied });
  if (shown.id !== id || shown.applied !== applied) {
    setShown({ id, applied });
    setRowsOnly(rowsOf(initial));
    setFailure(null);
  }
  // The open request refused a rule: said at its row, once per refusal.
  const [seenRefusal, setSeenRefusal] = useState<CommandError | null>(null);
  if (draft && draft.refused !== seenRefusal) {
    setSeenRefusal(draft.refused);
    const placed = draft.refused ? placeOf(draft.refused) : null;
    if (placed) setFailure(placed);
  }

  const kind = session ? session.kind : draft.kind;
  const udp = kind === 'udp';
  const edit = (index: number, change: (row: Row) => Row): void => {
    setRows((all) => all.map((row, i) => (i === index ? change(row) : row)));
    setFailure(null);
    setNotice(null);
  };
  const move = (index: number, by: -1 | 1): void => {
    setRows((all) => {
      const next = [...all];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
    setFailure(null);
  };

  async function apply(): Promise<void> {
    if (!session) return;
    setNotice(null);
    const result = await api.setRules({ sessionId: session.id, rules: rows.map(formOf) });
    if (result.ok) {
      setFailure(null);
      setNotice(t('rules.applied'));
      return;
    }
    // Not about one rule (the session closed meanwhile): said under the table.
    const placed = placeOf(result.error);
    if (!placed) return setNotice(say(result.error));
    setFailure(placed);
  }

  async function test(): Promise<void> {
    const where = session ? { sessionId: session.id } : { encoding: draft.encoding };
    const found = await testSample(rows.map(formOf), session ? session.autoReply : draft.fallback, sample, where);
    if (found.kind === 'problem') {
      setVerdict(null);
      setFailure({ problem: found.problem, index: found.index, part: found.index === -1 ? 'sample' : 'rule' });
      return;
    }
    setFailure(null);
    if (found.kind === 'none') return setVerdict(t('rules.noAnswer'));
    const { reply, ruleIndex, text } = found.answer;
    const words = { reply: text, bytes: reply.byteLength, hex: toHex(reply) };
    setVerdict(ruleIndex === -1 ? t('rules.fallbackAnswers', words) : t('rules.answers', { n: ruleIndex + 1, ...words }));
  }

  const hits = session?.rules?.hits ?? [];
  const rowProblem = (index: number): string | null => (failure && failure.index === index ? say(failure.problem) : null);
  return (
    // Folded until asked for (open when the session has rules), so the log keeps its room.
    <details open={initial.length > 0 || undefined} className="mt-3 flex flex-col gap-2 text-sm">
      <summary className="cursor-pointer select-none text-xs font-semibold text-slate-600 dark:text-slate-300">
        <span id={`rules-${id}`}>{t('rules.title')}</span>
        {rows.length > 0 ? ` (${rows.length})` : ''}
      </summary>
      <div className="mt-2 flex flex-col gap-2">
        <p className="text-xs text-slate-500 dark:text-slate-400">{t('rules.hint')}</p>
        {session ? null : <p className="text-xs text-slate-500 dark:text-slate-400">{t('rulesDraft.hint')}</p>}
        <div className="overflow-x-auto">
          <table aria-labelledby={`rules-${id}`} className="min-w-full border-collapse text-left text-xs">
            <thead>
              <tr className="text-slate-600 dark:text-slate-300">
                <th className={cell}>{t('rules.number')}</th>
                <th className={cell}>{t('rules.match')}</th>
                <th className={cell}>{t('rules.reply')}</th>
                <th className={cell}>{t('rules.delay')}</th>
                {udp ? null : <th className={cell}>{t('rules.close')}</th>}
                <th className={cell}>{t('rules.hits')}</th>
                <th className={cell}>{t('rules.order')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={udp ? 6 : 7} className={`${cell} text-slate-500 dark:text-slate-400`}>
                    {t('rules.empty')}
                  </td>
                </tr>
              ) : null}
              {rows.map((row, i) => {
                const n = i + 1;
                const problem = rowProblem(i);
                const textReply = row.reply.kind !== 'echo' && row.reply.kind !== 'upper';
                const bad = (part: RulePart): boolean => problem !== null && (failure?.part === part || failure?.part === 'rule');
                return [
                  <tr key={`r${i}`}>
                    <td className={cell}>{n}</td>
                    <td className={cell}>
                      <div className="flex gap-1">
                        <select
                          aria-label={t('rules.matchKind', { n })}
                          className={small}
                          value={row.match.kind}
                          onChange={(e) => edit(i, (r) => ({ ...r, match: { ...r.match, kind: e.target.value } }))}
                        >
                          {matchKinds.map((k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ))}
                        </select>
                        <input
                          aria-label={t('rules.matchValue', { n })}
                          aria-invalid={bad('match')}
                          className={`${inputClass} min-w-32 font-mono`}
                          spellCheck={false}
                          value={row.match.value}
                          onChange={(e) => edit(i, (r) => ({ ...r, match: { ...r.match, value: e.target.value } }))}
                        />
                      </div>
                    </td>
                    <td className={cell}>
                      <div className="flex gap-1">
                        <select
                          aria-label={t('rules.replyKind', { n })}
                          className={small}
                          value={row.reply.kind}
                          onChange={(e) => edit(i, (r) => ({ ...r, reply: { ...r.reply, kind: e.target.value } }))}
                        >
                          {replyKinds.map((k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ))}
                        </select>
                        {textReply ? (
                          <input
                            aria-label={t('rules.replyValue', { n })}
                            aria-invalid={bad('reply')}
                            className={`${inputClass} min-w-32 font-mono`}
                            spellCheck={false}
                            value={row.reply.value}
                            onChange={(e) => edit(i, (r) => ({ ...r, reply: { ...r.reply, value: e.target.value } }))}
                          />
                        ) : null}
                      </div>
                    </td>
                    <td className={cell}>
                      <input
                        aria-label={t('rules.delayOf', { n })}
                        aria-invalid={bad('options')}
                        inputMode="numeric"
                        className={`${inputClass} !w-20`}
                        value={row.delay}
                        placeholder="0"
                        onChange={(e) => edit(i, (r) => ({ ...r, delay: e.target.value }))}
                      />
                    </td>
                    {udp ? null : (
                      <td className={cell}>
                        <input
                          type="checkbox"
                          aria-label={t('rules.closeOf', { n })}
                          checked={row.close}
                          onChange={(e) => edit(i, (r) => ({ ...r, close: e.target.checked }))}
                        />
                      </td>
                    )}
                    <td className={`${cell} tabular-nums`} data-testid={`rule-hits-${n}`}>
                      {session ? (hits[i] ?? 0) : '–'}
                    </td>
                    <td className={cell}>
                      <div className="flex gap-1">
                        <Button
                          aria-label={t('rules.up', { n })}
                          title={t('rules.up', { n })}
                          disabled={i === 0}
                          onClick={() => move(i, -1)}
                        >
                          ↑
                        </Button>
                        <Button
                          aria-label={t('rules.down', { n })}
                          title={t('rules.down', { n })}
                          disabled={i === rows.length - 1}
                          onClick={() => move(i, 1)}
                        >
                          ↓
                        </Button>
                        <Button
                          aria-label={t('rules.remove', { n })}
                          title={t('rules.remove', { n })}
                          onClick={() => {
                            setRows((all) => all.filter((_, k) => k !== i));
                            setFailure(null);
                          }}
                        >
                          ✕
                        </Button>
                      </div>
                    </td>
                  </tr>,
                  problem ? (
                    <tr key={`p${i}`}>
                      <td colSpan={udp ? 6 : 7} role="alert" className="px-1 pb-1 text-xs text-red-600 dark:text-red-400">
                        {problem}
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </table>
        </div>
        {session?.rules ? (
          <p className="text-xs text-slate-500 dark:text-slate-400">{t('rules.fallbackHits', { n: session.rules.fallbackHits })}</p>
        ) : null}
        <div className="flex flex-wrap items-start gap-2">
          <Button onClick={() => setRows((all) => [...all, blankRow()])}>{t('rules.add')}</Button>
          {session ? (
            <Button tone="primary" onClick={() => void apply()}>
              {t('rules.apply')}
            </Button>
          ) : null}
          <TextField
            label={t('rules.sample')}
            value={sample}
            onChange={(e) => {
              setSample(e.target.value);
              setVerdict(null);
            }}
            error={failure?.part === 'sample' ? say(failure.problem) : undefined}
            hint={t('rules.sampleHint')}
            className="min-w-48 flex-1"
          />
          <div className="pt-5">
            <Button onClick={() => void test()}>{t('rules.test')}</Button>
          </div>
        </div>
        {verdict ? (
          <p role="status" aria-label={t('rules.test')} className="font-mono text-xs text-slate-700 dark:text-slate-200">
            {verdict}
          </p>
        ) : null}
        {notice ? (
          <p role="status" className="text-xs text-slate-600 dark:text-slate-300">
            {notice}
          </p>
        ) : null}
      </div>
    </details>
  );
}
