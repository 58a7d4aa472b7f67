// The selected session's log as NDJSON for Copy as code: fetched when shown, again (at most once a second)
// as the log grows, and on Refresh; a log too large for the window is fetched again only on Refresh.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandError, SessionNdjson } from '../../../../shared/contract';
import { api } from '../../api';

export type NdjsonState = { kind: 'loading' } | { kind: 'ready'; value: SessionNdjson } | { kind: 'error'; error: CommandError };

/** A growing log is read again at most this often (a flood would otherwise rebuild the text on every batch). */
export const ndjsonRefreshMs = 1000;

/** One session's: the panel mounts it afresh (keyed) for another session. */
export function useSessionNdjson(sessionId: string, total: number): { state: NdjsonState; refresh: () => void } {
  const [state, setState] = useState<NdjsonState>({ kind: 'loading' });
  const lastFetch = useRef(-Infinity);
  const asked = useRef(0);
  const stopped = useRef(false);

  const fetchNow = useCallback(() => {
    lastFetch.current = performance.now();
    const ask = ++asked.current;
    void api.sessionNdjson({ sessionId }).then((r) => {
      if (ask !== asked.current) return; // an older answer after a newer question
      if (r.ok) setState({ kind: 'ready', value: r.value });
      else {
        setState({ kind: 'error', error: r.error });
        stopped.current = r.error.code === 'TOO_LARGE';
      }
    });
  }, [sessionId]);

  useEffect(() => {
    if (stopped.current) return;
    const wait = Math.max(0, lastFetch.current + ndjsonRefreshMs - performance.now());
    const timer = setTimeout(fetchNow, wait);
    return () => clearTimeout(timer);
  }, [fetchNow, total]);

  const refresh = useCallback(() => {
    stopped.current = false;
    fetchNow();
  }, [fetchNow]);
  return { state, refresh };
}
