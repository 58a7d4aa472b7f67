// The window's live rates: every session sampled once a second from the store's counters, shown
// or not (the chart, the sidebar and the status bar all read from here).
import { store } from './app-store';
import { RateHistory } from './rate-history';

export const rates = new RateHistory();

/** One sample a second: a one-second bucket each, and at most one redraw a second for whoever shows them. */
export const sampleEveryMs = 1000;

setInterval(() => rates.sample(store.sessions.values(), performance.now(), Date.now()), sampleEveryMs);
