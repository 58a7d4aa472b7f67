// Bad input gets its specific message at the field; hex goes out byte-exact and reads back as hex.
import net from 'node:net';
import { expect, test } from './web-app';
import { echo, logRow, loopbackServer, messageLog, openSession, send } from './window';

test('form fields reject bad host and port before anything is sent', async ({ page, app }) => {
  await page.goto(app.url);
  const host = page.getByRole('textbox', { name: 'Host', exact: true });
  const port = page.getByRole('textbox', { name: 'Port', exact: true });
  const connect = page.getByRole('button', { name: 'Connect', exact: true });

  await port.fill('70000');
  await connect.click();
  await expect(page.getByRole('alert')).toHaveText('Port 70000 is out of range: use a whole number from 1 to 65535.');

  await host.fill('');
  await port.fill('80');
  await connect.click();
  await expect(page.getByRole('alert')).toHaveText(/^Enter a host/);
  await expect(host).toHaveAttribute('aria-invalid', 'true');

  await host.fill('fe80:::1');
  await connect.click();
  await expect(page.getByRole('alert')).toHaveText('"fe80:::1" is not a valid IPv6 address (example: ::1 or fe80::1).');

  await host.fill('300.1.1.1');
  await connect.click();
  await expect(page.getByRole('alert')).toContainText('not a valid IPv4 address');

  // Port 0 is fine for a server, not for a client.
  await host.fill('127.0.0.1');
  await port.fill('0');
  await connect.click();
  await expect(page.getByRole('alert')).toHaveText('Port 0 is out of range: use a whole number from 1 to 65535.');
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText('No sessions yet.');
});

test('errors from the main side land at the field they concern', async ({ page, app }) => {
  // A port that is certainly closed: bind, read the port, close.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));

  await page.goto(app.url);
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(closedPort));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(`Nothing is listening on 127.0.0.1:${closedPort} (connection refused).`);

  // Address in use: a second server on the port of the first.
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tcp-server');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));
  await page.getByRole('button', { name: 'Listen', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(`Port ${port} on 127.0.0.1 is already in use`);
});

test('hex input counts bytes live and points at the bad character', async ({ page, app }) => {
  const server = await loopbackServer(echo);
  const port = server.port;
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port });

  // Switching the format converts what is typed: the bytes stay the same.
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill('hi\n');
  await page.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'Hex' });
  await expect(message).toHaveValue('68 69 0A');
  await page.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'Escaped' });
  await expect(message).toHaveValue('hi\\n');
  await page.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'Hex' });
  await message.fill('48 65 6c');
  await expect(page.getByTestId('byte-count')).toHaveText('3 bytes');
  await message.fill('48 65 6Z 6c');
  await expect(page.getByRole('alert')).toHaveText('"Z" at position 8 is not a hex digit (use 0-9 and A-F).');
  await expect(page.getByTestId('error-pointer').locator('mark')).toHaveText('Z');
  await message.fill('48 6');
  await expect(page.getByRole('alert')).toContainText('odd number of hex digits');

  // Bytes that are not text: sent exactly, shown as hex in the hex view and the detail dump.
  await send(page, '00 ff 0d 0a 41', 'Hex');
  await expect(logRow(page, 'in', '\\0\\xFF\\r\\nA')).toBeVisible();
  await page.getByRole('button', { name: 'Hex view' }).click();
  await expect(logRow(page, 'in', '00 FF 0D 0A 41')).toBeVisible();
  await logRow(page, 'in', '00 FF 0D 0A 41').click();
  const dump = page.getByRole('complementary', { name: 'Entry details' }).getByLabel('Hex dump');
  await expect(dump).toHaveText(/^00000000 {2}00 FF 0D 0A 41 +\|\.\.\.\.A\|$/);
  // Copy the entry as hex and as (escaped) text: what lands on the clipboard is every byte.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  const details = page.getByRole('complementary', { name: 'Entry details' });
  await details.getByRole('button', { name: 'Copy as hex' }).click();
  await expect(details.getByRole('status')).toHaveText('Copied.');
  // The clipboard is written asynchronously (and the second copy shows the same "Copied."): read until it holds the bytes.
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('00 FF 0D 0A 41');
  await details.getByRole('button', { name: 'Copy as text' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('\\0\\xFF\\r\\nA');

  // Escaped format goes through the same path.
  await send(page, 'hi\\r\\n', 'Escaped');
  await expect(logRow(page, 'out', '68 69 0D 0A')).toBeVisible();
  await expect(messageLog(page).getByTestId('log-count')).toContainText('entries');
  server.close();
});

test('send history walks with the arrow keys and Enter sends', async ({ page, app }) => {
  const server = await loopbackServer((s) => s.on('data', () => undefined));
  const port = server.port;
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port });
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill('first');
  await message.press('Enter');
  await expect(message).toHaveValue('');
  await message.fill('second');
  await message.press('Enter');
  await expect(message).toHaveValue('');
  await message.press('ArrowUp');
  await expect(message).toHaveValue('second');
  await message.press('ArrowUp');
  await expect(message).toHaveValue('first');
  await message.press('ArrowDown');
  await expect(message).toHaveValue('second');
  await message.press('Shift+Enter');
  await expect(message).toHaveValue('second\n');
  server.close();
});

test('half-close sends FIN and still receives what the server says afterwards', async ({ page, app }) => {
  // A server that answers only once the client has finished sending, like an HTTP/1.0 server.
  const server = await loopbackServer((s) => {
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('end', () => s.end(`you said: ${got}`));
  });
  const port = server.port;
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port });
  await send(page, 'question');
  await page.getByRole('button', { name: 'Half-close', exact: true }).click();
  await expect(logRow(page, 'event', 'We finished sending (half-close)')).toBeVisible();
  await expect(logRow(page, 'in', 'you said: question')).toBeVisible();
  await expect(logRow(page, 'event', 'closed the connection')).toBeVisible();
  server.close();
});

test('a line ending can be added to text for line-based servers', async ({ page, app }) => {
  const server = await loopbackServer(echo);
  const port = server.port;
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port });
  await page.getByRole('combobox', { name: 'Line ending' }).selectOption({ label: 'CR LF (\\r\\n)' });
  await page.getByRole('textbox', { name: 'Message' }).fill('hi');
  await expect(page.getByTestId('byte-count')).toHaveText('4 bytes');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(logRow(page, 'in', 'hi\\r\\n')).toBeVisible();
  // Hex stays byte-exact: no ending is added.
  await page.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'Hex' });
  await expect(page.getByRole('combobox', { name: 'Line ending' })).toBeDisabled();
  await page.getByRole('textbox', { name: 'Message' }).fill('41');
  await expect(page.getByTestId('byte-count')).toHaveText('1 byte');
  server.close();
});

test('a reloaded page finds its sessions and their logs again', async ({ page, app }) => {
  const server = await loopbackServer(echo);
  const port = server.port;
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port });
  await send(page, 'before reload');
  await expect(logRow(page, 'in', 'before reload')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText(`127.0.0.1:${port}`);
  await expect(logRow(page, 'in', 'before reload')).toBeVisible();
  await send(page, 'after reload');
  await expect(logRow(page, 'in', 'after reload')).toBeVisible();
  server.close();
});

for (const [locale, scheme] of [
  ['en-US', 'light'],
  ['ko-KR', 'dark'],
] as const)
  test(`Hex + ASCII shows each payload's bytes beside their ASCII, dots for the rest (${locale}, ${scheme})`, async ({ browser, app }) => {
    const server = await loopbackServer(echo);
    const context = await browser.newContext({ locale, colorScheme: scheme });
    const page = await context.newPage();
    const ko = locale === 'ko-KR';
    try {
      await page.goto(app.url);
      if (ko) await page.getByRole('combobox', { name: '언어' }).selectOption('en');
      await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
      await send(page, 'hi\\x01\\xff!', 'Escaped');
      if (ko) await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
      await page.getByRole('button', { name: ko ? '16진수 + ASCII' : 'Hex + ASCII' }).click();
      const row = page.getByRole('option', { name: /68 69 01 FF 21\s+hi\.\.!/ });
      await expect(row).toHaveCount(2); // out and in
      await expect(row.first()).toContainText('68 69 01 FF 21');
      await expect(row.first()).toContainText('hi..!');
      await page.screenshot({ path: `test-results/screenshots/log-hex-ascii-${ko ? 'ko' : 'en'}-${scheme}.png` });
    } finally {
      await context.close();
      server.close();
    }
  });
