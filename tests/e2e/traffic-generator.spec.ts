// The "Traffic generator" panel: a paced UDP flood to a receiver in the test with its live rate, Stop, counts that agree, a mistake at its field, and pictures in both languages and themes.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import dgram from 'node:dgram';
import path from 'node:path';
import { expect, test } from './web-app';
import { logRow, openSession } from './window';

// SCREENSHOT_DIR keeps the pictures out of test-results/, which every Playwright run empties first.
const shot = (name: string): string => path.join(process.env.SCREENSHOT_DIR ?? path.join('test-results', 'screenshots'), `${name}.png`);

/** A UDP receiver on loopback: how many datagrams came, and how many distinct sequence numbers. */
async function udpReceiver() {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  const seqs = new Set<bigint>();
  socket.on('message', (m) => {
    count++;
    if (m.length >= 8) seqs.add(m.readBigUInt64BE(0));
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    // Capped by the system: the flood is paced so that nothing is dropped anyway.
  }
  return { port: socket.address().port, count: () => count, distinct: () => seqs.size, close: () => socket.close() };
}

/** The session's out counter as the status bar shows it ("Out: 313 KiB in 5000 messages"). */
async function outMessages(page: Page): Promise<number> {
  const text = (await page.getByText(/^Out: .* in [\d,]+ messages$/).textContent()) ?? '';
  return Number(/in ([\d,]+) messages/.exec(text)![1]!.replace(/,/g, ''));
}

/** What the running generator showed, recorded in the page at each change (a flood of a second can end between two polls). */
interface LiveLook {
  /** The live figures' text. */
  text: string;
  /** Whether they took room on the page (were visible). */
  visible: boolean;
  /** Whether Start was disabled in the same picture. */
  startDisabled: boolean;
}

/** Starts recording every look of the generator's live figures (English page), until the page goes. */
async function recordLiveLooks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const looks: { text: string; visible: boolean; startDisabled: boolean }[] = [];
    (window as unknown as { liveLooks: typeof looks }).liveLooks = looks;
    const look = (): void => {
      const live = document.querySelector('[data-testid="generator-live"]');
      if (!live) return;
      const start = document.querySelector<HTMLButtonElement>('button[aria-label="Start the traffic generator"]');
      looks.push({ text: live.textContent ?? '', visible: live.checkVisibility(), startDisabled: start?.disabled ?? false });
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const liveLooks = (page: Page): Promise<LiveLook[]> => page.evaluate(() => (window as unknown as { liveLooks: LiveLook[] }).liveLooks);

/** The msg/s of a live look ("5,000 msg/s…"). */
const liveRate = (look: LiveLook): number => Number(/([\d,]+) msg\/s/.exec(look.text)?.[1]?.replace(/,/g, '') ?? 0);

/** Unfolds the panel of the selected UDP session and fills it in (English labels). */
async function fillGenerator(
  page: Page,
  options: { port: number; rate: string; stopAfter: 'count' | 'duration' | 'none'; count?: string },
) {
  const panel = page.getByRole('region', { name: 'Traffic generator' });
  const toggle = panel.getByRole('button', { name: 'Traffic generator', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await panel.getByRole('textbox', { name: 'Size (bytes)' }).fill('64');
  await panel.getByRole('combobox', { name: 'Payload' }).selectOption('counter');
  await panel.getByRole('textbox', { name: 'Rate (msg/s)' }).fill(options.rate);
  await panel.getByRole('combobox', { name: 'Stop after' }).selectOption(options.stopAfter);
  if (options.count !== undefined) await panel.getByRole('textbox', { name: 'Messages' }).fill(options.count);
  await panel.getByRole('textbox', { name: 'To host' }).fill('127.0.0.1');
  await panel.getByRole('textbox', { name: 'To port' }).fill(String(options.port));
  return panel;
}

test('floods 5,000 x 64 B at 5,000/s from a UDP session: live rate, Stop, and the receiver counts what the session counts', async ({
  page,
  app,
}) => {
  test.setTimeout(60_000);
  const receiver = await udpReceiver();
  try {
    await page.goto(app.url);
    await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
    const panel = await fillGenerator(page, { port: receiver.port, rate: '5000', stopAfter: 'count', count: '5000' });

    // A mistake is said at its field, before anything is sent.
    await panel.getByRole('textbox', { name: 'Size (bytes)' }).fill('0');
    await panel.getByRole('button', { name: 'Start the traffic generator' }).click();
    await expect(panel.getByRole('alert')).toHaveText('Size must be a whole number of bytes from 1 to 16,777,216.');
    await expect(panel.getByRole('textbox', { name: 'Size (bytes)' })).toHaveAttribute('aria-invalid', 'true');
    await panel.getByRole('textbox', { name: 'Size (bytes)' }).fill('64');
    await expect(panel.getByRole('alert')).toHaveCount(0);

    // The live rate, while it runs (the engine measures it over the last second). The run lasts about a
    // second, which a loaded machine can spend between two polls: every look of it is recorded in the
    // page and judged afterwards. Start is disabled in the looks that show the rate.
    await recordLiveLooks(page);
    await panel.getByRole('button', { name: 'Start the traffic generator' }).click();
    const live = panel.getByTestId('generator-live');
    await expect
      .poll(async () => Math.max(0, ...(await liveLooks(page)).filter((look) => look.visible).map(liveRate)), {
        message: 'the live figures were shown, with a rate past 1,000 msg/s',
      })
      .toBeGreaterThan(1000);
    const looks = await liveLooks(page);
    expect(
      looks.filter((look) => liveRate(look) > 1000).every((look) => look.startDisabled),
      `Start is disabled while the live figures run: ${JSON.stringify(looks)}`,
    ).toBe(true);
    await expect(panel.getByTestId('generator-summary')).toHaveText(
      /^Finished: sent 5,000 messages, 313 KiB, [\d,]+ msg\/s on average; errors: 0\.$/,
      { timeout: 10_000 },
    );
    await expect.poll(receiver.count).toBe(5000);
    expect(receiver.distinct()).toBe(5000);
    await expect.poll(() => outMessages(page)).toBe(5000);
    // The log got summaries, not 5,000 rows.
    await expect(
      logRow(page, 'event', /Traffic generator started, to 127\.0\.0\.1:\d+: 64-byte counter messages, at 5,000 msg\/s/),
    ).toHaveCount(1);
    await expect(logRow(page, 'event', /Traffic generator finished: 5,000 messages/)).toHaveCount(1);

    // Until stopped: Stop ends it, and the receiver got exactly what the session counted.
    await fillGenerator(page, { port: receiver.port, rate: '5000', stopAfter: 'none' });
    await panel.getByRole('button', { name: 'Start the traffic generator' }).click();
    await expect(live).toBeVisible();
    await expect.poll(receiver.count).toBeGreaterThan(6000);
    await panel.getByRole('button', { name: 'Stop the traffic generator' }).click();
    await expect(panel.getByTestId('generator-summary')).toHaveText(/^Stopped: sent [\d,]+ messages/);
    const summary = (await panel.getByTestId('generator-summary').textContent()) ?? '';
    const stoppedAt = Number(/sent ([\d,]+) messages/.exec(summary)![1]!.replace(/,/g, ''));
    await expect.poll(() => outMessages(page)).toBe(5000 + stoppedAt);
    await expect.poll(receiver.count).toBe(5000 + stoppedAt);
  } finally {
    receiver.close();
  }
});

for (const [language, colorScheme] of [
  ['en', 'light'],
  ['en', 'dark'],
  ['ko', 'light'],
  ['ko', 'dark'],
] as const) {
  test(`pictures of the generator running and finished (${language}, ${colorScheme})`, async ({ page, app }) => {
    test.setTimeout(60_000);
    const receiver = await udpReceiver();
    try {
      await page.emulateMedia({ colorScheme });
      await page.goto(app.url);
      await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
      await fillGenerator(page, { port: receiver.port, rate: '2000', stopAfter: 'count', count: '6000' });
      if (language === 'ko') await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
      const region = page.getByRole('region', { name: language === 'ko' ? '트래픽 생성기' : 'Traffic generator' });
      await expect(region).toBeVisible();
      await region.getByRole('button', { name: language === 'ko' ? '트래픽 생성기 시작' : 'Start the traffic generator' }).click();
      await expect(region.getByTestId('generator-live')).toContainText(/[1-9][\d,]* msg\/s/);
      await page.screenshot({ path: shot(`generator-running-${language}-${colorScheme}`) });
      await expect(region.getByTestId('generator-summary')).toBeVisible({ timeout: 10_000 });
      await page.screenshot({ path: shot(`generator-finished-${language}-${colorScheme}`) });
      // A mistake at its field, worded in the page's language; axe finds nothing serious, either way.
      await region.getByRole('textbox', { name: language === 'ko' ? '크기 (바이트)' : 'Size (bytes)' }).fill('0');
      await region.getByRole('button', { name: language === 'ko' ? '트래픽 생성기 시작' : 'Start the traffic generator' }).click();
      await expect(region.getByRole('alert')).toHaveText(
        language === 'ko'
          ? '크기는 1 부터 16,777,216 사이의 바이트 수 (정수) 여야 합니다.'
          : 'Size must be a whole number of bytes from 1 to 16,777,216.',
      );
      await page.screenshot({ path: shot(`generator-mistake-${language}-${colorScheme}`) });
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.html).join(' | ')}`);
      expect(serious).toEqual([]);
    } finally {
      receiver.close();
    }
  });
}
