// The lab's Network problems on a UDP session in the window, against the seed-style UDP sink (a Python peer
// Socket Lab did not write): all outgoing datagrams lost, the counters and the log saying so, the same seed
// losing the same datagrams twice, the badge beside the log, Korean notices worded; TCP gets only the note.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { decideImpair } from '../../src/main/engine/pipeline/impair';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect, test } from './web-app';
import { expectNoSeriousAxe, logRow, messageLog, openSession, send } from './window';

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

test.afterEach(async () => {
  await stopPeers();
});

/** The datagrams the sink printed so far, as text. */
const received = (stdout: string): string[] =>
  [...stdout.matchAll(/^RECEIVED ([0-9a-f]*)$/gm)].map((m) => Buffer.from(m[1]!, 'hex').toString());

async function udpTo(page: Page, port: number): Promise<void> {
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(port));
}

async function openTool(page: Page): Promise<ReturnType<Page['getByRole']>> {
  const toggle = page.getByRole('button', { name: 'Lab', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('tablist', { name: 'Lab tools' }).getByRole('tab', { name: 'Network problems' }).click();
  return page.getByRole('tabpanel', { name: 'Network problems' });
}

/** The counter of one direction ('Incoming' / 'Outgoing') in the panel's table. */
const counter = (panel: ReturnType<Page['getByRole']>, name: string, way: 0 | 1) =>
  panel
    .getByRole('row', { name: new RegExp(`^${name}`) })
    .getByRole('cell')
    .nth(way);

test('loss=100% outgoing: the UDP peer receives nothing, the counters and the log say so, the badge sits by the log', async ({
  page,
  app,
}) => {
  const sink = await startServer('udp_sink_server');
  await page.goto(app.url);
  await udpTo(page, sink.port);
  const panel = await openTool(page);
  await expect(panel.getByText('Off: every datagram goes as the network carries it.')).toBeVisible();
  await expect(messageLog(page).getByText('Simulated by Socket Lab', { exact: true })).toHaveCount(0);

  await panel.getByRole('radio', { name: 'Each its own' }).check();
  await panel.getByRole('group', { name: 'Outgoing (send)' }).getByRole('textbox', { name: 'Loss %' }).fill('100');
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(panel.getByTestId('impair-status')).toContainText('On: out:loss=100%;seed=1');
  await expect(messageLog(page).getByText('Simulated by Socket Lab', { exact: true })).toBeVisible();
  // And beside the lab's heading, whichever tool is shown.
  await expect(page.locator('#lab-pane').getByText('Simulated by Socket Lab', { exact: true })).toHaveCount(2);
  await expect(logRow(page, 'event', 'Network problems simulated by Socket Lab on this socket')).toBeVisible();

  for (const text of ['one', 'two', 'three']) await send(page, text);
  await expect(counter(panel, 'Dropped', 1)).toHaveText('3');
  await expect(counter(panel, 'Dropped', 0)).toHaveText('0');
  await expect(logRow(page, 'event', `Simulated: outgoing datagram #3 (5 bytes, 127.0.0.1:${sink.port}) dropped.`)).toBeVisible();
  // A dropped datagram never left: no out row for it, a notice instead, and nothing reached the peer.
  await expect(logRow(page, 'out', 'three')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(received(sink.stdout())).toEqual([]);
  await page.screenshot({ path: shot('network-problems-en-light') });

  await panel.getByRole('button', { name: 'Turn off' }).click();
  await expect(panel.getByTestId('impair-status')).toContainText('Off');
  await expect(messageLog(page).getByText('Simulated by Socket Lab', { exact: true })).toHaveCount(0);
  await send(page, 'four');
  await expect.poll(() => received(sink.stdout())).toEqual(['four']);
  await expect(counter(panel, 'Dropped', 1)).toHaveText('3');
});

test('the same seed drops the same datagrams: two sessions, checked at the peer and against the decisions', async ({ page, app }) => {
  const sink = await startServer('udp_sink_server');
  const messages = Array.from({ length: 12 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);
  // What seed 7 at 50% decides for datagrams 0..11 (pure: the engine draws exactly these).
  const expected = messages.filter((_, i) => !decideImpair({ loss: 50, dup: 0, delay: 0, jitter: 0, reorder: 0 }, 7, 'out', i).drop);
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(messages.length);

  await page.goto(app.url);
  const runs: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const before = received(sink.stdout()).length;
    await udpTo(page, sink.port);
    const panel = await openTool(page);
    await panel.getByRole('textbox', { name: 'Loss %' }).fill('50');
    await panel.getByRole('textbox', { name: 'Seed' }).fill('7');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await expect(panel.getByTestId('impair-status')).toContainText('On: loss=50%,seed=7');
    for (const m of messages) await send(page, m);
    await expect(counter(panel, 'Dropped', 1)).toHaveText(String(messages.length - expected.length));
    await expect.poll(() => received(sink.stdout()).length - before).toBe(expected.length);
    runs.push(received(sink.stdout()).slice(before));
    await page.getByRole('button', { name: 'Close', exact: true }).click();
  }
  expect(runs[0]).toEqual(expected);
  expect(runs[1]).toEqual(expected);
});

test('every bad field is said under it, in English and in Korean', async ({ page, app }) => {
  await page.goto(app.url);
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  const panel = await openTool(page);
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Say which problems to simulate, e.g. loss=30%,delay=50,seed=7.');
  await panel.getByRole('textbox', { name: 'Loss %' }).fill('150');
  await panel.getByRole('textbox', { name: 'Delay ms' }).fill('9000');
  await panel.getByRole('textbox', { name: 'Seed' }).fill('x');
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(panel.getByRole('textbox', { name: 'Loss %' })).toHaveAccessibleDescription(
    'loss=150: a percentage is 0 to 100 (e.g. loss=30%).',
  );
  await expect(panel.getByRole('textbox', { name: 'Delay ms' })).toHaveAccessibleDescription(
    'delay=9000: a time is a whole number of milliseconds from 0 to 5000 (e.g. delay=50).',
  );
  await expect(panel.getByRole('textbox', { name: 'Seed' })).toHaveAccessibleDescription(
    'seed=x: a seed is a whole number from 0 to 4294967295.',
  );
  await expect(panel.getByTestId('impair-status')).toContainText('Off');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  const ko = page.getByRole('tabpanel', { name: '네트워크 문제' });
  await ko.getByRole('button', { name: '적용' }).click();
  await expect(ko.getByRole('textbox', { name: '손실 %' })).toHaveAccessibleDescription(
    'loss=150: 백분율은 0에서 100 사이입니다 (예: loss=30%).',
  );
  await expect(ko.getByRole('textbox', { name: '시드(seed)' })).toHaveAccessibleDescription(
    'seed=x: 시드(seed)는 0에서 4294967295 사이의 정수입니다.',
  );
});

test('in Korean and dark: the badge, the notices in 수신 / 송신 words, the counters', async ({ page, app }) => {
  const sink = await startServer('udp_sink_server');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(app.url);
  await udpTo(page, sink.port);
  let panel = await openTool(page);
  await panel.getByRole('textbox', { name: 'Loss %' }).fill('100');
  await panel.getByRole('button', { name: 'Apply' }).click();
  await send(page, 'hi');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  panel = page.getByRole('tabpanel', { name: '네트워크 문제' });
  await expect(page.getByRole('region', { name: '메시지 로그' }).getByText('Socket Lab이 흉내 낸 문제', { exact: true })).toBeVisible();
  await expect(page.getByText(`시뮬레이션: 송신 데이터그램 #1 (2 바이트, 127.0.0.1:${sink.port}) 손실(버림).`)).toBeVisible();
  await expect(panel.getByRole('columnheader', { name: '송신' })).toBeVisible();
  await expect(
    panel
      .getByRole('row', { name: /^손실\(버림\)/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('1');
  await expect(panel.getByRole('button', { name: '재전송이란?' })).toBeVisible();
  await page.screenshot({ path: shot('network-problems-ko-dark') });
  await page.getByRole('radio', { name: '방향마다 따로' }).check();
  await page.screenshot({ path: shot('network-problems-ko-dark-each') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: shot('network-problems-ko-light-each') });
});

test('a TCP session gets only the note on why TCP looks perfect, and its link opens the glossary', async ({ page, app }) => {
  await page.goto(app.url);
  await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  const panel = await openTool(page);
  await expect(panel.getByText(/the operating system \(the kernel\) sends it again/)).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: shot('network-problems-tcp-en-dark') });
  await panel.getByRole('button', { name: 'What is retransmission?' }).click();
  await expect(page.getByRole('tab', { name: 'Glossary' })).toHaveAttribute('aria-selected', 'true');
});

test('the tool passes axe in light and dark, with problems on, each direction its own and a field error shown', async ({ page, app }) => {
  test.setTimeout(60_000);
  const sink = await startServer('udp_sink_server');
  await page.goto(app.url);
  await udpTo(page, sink.port);
  const panel = await openTool(page);
  await panel.getByRole('textbox', { name: 'Loss %' }).fill('100');
  await panel.getByRole('button', { name: 'Apply' }).click();
  await send(page, 'x');
  await expect(counter(panel, 'Dropped', 1)).toHaveText('1');
  await panel.getByRole('radio', { name: 'Each its own' }).check();
  await panel.getByRole('group', { name: 'Incoming (receive)' }).getByRole('textbox', { name: 'Delay ms' }).fill('9999');
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(panel.getByRole('alert')).toBeVisible();
  await expectNoSeriousAxe(page, '#lab-pane');
});
