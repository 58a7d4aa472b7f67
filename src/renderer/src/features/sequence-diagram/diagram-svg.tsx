// The drawing: lifeline headers, lifelines, and one row per step (an arrow with its label, or a note on a
// lifeline), coloured by direction, inferred packets dashed. Colours and fonts are attributes, not CSS
// classes, so the same elements make a standalone SVG file and a PNG.
import type { Lifeline, Step } from '../../../../shared/lesson/steps';
import { headerHeight, stepHeight, type Columns } from './diagram-layout';

export interface Palette {
  background: string;
  text: string;
  muted: string;
  lifeline: string;
  in: string;
  out: string;
  error: string;
  noteFill: string;
  noteStroke: string;
  highlight: string;
  headerFill: string;
}

/** The log's in / out colours (emerald, sky) at strengths that read on each background. */
export const palettes: Record<'light' | 'dark', Palette> = {
  light: {
    background: '#ffffff',
    text: '#1e293b',
    muted: '#64748b',
    lifeline: '#94a3b8',
    in: '#047857',
    out: '#0369a1',
    error: '#be123c',
    noteFill: '#f1f5f9',
    noteStroke: '#cbd5e1',
    highlight: '#fef9c3',
    headerFill: '#f8fafc',
  },
  dark: {
    background: '#0f172a',
    text: '#e2e8f0',
    muted: '#94a3b8',
    lifeline: '#475569',
    in: '#34d399',
    out: '#38bdf8',
    error: '#fb7185',
    noteFill: '#1e293b',
    noteStroke: '#475569',
    highlight: '#1e3a5f',
    headerFill: '#1e293b',
  },
};

/** Fonts that have Hangul on Linux, Windows and macOS, then the system's. */
export const diagramFont =
  "'Noto Sans KR', 'Noto Sans CJK KR', 'NanumGothic', 'NanumBarunGothic', 'Malgun Gothic', 'Apple SD Gothic Neo', system-ui, sans-serif";

export interface StepTexts {
  label(step: Step): string;
  sentence(step: Step): string;
  /** The time shown in the gutter (null: the same row as the step above, left blank). */
  time(row: number): string | null;
}

const isTrouble = (s: Step): boolean =>
  s.simulated === 'lost' ||
  (s.what.kind === 'packet' && s.what.packet === 'RST') ||
  s.what.kind === 'rstReceived' ||
  s.what.kind === 'refused' ||
  s.what.kind === 'timedOut' ||
  s.what.kind === 'error' ||
  (s.what.kind === 'closed' && s.what.error !== null);

export function strokeOf(step: Step, p: Palette): string {
  if (isTrouble(step)) return p.error;
  return step.direction === 'in' ? p.in : step.direction === 'out' ? p.out : p.text;
}

export function DiagramHeader({
  lifelines,
  cols,
  p,
  name,
}: {
  lifelines: Lifeline[];
  cols: Columns;
  p: Palette;
  name: (l: Lifeline) => string[];
}) {
  const boxWidth = Math.min(cols.columnWidth - 10, 170);
  return (
    <g>
      {lifelines.map((line, i) => {
        const x = cols.xs[i]!;
        const [first, second] = name(line);
        return (
          <g key={line.id}>
            <rect x={x - boxWidth / 2} y={4} width={boxWidth} height={headerHeight - 8} rx={4} fill={p.headerFill} stroke={p.noteStroke} />
            <text x={x} y={second ? 20 : 27} textAnchor="middle" fontSize={11} fontWeight={600} fill={p.text}>
              {first}
            </text>
            {second ? (
              <text x={x} y={34} textAnchor="middle" fontSize={10} fill={p.muted}>
                {second}
              </text>
            ) : null}
          </g>
        );
      })}
    </g>
  );
}

interface RowsProps {
  steps: readonly Step[];
  start: number;
  end: number;
  /** y of row `start`'s top. */
  top: number;
  lifelines: Lifeline[];
  cols: Columns;
  p: Palette;
  texts: StepTexts;
  current: number | null;
  onPick?: (row: number) => void;
}

/** The lifelines over the rows drawn, and those rows' steps. */
export function DiagramRows({ steps, start, end, top, lifelines, cols, p, texts, current, onPick }: RowsProps) {
  const column = new Map(lifelines.map((l, i) => [l.id, i]));
  const bottom = top + (end - start) * stepHeight;
  const items = [];
  for (let row = start; row < end; row++) {
    const step = steps[row];
    if (!step) continue;
    const y = top + (row - start) * stepHeight;
    items.push(
      <StepRow
        key={step.index}
        step={step}
        row={row}
        y={y}
        x1={cols.xs[column.get(step.from) ?? 0]!}
        x2={cols.xs[column.get(step.to) ?? 0]!}
        p={p}
        texts={texts}
        onPick={onPick}
      />,
    );
  }
  return (
    <g>
      {current !== null && current >= start && current < end ? (
        <rect x={0} y={top + (current - start) * stepHeight} width={cols.width} height={stepHeight} fill={p.highlight} />
      ) : null}
      {cols.xs.map((x, i) => (
        <line key={lifelines[i]?.id ?? i} x1={x} x2={x} y1={top} y2={bottom} stroke={p.lifeline} strokeWidth={1.5} />
      ))}
      <g role="list">{items}</g>
    </g>
  );
}

interface StepRowProps {
  step: Step;
  row: number;
  y: number;
  x1: number;
  x2: number;
  p: Palette;
  texts: StepTexts;
  onPick: ((row: number) => void) | undefined;
}

function StepRow({ step, row, y, x1, x2, p, texts, onPick }: StepRowProps) {
  const stroke = strokeOf(step, p);
  const label = texts.label(step);
  const time = texts.time(row);
  const dash = step.inferred ? '5 4' : undefined;
  const halo = { stroke: p.background, strokeWidth: 3, paintOrder: 'stroke' as const };
  let body;
  if (x1 === x2) {
    // A note on one lifeline: a call that sends nothing (socket, bind, listen, close...).
    const mid = y + stepHeight / 2;
    body = (
      <>
        <circle cx={x1} cy={mid} r={3.5} fill={stroke} />
        <text x={x1 + 9} y={mid + 4} fontSize={11} fill={stroke === p.text ? p.text : stroke} {...halo}>
          {label}
        </text>
      </>
    );
  } else {
    const yEnd = y + stepHeight - 8;
    const yStart = yEnd - (step.slant ?? 0) * stepHeight;
    const lost = step.simulated === 'lost';
    const xEnd = lost ? x1 + (x2 - x1) * 0.7 : x2;
    const yStop = lost ? yStart + (yEnd - yStart) * 0.7 : yEnd;
    const angle = Math.atan2(yStop - yStart, xEnd - x1);
    const head = (a: number): string => `${xEnd - 8 * Math.cos(angle + a)},${yStop - 8 * Math.sin(angle + a)}`;
    const labelX = (x1 + x2) / 2;
    body = (
      <>
        <line x1={x1} y1={yStart} x2={xEnd} y2={yStop} stroke={stroke} strokeWidth={1.75} strokeDasharray={dash} />
        {lost ? (
          <g stroke={stroke} strokeWidth={2.25} data-cross>
            <line x1={xEnd - 5} y1={yStop - 5} x2={xEnd + 5} y2={yStop + 5} />
            <line x1={xEnd - 5} y1={yStop + 5} x2={xEnd + 5} y2={yStop - 5} />
          </g>
        ) : (
          <polygon points={`${xEnd},${yStop} ${head(0.45)} ${head(-0.45)}`} fill={stroke} />
        )}
        <text
          x={labelX}
          y={y + 12}
          textAnchor="middle"
          fontSize={11}
          fill={stroke}
          fontStyle={step.inferred ? 'italic' : undefined}
          {...halo}
        >
          {label}
        </text>
      </>
    );
  }
  return (
    <g role="listitem" aria-label={texts.sentence(step)} data-step={step.index} onClick={onPick ? () => onPick(row) : undefined}>
      <title>{texts.sentence(step)}</title>
      {time !== null ? (
        <text x={4} y={y + 19} fontSize={10} fill={p.muted}>
          {time}
        </text>
      ) : null}
      {body}
    </g>
  );
}
