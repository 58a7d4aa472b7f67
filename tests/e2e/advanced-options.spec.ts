// The connection form's Advanced options that the CLI already had: no-delay and keep-alive of a TCP
// server, a TLS server held to TLSv1.3 that openssl s_client -tls1_2 cannot reach, a UDP socket opened
// with TTL, loop and a group joined at open hearing the Python sender, rules built before Listen, and a
// catastrophic regex tested main-side. Pictures in en/ko, light/dark.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './web-app';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { runSClient, stopOpenssl } from '../peers/openssl-peers';
import { logRow } from './window';

test.afterEach(async () => {
  await stopPeers();
  await stopOpenssl();
});

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);
const freshGroup = (): string =>
  `239.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;

async function newForm(page: Page, kind: string, ko = false): Promise<void> {
  await page.getByRole('button', { name: ko ? '새로 만들기' : 'New', exact: true }).click();
  await page.getByRole('combobox', { name: ko ? '프로토콜' : 'Protocol' }).selectOption(kind);
  await page.getByRole('textbox', { name: ko ? '포트' : 'Port', exact: true }).fill('0');
  await page.getByText(ko ? '고급 옵션' : 'Advanced options').click();
}

test('a TCP server opened with no-delay off and keep-alive shows them; a bad largest frame is said at its field', async ({ page, app }) => {
  await page.goto(app.url);
  await newForm(page, 'tcp-server');
  await expect(page.getByRole('checkbox', { name: 'No delay (send each write at once)' })).toBeChecked();
  await page.getByRole('textbox', { name: 'Largest frame (bytes)' }).fill('0');
  await page.getByRole('checkbox', { name: 'Keep-alive', exact: true }).check();
  await page.getByRole('textbox', { name: 'Keep-alive after (ms)' }).fill('12.5');
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The largest frame must be a whole number of bytes from 1' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Keep-alive must be a whole number of milliseconds' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Largest frame (bytes)' }).fill('4096');
  await page.getByRole('textbox', { name: 'Keep-alive after (ms)' }).fill('5000');
  await page.getByRole('checkbox', { name: 'No delay (send each write at once)' }).uncheck();
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
  // Said in one line as the session was opened (they cannot change while it listens).
  await expect(page.getByTestId('stream-options')).toHaveText('largest frame 4096 B · Nagle on (no-delay off) · keep-alive after 5000 ms');
  await page.screenshot({ path: shot('advanced-tcp-open-en-light') });
  // Still a server: a Python client gets no reply (auto-reply off) but is accepted and heard.
  const run = await runClient('tcp_line_client', ['--timeout', '0.5', '127.0.0.1', String(port), 'hello']);
  expect(run.lines).toEqual(['NO REPLY']);
  await expect(logRow(page, 'in', 'hello')).toBeVisible();
});

test('a TLS server held to TLSv1.3 refuses openssl s_client -tls1_2, and the log says so', async ({ page, app }) => {
  await page.goto(app.url);
  await newForm(page, 'tls-server');
  await page.getByRole('combobox', { name: 'TLS version' }).selectOption('TLSv1.3');
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  await expect(page.getByTestId('stream-options')).toContainText('TLS version: TLSv1.3');
  const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
  const old = await runSClient(port, 'hi\n', ['-tls1_2'], 500);
  expect(old.code).not.toBe(0);
  await expect(logRow(page, 'error', /failed the TLS handshake/)).toBeVisible();
  const modern = await runSClient(port, 'hi\n', ['-tls1_3'], 500);
  expect(modern.stderr + modern.stdout).not.toMatch(/alert protocol version/);
  await expect(logRow(page, 'event', /TLS handshake done: TLSv1\.3/)).toBeVisible();
});

test('a UDP socket opened with TTL, loop and a group joined at open hears the Python multicast sender', async ({ page, app }) => {
  await page.goto(app.url);
  await newForm(page, 'udp');
  await page.getByRole('textbox', { name: 'Host', exact: true }).fill('0.0.0.0');
  const group = freshGroup();
  await page.getByRole('textbox', { name: 'Multicast TTL' }).fill('300');
  await page.getByRole('textbox', { name: 'Groups to join at open' }).fill(`${group},127.0.0.1 10.0.0.1`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'TTL "300" is out of range' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '"10.0.0.1" is not a multicast group' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Multicast TTL' }).fill('1');
  await page.getByRole('combobox', { name: 'Hear own multicast' }).selectOption('on');
  await page.getByRole('combobox', { name: 'Send multicast from' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Groups to join at open' }).fill(`${group},127.0.0.1`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeVisible();
  const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
  await expect(logRow(page, 'event', `Joined the multicast group ${group} (127.0.0.1).`)).toBeVisible();
  await expect(page.getByTestId('multicast-options')).toHaveText('TTL 1, loop On, from 127.0.0.1');
  await runClient('udp_multicast_sender', [group, String(port), 'to the group', '2']);
  await expect(logRow(page, 'in', 'to the group 2')).toBeVisible({ timeout: 10_000 });
});

test('an interface that is not on this computer is refused at its field', async ({ page, app }) => {
  await page.goto(app.url);
  await newForm(page, 'udp');
  await page.getByRole('combobox', { name: 'Send multicast from' }).fill('192.0.2.77');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const field = page.getByRole('combobox', { name: 'Send multicast from' });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: '192.0.2.77' })).toBeVisible();
});

test('rules built before Listen answer a Python client from the first message; hits counted once open', async ({ page, app }) => {
  await page.goto(app.url);
  await newForm(page, 'tcp-server');
  await page.getByText('Rules', { exact: true }).click();
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await page.getByRole('combobox', { name: 'Match kind, rule 1' }).selectOption('prefix');
  await page.getByRole('textbox', { name: 'Match text, rule 1' }).fill('PING');
  await page.getByRole('combobox', { name: 'Reply kind, rule 1' }).selectOption('fixed');
  await page.getByRole('textbox', { name: 'Reply text, rule 1' }).fill('PONG');
  await expect(page.getByRole('button', { name: 'Apply rules' })).toHaveCount(0);
  // Tested before anything opens.
  await page.getByRole('textbox', { name: 'Sample message' }).fill('PING 1');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Test' })).toContainText('Rule 1 answers: PONG');
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  const port = Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
  const run = await runClient('tcp_line_client', ['127.0.0.1', String(port), 'PING a', 'PING b']);
  expect(run.lines).toEqual(['REPLY PONG', 'REPLY PONG']);
  await expect(page.getByRole('table', { name: 'Rules' }).getByTestId('rule-hits-1')).toHaveText('2');
});

test('a rule refused by the open request is said at its row', async ({ page, app }) => {
  await page.goto(app.url);
  await newForm(page, 'udp');
  await page.getByText('Rules', { exact: true }).click();
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await page.getByRole('textbox', { name: 'Match text, rule 1' }).fill('x');
  await page.getByRole('textbox', { name: 'Delay in ms, rule 1' }).fill('abc');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Rules' }).getByRole('alert')).toContainText('Rule 1');
  await expect(page.getByRole('textbox', { name: 'Delay in ms, rule 1' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toHaveCount(0);
});

test('a catastrophic regex tested in the table stops at its deadline, said at the sample; the window stays responsive', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await newForm(page, 'tcp-server');
  await page.getByText('Rules', { exact: true }).click();
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await page.getByRole('combobox', { name: 'Match kind, rule 1' }).selectOption('regex');
  await page.getByRole('textbox', { name: 'Match text, rule 1' }).fill('^(a+)+$');
  await page.getByRole('textbox', { name: 'Sample message' }).fill('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!');
  const started = Date.now();
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The pattern of rule 1' })).toContainText('ran past its deadline', {
    timeout: 5000,
  });
  expect(Date.now() - started).toBeLessThan(5000);
  // The page thread was never blocked: typing answers at once.
  await page.getByRole('textbox', { name: 'Sample message' }).fill('still typing');
  await expect(page.getByRole('textbox', { name: 'Sample message' })).toHaveValue('still typing');
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
});

for (const { scheme, locale } of [
  { scheme: 'light' as const, locale: 'en-US' },
  { scheme: 'dark' as const, locale: 'en-US' },
  { scheme: 'light' as const, locale: 'ko-KR' },
  { scheme: 'dark' as const, locale: 'ko-KR' },
]) {
  test(`the Advanced options of tcp, tls and udp, and the rules before open, in ${locale}, ${scheme}`, async ({ browser, app }) => {
    const context = await browser.newContext({ colorScheme: scheme, locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(app.url);
    const ko = locale === 'ko-KR';
    const tag = `${ko ? 'ko' : 'en'}-${scheme}`;
    await newForm(page, 'tcp-server', ko);
    await page.getByRole('checkbox', { name: 'Keep-alive', exact: true }).check();
    await page.screenshot({ path: shot(`advanced-tcp-${tag}`) });
    await page.getByRole('combobox', { name: ko ? '프로토콜' : 'Protocol' }).selectOption('tls-server');
    await expect(page.getByRole('combobox', { name: ko ? 'TLS 버전' : 'TLS version' })).toBeVisible();
    await page.screenshot({ path: shot(`advanced-tls-${tag}`) });
    await page.getByRole('combobox', { name: ko ? '프로토콜' : 'Protocol' }).selectOption('udp');
    await page.getByRole('textbox', { name: ko ? '멀티캐스트 TTL' : 'Multicast TTL' }).fill('999');
    await page.getByRole('button', { name: ko ? '열기' : 'Open', exact: true }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await page.screenshot({ path: shot(`advanced-udp-${tag}`) });
    await page.getByRole('combobox', { name: ko ? '프로토콜' : 'Protocol' }).selectOption('tcp-server');
    await page.getByText(ko ? '규칙' : 'Rules', { exact: true }).click();
    await page.getByRole('button', { name: ko ? '규칙 추가' : 'Add rule', exact: true }).click();
    await page.getByRole('button', { name: ko ? '규칙 추가' : 'Add rule', exact: true }).click();
    await page.screenshot({ path: shot(`rules-before-open-${tag}`), fullPage: true });
    await context.close();
  });
}
