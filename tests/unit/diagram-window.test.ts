// The diagram draws only the steps on screen: with 100,000 steps a redraw makes a few dozen SVG elements,
// wherever it is scrolled, and no more than with a hundred.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LogRow } from '../../src/shared/contract';
import { mapRows } from '../../src/shared/lesson/steps';
import { columns, stepHeight, visibleRows } from '../../src/renderer/src/features/sequence-diagram/diagram-layout';
import { DiagramRows, palettes, type StepTexts } from '../../src/renderer/src/features/sequence-diagram/diagram-svg';

const peer = { host: '127.0.0.1', port: 5000 };
function session(datagrams: number): LogRow[] {
  const rows: LogRow[] = [
    { type: 'opened', connectionId: 'c1', local: { host: '127.0.0.1', port: 40000 }, peer, sessionId: 's', time: 0, seq: 0 },
  ];
  for (let i = 1; i <= datagrams; i++) {
    rows.push({
      type: 'data',
      direction: i % 2 ? 'out' : 'in',
      peer,
      connectionId: 'c1',
      bytes: new Uint8Array(4),
      sessionId: 's',
      time: i,
      seq: i,
    });
  }
  return rows;
}

const texts: StepTexts = { label: (s) => `step ${s.index}`, sentence: (s) => `the step ${s.index}`, time: (row) => `+${row}` };

/** The SVG elements one redraw at `scrollTop` makes, for a viewport 400 px high. */
function elementsAt(rows: LogRow[], scrollTop: number): { elements: number; steps: number } {
  const m = mapRows('tcp-client', rows);
  const { start, end } = visibleRows(scrollTop, 400, m.steps.length);
  const markup = renderToStaticMarkup(
    createElement(DiagramRows, {
      steps: m.steps,
      start,
      end,
      top: 0,
      lifelines: m.lifelines,
      cols: columns(m.lifelines.length, 440),
      p: palettes.light,
      texts,
      current: end - 1,
    }),
  );
  return {
    elements: (markup.match(/<(g|line|rect|text|polygon|circle|title)\b/g) ?? []).length,
    steps: (markup.match(/data-step=/g) ?? []).length,
  };
}

describe('the diagram window', () => {
  it('draws the visible steps plus a margin, whatever the length of the session', () => {
    const long = session(100_000);
    const total = 100_005 * stepHeight;
    for (const top of [0, total / 2, total - 400]) {
      const { elements, steps } = elementsAt(long, top);
      expect(steps).toBeLessThanOrEqual(Math.ceil(400 / stepHeight) + 2 * 4 + 1);
      // About five elements a step (its group, title, line, head, label) and a time now and then.
      expect(elements).toBeLessThan(160);
    }
    const short = elementsAt(session(100), 0);
    expect(elementsAt(long, total / 2).elements).toBeLessThanOrEqual(short.elements + 30);
  });
});
