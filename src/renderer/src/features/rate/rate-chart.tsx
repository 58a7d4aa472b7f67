// The "Rate" figure: messages/s and bytes/s in and out over the last minute, drawn by uPlot, with
// the current rates as its text. Drawn at most once a second (one sample a second), not at all
// while the chart is folded away or the window is hidden.
import { memo, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Button } from '../../lib/ui';
import { historySeconds, type RateWindow } from '../../state/rate-history';
import { rates } from '../../state/rates';
import { formatBytes } from '../status-bar/format-bytes';
import { formatPerSecond, rateParams } from './format-rate';
import { useDarkTheme } from '../../lib/theme';

const chartHeight = 140;

// The log's direction colours (emerald in, sky out), a step lighter on a dark page.
const palettes = {
  light: { in: '#059669', out: '#0284c7', text: '#475569', grid: '#e2e8f0' },
  dark: { in: '#34d399', out: '#38bdf8', text: '#cbd5e1', grid: '#334155' },
};

/** The page's theme (lib/theme.ts: the choice, or the system's), and so the chart's. */
const useDark = useDarkTheme;

/**
 * Whether the chart is unfolded: one choice for every session, remembered by the browser. Folded
 * by default: the log is what most people look at, and a short window needs its room.
 */
const openKey = 'socket-lab:rate-chart-open';
const rememberedOpen = (): boolean => {
  try {
    return localStorage.getItem(openKey) === '1';
  } catch {
    return false; // no storage (a locked-down profile): folded, as by default
  }
};
const rememberOpen = (open: boolean): void => {
  try {
    localStorage.setItem(openKey, open ? '1' : '0');
  } catch {
    // not remembered across reloads, still applied now
  }
};

function plotData(w: RateWindow): uPlot.AlignedData {
  // An empty series would leave uPlot no range to draw: start from one zero bucket at "now".
  if (w.times.length === 0) return [[Date.now() / 1000], [0], [0], [0], [0]];
  return [w.times, w.messagesIn, w.messagesOut, w.bytesIn, w.bytesOut];
}

/** "07:33:40": the clock, which reads the same in every language (uPlot's default adds a date line). */
const clock = (seconds: number): string => {
  const d = new Date(seconds * 1000);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

// Tick steps: whole messages (never "0.3 msg/s"), and bytes in steps that read well in binary units.
const decades = Array.from({ length: 13 }, (_, k) => 10 ** k);
const messageSteps = decades.flatMap((d) => [d, 2 * d, 5 * d]);
const byteSteps = [1, 2, 5, 10, 20, 50, 100, 200, 500].flatMap((n) => [0, 1, 2, 3].map((p) => n * 1024 ** p)).sort((a, b) => a - b);

/** From zero to a little above the highest value (1 when all is still, so the axis never collapses). */
const fromZero: uPlot.Range.Function = (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1];

function RatePlot({ sessionId }: { sessionId: string }) {
  const { t, i18n } = useTranslation();
  const dark = useDark();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const language = i18n.resolvedLanguage;

  // Made again only when the theme, the language or the session changes.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const colours = dark ? palettes.dark : palettes.light;
    const font = '11px system-ui, sans-serif';
    const axis = {
      stroke: colours.text,
      font,
      labelFont: font,
      grid: { stroke: colours.grid, width: 1 },
      ticks: { stroke: colours.grid, width: 1 },
    };
    const options: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height: chartHeight,
      legend: { show: false },
      cursor: { show: false, drag: { x: false, y: false } },
      scales: {
        // Always the last minute, with the newest bucket at the right edge.
        x: { time: true, range: (_u, _min, max) => [max - historySeconds, max] },
        msg: { range: fromZero },
        bytes: { range: fromZero },
      },
      axes: [
        { ...axis, space: 70, size: 24, values: (_u, splits) => splits.map(clock) },
        {
          ...axis,
          scale: 'msg',
          size: 56,
          space: 24,
          incrs: messageSteps,
          label: t('rate.messagesAxis'),
          labelSize: 14,
          values: (_u, splits) => splits.map((v) => formatPerSecond(v, language)),
        },
        {
          ...axis,
          scale: 'bytes',
          side: 1,
          size: 64,
          space: 24,
          incrs: byteSteps,
          label: t('rate.bytesAxis'),
          labelSize: 14,
          grid: { show: false },
          values: (_u, splits) => splits.map((v) => formatBytes(Math.round(v))),
        },
      ],
      series: [
        {},
        { label: `${t('rate.legendIn')} ${t('rate.messagesAxis')}`, scale: 'msg', stroke: colours.in, width: 1.5, points: { show: false } },
        {
          label: `${t('rate.legendOut')} ${t('rate.messagesAxis')}`,
          scale: 'msg',
          stroke: colours.out,
          width: 1.5,
          points: { show: false },
        },
        {
          label: `${t('rate.legendIn')} ${t('rate.bytesAxis')}`,
          scale: 'bytes',
          stroke: colours.in,
          dash: [4, 3],
          width: 1,
          points: { show: false },
        },
        {
          label: `${t('rate.legendOut')} ${t('rate.bytesAxis')}`,
          scale: 'bytes',
          stroke: colours.out,
          dash: [4, 3],
          width: 1,
          points: { show: false },
        },
      ],
    };
    const u = new uPlot(options, plotData(rates.window(sessionId)), el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 200), height: chartHeight }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [dark, t, language, sessionId]);

  // New data once a second; a hidden window skips the drawing and catches up when shown again.
  useEffect(() => {
    const draw = (): void => {
      if (!document.hidden) plot.current?.setData(plotData(rates.window(sessionId)));
    };
    const unsubscribe = rates.subscribe(draw);
    document.addEventListener('visibilitychange', draw);
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', draw);
    };
  }, [sessionId]);

  // The canvas repeats what the caption says in words, so assistive technology skips it.
  return <div ref={box} aria-hidden="true" className="w-full" style={{ height: chartHeight }} />;
}

export const RateChart = memo(function RateChart({ sessionId }: { sessionId: string }) {
  const { t, i18n } = useTranslation();
  useSyncExternalStore(rates.subscribe, rates.getVersion);
  const [open, setOpen] = useState(rememberedOpen);
  const textId = useId();
  const now = rates.current(sessionId);
  const toggle = (): void => {
    rememberOpen(!open);
    setOpen(!open);
  };

  return (
    <figure aria-label={t('rate.title')} aria-describedby={textId} className="m-0 flex min-w-72 flex-1 flex-col gap-1">
      <figcaption className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        <span className="text-sm font-semibold" aria-hidden="true">
          {t('rate.title')}
        </span>
        {/* The figure's text alternative: the current rates in words. */}
        <span id={textId} className="font-mono text-slate-700 tabular-nums dark:text-slate-200" data-testid="rate-text">
          {t('rate.caption', rateParams(now, i18n.resolvedLanguage))}
        </span>
        <Button className="ml-auto py-0 text-xs" aria-expanded={open} onClick={toggle}>
          {open ? t('rate.hideChart') : t('rate.showChart')}
        </Button>
      </figcaption>
      {open ? (
        <>
          <RatePlot sessionId={sessionId} />
          <p className="flex flex-wrap gap-x-3 text-[11px] text-slate-600 dark:text-slate-300">
            <span>{t('rate.lastMinute')}</span>
            <span className="text-emerald-700 dark:text-emerald-300">
              <span aria-hidden="true">━</span> {t('rate.legendIn')}
            </span>
            <span className="text-sky-700 dark:text-sky-300">
              <span aria-hidden="true">━</span> {t('rate.legendOut')}
            </span>
            <span>{t('rate.legendLines')}</span>
          </p>
        </>
      ) : null}
    </figure>
  );
});
