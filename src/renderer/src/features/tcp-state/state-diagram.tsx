// The small TCP state diagram of RFC 793 (the states a socket program meets): the current state marked, the
// edge of the last step lit, the path taken so far traced faintly. Its text equivalent is given beside it.
import { useTranslation } from 'react-i18next';
import { diagramEdges, rfcStatesOf, type ConnectionState, type RfcState } from '../../../../shared/lesson/tcp-state';

const boxW = 104;
const boxH = 24;
/** Centres, laid out as the RFC draws it: opening at the top, the two ways of closing down the sides. */
const at: Record<RfcState, [number, number]> = {
  CLOSED: [230, 20],
  LISTEN: [230, 70],
  SYN_RECEIVED: [96, 120],
  SYN_SENT: [364, 120],
  ESTABLISHED: [230, 170],
  FIN_WAIT_1: [96, 220],
  CLOSE_WAIT: [364, 220],
  FIN_WAIT_2: [96, 270],
  CLOSING: [230, 270],
  LAST_ACK: [364, 270],
  TIME_WAIT: [96, 320],
};

type Edge = [RfcState, RfcState];
const key = ([a, b]: Edge): string => `${a}>${b}`;

/** A line from box to box, leaving each at its border; the two ways back to CLOSED go round the sides. */
function pathOf([from, to]: Edge): string {
  const [x1, y1] = at[from];
  const [x2, y2] = at[to];
  if (to === 'CLOSED' && from === 'TIME_WAIT') return `M ${x1 - boxW / 2} ${y1} H 14 V ${y2} H ${x2 - boxW / 2}`;
  if (to === 'CLOSED' && from === 'LAST_ACK') return `M ${x1 + boxW / 2} ${y1} H 446 V ${y2} H ${x2 + boxW / 2}`;
  // Leaving CLOSED sideways keeps the line clear of LISTEN's box.
  if (from === 'CLOSED' && to === 'SYN_SENT') return `M ${x1 + boxW / 2} ${y1} L ${x2} ${y2 - boxH / 2}`;
  // A reset or an error back to CLOSED (drawn only when taken): round the nearer side, inside the usual ways back.
  if (to === 'CLOSED' && from !== 'LISTEN') {
    return x1 > x2
      ? `M ${x1 + boxW / 2} ${y1} H 432 V ${y2 + 6} H ${x2 + boxW / 2}`
      : `M ${x1 - boxW / 2} ${y1} H 28 V ${y2 + 6} H ${x2 - boxW / 2}`;
  }
  // Leave and enter through the top or bottom edge (or the sides when on one row).
  if (y1 === y2) {
    const dir = Math.sign(x2 - x1);
    return `M ${x1 + (dir * boxW) / 2} ${y1} L ${x2 - (dir * boxW) / 2} ${y2}`;
  }
  const dy = Math.sign(y2 - y1) * (boxH / 2);
  return `M ${x1} ${y1 + dy} L ${x2} ${y2 - dy}`;
}

/** The diagram's usual edges (a reset or an error to CLOSED is drawn only when taken). */
const baseEdges: Edge[] = [
  ['CLOSED', 'LISTEN'],
  ['CLOSED', 'SYN_SENT'],
  ['LISTEN', 'SYN_RECEIVED'],
  ['LISTEN', 'CLOSED'],
  ['SYN_SENT', 'ESTABLISHED'],
  ['SYN_RECEIVED', 'ESTABLISHED'],
  ['ESTABLISHED', 'FIN_WAIT_1'],
  ['ESTABLISHED', 'CLOSE_WAIT'],
  ['FIN_WAIT_1', 'FIN_WAIT_2'],
  ['FIN_WAIT_1', 'CLOSING'],
  ['FIN_WAIT_2', 'TIME_WAIT'],
  ['CLOSING', 'TIME_WAIT'],
  ['CLOSE_WAIT', 'LAST_ACK'],
  ['LAST_ACK', 'CLOSED'],
  ['TIME_WAIT', 'CLOSED'],
];

// Two edges share a line in this layout (CLOSED -> LISTEN and back): the way back is drawn offset.
const offset = (edge: Edge): string =>
  key(edge) === 'LISTEN>CLOSED' ? 'translate(14 0)' : key(edge) === 'CLOSED>LISTEN' ? 'translate(-14 0)' : '';

export function StateDiagram({ conn }: { conn: ConnectionState | null }) {
  const { t } = useTranslation();
  const steps = conn?.steps ?? [];
  const last = steps[steps.length - 1];
  const lit = new Set((last ? diagramEdges(last) : []).map(key));
  const taken = new Set(steps.flatMap((s) => diagramEdges(s)).map(key));
  const extra = steps
    .flatMap((s) => diagramEdges(s))
    .filter((e) => !baseEdges.some((b) => key(b) === key(e)))
    .filter((e, i, all) => all.findIndex((x) => key(x) === key(e)) === i);
  const current = new Set<RfcState>(conn ? rfcStatesOf(conn.state) : []);
  return (
    <svg
      viewBox="0 0 460 340"
      className="block h-auto w-full max-w-[460px] select-none"
      role="img"
      aria-label={t('tcpState.diagram')}
      data-testid="tcp-state-diagram"
    >
      <defs>
        {(['base', 'taken', 'lit'] as const).map((kind) => (
          <marker key={kind} id={`tcp-arrow-${kind}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
            <path
              d="M 0 0 L 10 5 L 0 10 z"
              className={
                kind === 'lit'
                  ? 'fill-amber-500 dark:fill-amber-400'
                  : kind === 'taken'
                    ? 'fill-sky-600 dark:fill-sky-400'
                    : 'fill-slate-400 dark:fill-slate-500'
              }
            />
          </marker>
        ))}
      </defs>
      {[...baseEdges, ...extra].map((edge) => {
        const k = key(edge);
        const kind = lit.has(k) ? 'lit' : taken.has(k) ? 'taken' : 'base';
        return (
          <path
            key={k}
            d={pathOf(edge)}
            transform={offset(edge)}
            data-edge={k}
            data-lit={kind === 'lit' ? 'true' : undefined}
            fill="none"
            markerEnd={`url(#tcp-arrow-${kind})`}
            strokeDasharray={baseEdges.includes(edge) ? undefined : '5 3'}
            className={
              kind === 'lit'
                ? 'stroke-amber-500 dark:stroke-amber-400'
                : kind === 'taken'
                  ? 'stroke-sky-600 dark:stroke-sky-400'
                  : 'stroke-slate-300 dark:stroke-slate-600'
            }
            strokeWidth={kind === 'lit' ? 3.5 : kind === 'taken' ? 2 : 1.2}
          />
        );
      })}
      {(Object.keys(at) as RfcState[]).map((state) => {
        const [x, y] = at[state];
        const isCurrent = current.has(state);
        return (
          <g key={state} data-state={state} data-current={isCurrent ? 'true' : undefined}>
            <rect
              x={x - boxW / 2}
              y={y - boxH / 2}
              width={boxW}
              height={boxH}
              rx={5}
              strokeWidth={isCurrent ? 3 : 1}
              className={
                isCurrent
                  ? 'fill-amber-100 stroke-amber-600 dark:fill-amber-950 dark:stroke-amber-400'
                  : 'fill-white stroke-slate-400 dark:fill-slate-900 dark:stroke-slate-500'
              }
            />
            <text
              x={x}
              y={y + 4}
              textAnchor="middle"
              fontSize="11"
              fontWeight={isCurrent ? 700 : 400}
              className="fill-slate-800 font-mono dark:fill-slate-100"
            >
              {state}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
