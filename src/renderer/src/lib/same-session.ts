// Whether two descriptions of a session differ only in their traffic counters. Every batch (about 30
// a second under traffic) brings a new description of each busy session; the forms and panels that do
// not show counters compare with this and skip redrawing, which keeps a flooded window responsive.
import type { Counters, SessionInfo } from '../../../shared/contract';

const counterKeys: ReadonlySet<string> = new Set<keyof Counters>(['bytesIn', 'bytesOut', 'messagesIn', 'messagesOut', 'bytesQueued']);

/** Structural equality of plain JSON-like values; `skipCounters` leaves out counter fields at any depth. */
function same(a: unknown, b: unknown, skipCounters: boolean): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i], skipCounters));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    if (skipCounters && counterKeys.has(key)) continue;
    if (!same(ra[key], rb[key], skipCounters)) return false;
  }
  return true;
}

/** True when `a` and `b` say the same about a session apart from the counters of it and its connections. */
export function sameButCounters(a: SessionInfo | null, b: SessionInfo | null): boolean {
  if (a === null || b === null) return a === b;
  for (const key of Object.keys(a) as (keyof SessionInfo)[]) {
    if (key === 'counters') continue;
    // The capture's and the generator's own counts are what their panels show: compared in full.
    const skip = key === 'connections';
    if (!same(a[key], b[key], skip)) return false;
  }
  return Object.keys(b).length === Object.keys(a).length;
}

/** React.memo's comparison for a component whose only prop is `session`. */
export const sessionPropsEqual = (prev: { session: SessionInfo | null }, next: { session: SessionInfo | null }): boolean =>
  sameButCounters(prev.session, next.session);
