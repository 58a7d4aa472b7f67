// Figure 9: the window under a 20,000/s UDP flood. `socket-lab web --port 0` in Chromium (Playwright's
// library API), a UDP session opened through the page, a sender child pacing 20,000 datagrams/s at it
// for ~5 s. In the page: the longest gap between requestAnimationFrame callbacks (reference: the same
// page idle, just before); then the counter the page shows against the engine's own count (exact).
import { existsSync } from 'node:fs';
import {
  CLI,
  NODE,
  QUICK,
  fmt,
  int,
  peer,
  runFigure,
  say,
  size,
  sleep,
  udpDrained,
  Failed,
  NotAvailable,
  Proc,
  HOST,
} from '../lib/common.mjs';

const RATE = 20_000;
const SECONDS = size(5, 2);
const IDLE_SECONDS = size(3, 2);
const GAP_MS = 50;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Starts a frame-gap recorder in the page (reset on each call). */
const startFrames = (page) =>
  page.evaluate(() => {
    const state = { last: 0, max: 0, frames: 0, running: true };
    globalThis.__benchFrames = state;
    const frame = (t) => {
      if (!state.running) return;
      if (state.last) state.max = Math.max(state.max, t - state.last);
      state.last = t;
      state.frames++;
      globalThis.requestAnimationFrame(frame);
    };
    globalThis.requestAnimationFrame(frame);
  });

const stopFrames = (page) =>
  page.evaluate(() => {
    const state = globalThis.__benchFrames;
    state.running = false;
    return { max: state.max, frames: state.frames };
  });

/** One bridge request from inside the page (a second WebSocket, same origin, same token). */
const bridgeCall = (page, token, command, payload) =>
  page.evaluate(
    ({ token, command, payload }) =>
      new Promise((resolve, reject) => {
        const ws = new globalThis.WebSocket(`ws://${globalThis.location.host}/bridge?token=${encodeURIComponent(token)}`);
        const timer = setTimeout(() => reject(new Error(`no answer to ${command} within 10 s`)), 10_000);
        ws.onopen = () => ws.send(JSON.stringify({ kind: 'request', id: 1, command, payload: JSON.stringify(payload) }));
        ws.onmessage = (m) => {
          const msg = JSON.parse(m.data);
          if (msg.kind !== 'response' || msg.id !== 1) return;
          clearTimeout(timer);
          ws.close();
          resolve(msg.result);
        };
        ws.onerror = () => reject(new Error('the bridge refused the bench connection'));
      }),
    { token, command, payload },
  );

/** The "In: … in N messages" count of the status bar. */
async function shownMessagesIn(page) {
  const text = await page.locator('footer').first().innerText();
  const m = /In:[^\n]*?\bin ([\d,.\s]+?) messages/.exec(text);
  return m ? Number(m[1].replace(/[^\d]/g, '')) : null;
}

/** Opens a UDP session the way a person does (New, Protocol, Host, Port, Open); the bridge when the form cannot. */
async function openUdp(page, token) {
  try {
    await page.getByRole('button', { name: 'New', exact: true }).click({ timeout: 10_000 });
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption('udp', { timeout: 5_000 });
    await page.getByRole('textbox', { name: 'Host', exact: true }).fill(HOST, { timeout: 5_000 });
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0', { timeout: 5_000 });
    await page.getByRole('button', { name: 'Open', exact: true }).click({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Close', exact: true }).waitFor({ timeout: 10_000 });
    const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
    if (port > 0) return { port, how: 'opened with the form' };
  } catch (err) {
    say(`  the form did not open the session (${err.message.split('\n')[0]}): opening it through the bridge`);
  }
  const result = await bridgeCall(page, token, 'openSession', { kind: 'udp', host: HOST, port: 0 });
  if (!result?.ok) throw new Failed(`openSession through the bridge: ${result?.error?.message ?? 'no answer'}`);
  return { port: result.value.local.port, how: 'opened through the bridge' };
}

async function engineMessagesIn(page, token, port) {
  const result = await bridgeCall(page, token, 'listSessions', {});
  if (!result?.ok) throw new Failed(`listSessions through the bridge: ${result?.error?.message ?? 'no answer'}`);
  const session = result.value.find((s) => s.kind === 'udp' && s.local?.port === port);
  if (!session) throw new Failed(`the engine lists no UDP session on port ${port}`);
  return { messagesIn: session.counters.messagesIn, total: result.value.reduce((a, s) => a + s.counters.messagesIn, 0) };
}

await runFigure(
  {
    id: '9',
    figure: `window under a ${int(RATE)}/s UDP flood for ${SECONDS} s (max frame gap ms)`,
    target: `<= ${GAP_MS} ms, counters exact`,
  },
  async () => {
    if (!existsSync(CHROMIUM)) throw new NotAvailable(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
    let chromium;
    try {
      ({ chromium } = await import('@playwright/test'));
    } catch {
      throw new NotAvailable('@playwright/test is not installed');
    }
    const web = new Proc(NODE, [CLI, 'web', '--port', '0'], { label: 'socket-lab web' });
    const url = (await web.waitForLine(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/, 30_000, 'its URL'))[1];
    const token = new URL(url).searchParams.get('token');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      const { port, how } = await openUdp(page, token);
      say(`  UDP session on port ${port} (${how})`);

      // Reference: the same page, idle, for the same kind of stretch.
      await startFrames(page);
      await sleep(IDLE_SECONDS * 1000);
      const idle = await stopFrames(page);
      say(`  idle: max frame gap ${fmt(idle.max, 1)} ms over ${idle.frames} frames`);

      await startFrames(page);
      const sender = peer('udp-sender', { port, count: RATE * SECONDS, size: 64, rate: RATE });
      await sender.waitExit(SECONDS * 1000 + 60_000, 'finish sending');
      const sent = sender.json();
      if (!sent) throw new Error(`the sender printed nothing: ${sender.stderr}`);
      await udpDrained(port);
      // The page catches up (batches every ~30 ms): wait until it shows what the engine counted, at most 5 s.
      let engine = await engineMessagesIn(page, token, port);
      let shown = await shownMessagesIn(page);
      for (let i = 0; i < 50 && shown !== engine.total; i++) {
        await sleep(100);
        engine = await engineMessagesIn(page, token, port);
        shown = await shownMessagesIn(page);
      }
      const flood = await stopFrames(page);
      say(`  flood: max frame gap ${fmt(flood.max, 1)} ms over ${flood.frames} frames; shown ${shown}, engine ${engine.total}`);
      if (shown === null) throw new Failed('the status bar shows no "In: … in N messages" count');
      const exact = shown === engine.total;
      const delivered = sent.sent - sent.dropped;
      return {
        measured: `${fmt(flood.max, 0)} ms max gap; shown ${int(shown)} = engine ${int(engine.total)}${exact ? '' : ' (NOT equal)'}`,
        reference: `${fmt(idle.max, 0)} ms idle`,
        ratio: `${(flood.max / idle.max).toFixed(2)}x idle`,
        status: flood.max <= GAP_MS && exact ? 'PASS' : 'MISSED',
        notes:
          `${flood.frames} frames during the flood (sender reached ${int(sent.rate)}/s); ${how}; ` +
          `${int(sent.sent)} sent, ${int(sent.dropped)} dropped by the kernel, so ${int(delivered)} delivered: engine counted ${int(engine.messagesIn)}` +
          `${QUICK ? '; QUICK size' : ''}`,
      };
    } finally {
      await browser.close().catch(() => undefined);
      await web.stop('SIGTERM', 10_000).catch(() => undefined);
    }
  },
);
