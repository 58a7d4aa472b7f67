// The diagram's geometry: fixed step height, one column per lifeline, and which steps are drawn for a
// scroll position (the visible window plus a margin), so a redraw costs the same for ten steps or a million.

/** Every step is one row this tall: a step's place is its index times this, nothing is measured. */
export const stepHeight = 30;
export const headerHeight = 44;
/** The time column at the left. */
export const gutterWidth = 58;
export const minColumnWidth = 150;
/** Steps drawn above and below the visible ones (arrows of delayed or reordered datagrams reach a few rows up). */
export const overscan = 4;

export interface Columns {
  width: number;
  columnWidth: number;
  /** The x of each lifeline, in lifeline order. */
  xs: number[];
}

/** Lifelines share the width given; past it each keeps minColumnWidth and the drawing scrolls sideways. */
export function columns(lifelines: number, available: number): Columns {
  const n = Math.max(1, lifelines);
  const columnWidth = Math.max(minColumnWidth, (available - gutterWidth) / n);
  const xs = Array.from({ length: n }, (_, i) => Math.round(gutterWidth + columnWidth * (i + 0.5)));
  return { width: Math.ceil(gutterWidth + columnWidth * n), columnWidth, xs };
}

/** The rows [start, end) to draw for a scroll position and viewport height, out of `count` rows. */
export function visibleRows(scrollTop: number, viewport: number, count: number): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / stepHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / stepHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

/** The scroll position that brings row `row` into view (unchanged when it already is). */
export function scrollFor(row: number, scrollTop: number, viewport: number): number {
  const top = row * stepHeight;
  if (top < scrollTop) return top;
  if (top + stepHeight > scrollTop + viewport) return top + stepHeight - viewport;
  return scrollTop;
}
