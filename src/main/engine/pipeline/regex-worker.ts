// The code of the regex worker thread: runs batches of regex queries and says, in shared memory, which match it is running.
//
// Kept as source text and started with `new Worker(source, { eval: true })` rather than as a file
// next to the bundle: electron-vite's main build only emits its listed entries, a worker file would
// need its own entry (or a `?modulePath` import that Vitest cannot resolve) and an asar-unpack rule
// once packaged. An eval worker is found wherever the runner's chunk is: out/main, the asar, a test.
// The code is plain ES2022 with no imports but node:worker_threads (so no type checking here):
// tests/engine/regex-runner.test.ts drives it through matches, groups, batches, timeouts and restarts.

/** Slots of the shared Int32Array the worker writes before each match, so a watchdog knows what runs. */
export const stateSlots = { batch: 0, job: 1, pattern: 2 } as const;
export const stateLength = 3;

/**
 * Message in: { batch, patterns: [[key, source, flags]...] (new ones only), jobs: [[text, [key...]]...] }.
 * Message out: { batch, results: [hit, groups]... } two slots per job; hit -1: no match (groups null),
 * -2: a pattern threw (instead of groups: [its index, the error's message]).
 */
export const regexWorkerSource = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const patterns = new Map();

function runJob(text, keys, out) {
  for (let p = 0; p < keys.length; p++) {
    Atomics.store(state, ${stateSlots.pattern}, p);
    let found;
    try {
      found = patterns.get(keys[p]).exec(text);
    } catch (error) {
      out.push(-2, [p, error instanceof Error ? error.message : String(error)]);
      return;
    }
    if (found !== null) {
      out.push(p, Array.from(found, (g) => (g === undefined ? null : g)));
      return;
    }
  }
  out.push(-1, null);
}

parentPort.on('message', (message) => {
  for (const [key, source, flags] of message.patterns) patterns.set(key, new RegExp(source, flags));
  Atomics.store(state, ${stateSlots.job}, 0);
  Atomics.store(state, ${stateSlots.pattern}, 0);
  Atomics.store(state, ${stateSlots.batch}, message.batch);
  const out = [];
  for (let j = 0; j < message.jobs.length; j++) {
    Atomics.store(state, ${stateSlots.job}, j);
    runJob(message.jobs[j][0], message.jobs[j][1], out);
  }
  Atomics.store(state, ${stateSlots.job}, message.jobs.length);
  parentPort.postMessage({ batch: message.batch, results: out });
});
`;
