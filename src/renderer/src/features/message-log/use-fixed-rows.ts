// Fixed-height virtualization: only the rows on screen exist in the DOM, and the work per frame
// depends on the viewport, not on the row count. (General virtualizers keep an O(n) measurement
// table that is rebuilt as the count grows, which a million-row live log cannot afford.)
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export const rowHeight = 24;
const overscan = 10;

export function useFixedRows(count: number, follow: boolean, onUserScroll: (atBottom: boolean) => void) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const programmatic = useRef(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Following the tail: jump to the bottom whenever rows arrive.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !follow) return;
    const bottom = Math.max(0, count * rowHeight - el.clientHeight);
    if (Math.abs(el.scrollTop - bottom) > 1) {
      programmatic.current = true;
      el.scrollTop = bottom;
    }
    setScrollTop(el.scrollTop);
  }, [count, follow, height]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    if (programmatic.current) {
      programmatic.current = false;
      return;
    }
    onUserScroll(el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight);
  }, [onUserScroll]);

  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { ref, onScroll, start, end, totalHeight: count * rowHeight };
}
