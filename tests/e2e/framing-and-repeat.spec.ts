// The window's Framing field and Repeat control: a TCP server framed by lines gets two lines written
// in one write as two log entries and answers each; the composer repeats a message with {{counter}}
// every 100 ms with a countdown and a Stop; and pictures of both in English and Korean, light and dark.
import AxeBuilder from '@axe-core/playwright';
import net from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './web-app';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { logRow, openSession } from './window';

test.afterEach(async () => {
  await stopPeers();
});

test.describe.configure({ timeout: 60_000 });

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

/** Opens a TCP server with the Framing field set (and an auto-reply), as a person fills the form. */
async function framedServer(page: Page, framing: string, reply: 'upper' | 'none'): Promise<number> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tcp-server');
  await page.getByRole('textbox', { name: 'Framing' }).fill(framing);
  await page.getByText('Advanced options').click();
  await page.getByRole('combobox', { name: 'Auto-reply' }).selectOption(reply);
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  return Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
}

test('Framing "line" on a TCP server: two lines in one write are two entries, each answered', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await framedServer(page, 'line', 'upper');
  // The field shows the session's framing, read-only while it listens.
  await expect(page.getByRole('textbox', { name: 'Framing' })).toHaveValue('line');
  await expect(page.getByRole('textbox', { name: 'Framing' })).toBeDisabled();
  const run = await runClient('tcp_burst_client', ['127.0.0.1', String(port), Buffer.from('hello\r\nworld\n').toString('hex')]);
  expect(Buffer.from(run.lines.join(''), 'hex').toString()).toBe('HELLO\nWORLD\n');
  await expect(logRow(page, 'in', /hello$/)).toHaveCount(1);
  await expect(logRow(page, 'in', /world$/)).toHaveCount(1);
  await expect(logRow(page, 'out', 'HELLO')).toHaveCount(1);
  await expect(logRow(page, 'out', 'WORLD')).toHaveCount(1);
  // The composer's line ending gives way to the framing, and says so.
  await expect(page.getByRole('combobox', { name: 'Line ending' })).toBeDisabled();
  await expect(page.getByTestId('framing-note')).toHaveText('Framing line frames each send: the line ending is not used.');
});

test('a bad framing is refused at the field; UDP has no Framing field', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tcp-server');
  await page.getByRole('textbox', { name: 'Framing' }).fill('len:3');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '"len:3" is not a length prefix' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Framing' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('udp');
  await expect(page.getByRole('textbox', { name: 'Framing' })).toHaveCount(0);
});

test('Repeat sends 5 times 100 ms apart with {{counter}}, counts down, and Stop ends an endless one', async ({ page, app }) => {
  const received: string[] = [];
  const server = net.createServer((socket) => socket.on('data', (d) => received.push(d.toString())));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    await page.getByRole('textbox', { name: 'Message' }).fill('n={{counter}};');
    await page.getByRole('textbox', { name: 'Every (ms)' }).fill('100');
    await page.getByRole('textbox', { name: 'Times' }).fill('5');
    await page.getByRole('button', { name: 'Repeat', exact: true }).click();
    // The countdown while it runs, then how it ended.
    await expect(page.getByTestId('repeat-status')).toHaveText(/^\d left · next in \d\.\d s$/);
    await expect(page.getByTestId('repeat-status')).toHaveText('Repeat done: 5 sent.', { timeout: 10_000 });
    await expect(logRow(page, 'out', /n=\d;/)).toHaveCount(5);
    await expect.poll(() => received.join('')).toBe('n=1;n=2;n=3;n=4;n=5;');

    // Until stopped: Times empty, then Stop.
    await page.getByRole('textbox', { name: 'Times' }).fill('');
    await page.getByRole('button', { name: 'Repeat', exact: true }).click();
    await expect(page.getByTestId('repeat-status')).toHaveText(/^Sent [1-9]\d* · next in \d\.\d s$/);
    await expect(page.getByRole('textbox', { name: 'Every (ms)' })).toBeDisabled();
    await page.screenshot({ path: shot('repeat-en-light') });
    await page.getByRole('button', { name: 'Stop', exact: true }).last().click();
    await expect(page.getByTestId('repeat-status')).toHaveText(/^Repeat stopped: \d+ sent\.$/);
    const after = received.join('').length;
    await page.waitForTimeout(300);
    expect(received.join('').length).toBe(after);
  } finally {
    server.close();
  }
});

test('a bad macro is an error under the message box naming its position', async ({ page, app }) => {
  const server = net.createServer((socket) => socket.resume());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    await page.getByRole('textbox', { name: 'Message' }).fill('x{{count}}');
    await page.getByRole('button', { name: 'Repeat', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: '{{count}} at position 2 is not a macro' })).toBeVisible();
    await expect(page.getByTestId('repeat-status')).toHaveCount(0);
  } finally {
    server.close();
  }
});

test('pictures: the Framing field and the Repeat control, English and Korean, light and dark', async ({ page, app }) => {
  const server = net.createServer((socket) => socket.resume());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    await page.goto(app.url);
    // The form before opening: the Framing field with its hint.
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tcp-server');
    await page.getByRole('textbox', { name: 'Framing' }).fill('delim:\\r\\n');
    await page.screenshot({ path: shot('framing-form-en-light') });
    await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tcp-client');
    // A framed client: the form shows its framing, the composer the note and the Repeat control running.
    await page.getByRole('textbox', { name: 'Framing' }).fill('len:2');
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    await page.getByRole('textbox', { name: 'Message' }).fill('tick {{counter}} at {{time}}');
    await page.getByRole('textbox', { name: 'Every (ms)' }).fill('500');
    await page.getByRole('button', { name: 'Repeat', exact: true }).click();
    await expect(page.getByTestId('repeat-status')).toHaveText(/next in/);
    const found: string[] = [];
    for (const language of ['en', 'ko'] as const) {
      if (language === 'ko') {
        await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
        await expect(page.getByRole('button', { name: '중지', exact: true }).last()).toBeVisible();
        await expect(page.getByRole('textbox', { name: '프레이밍' })).toHaveValue('len:2');
      }
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.screenshot({ path: shot(`framing-repeat-${language}-${colorScheme}`) });
        const { violations } = await new AxeBuilder({ page }).analyze();
        for (const v of violations)
          if (v.impact === 'serious' || v.impact === 'critical') found.push(`[${language} ${colorScheme}] ${v.id}`);
      }
    }
    expect(found).toEqual([]);
    await page.getByRole('button', { name: '중지', exact: true }).last().click();
    await expect(page.getByRole('button', { name: '반복', exact: true })).toBeVisible();
    await page.getByRole('button', { name: '새로 만들기', exact: true }).click();
    await page.getByRole('combobox', { name: '프로토콜' }).selectOption('tcp-server');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: shot(`framing-form-ko-${colorScheme}`) });
    }
  } finally {
    server.close();
  }
});

test('a partial frame at close is a log entry marked partial', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await framedServer(page, 'fixed:4', 'none');
  await runClient('tcp_burst_client', ['127.0.0.1', String(port), Buffer.from('abcdef').toString('hex')]);
  await expect(logRow(page, 'in', /abcd$/)).toHaveCount(1);
  await expect(logRow(page, 'in', 'ef (partial)')).toHaveCount(1);
});
