// The session's encoding where the composer did not use it yet: the Text/Hex switch converts the
// message through EUC-KR (the same bytes both ways), and Repeat sends EUC-KR a Python server decodes.
import { expect, test } from './web-app';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { logRow, openSession } from './window';

test.afterEach(async () => {
  await stopPeers();
});

test('in an EUC-KR session, Text to Hex shows the EUC-KR bytes and Hex to Text reads them back; Repeat sends EUC-KR', async ({
  page,
  app,
}) => {
  const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, ['euc-kr']);
  await page.goto(app.url);
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  const encoding = page.getByRole('combobox', { name: 'Encoding' });
  await encoding.selectOption({ label: 'EUC-KR' });
  // The select follows the session: EUC-KR shows once the main side has taken it (the switch below uses it).
  await expect(encoding.locator('option:checked')).toHaveText('EUC-KR');
  const message = page.getByRole('textbox', { name: 'Message' });
  const format = page.getByRole('combobox', { name: 'Format' });
  await message.fill('안녕');
  await format.selectOption({ label: 'Hex' });
  // 안 is BE C8 and 녕 is B3 E7 in EUC-KR (UTF-8 would be six bytes).
  await expect(message).toHaveValue('BE C8 B3 E7');
  await format.selectOption({ label: 'Text' });
  await expect(message).toHaveValue('안녕');
  // Bytes that are no EUC-KR text stay as typed.
  await format.selectOption({ label: 'Hex' });
  await message.fill('FF FF');
  await format.selectOption({ label: 'Text' });
  await expect(message).toHaveValue('FF FF');

  await message.fill('반복 {{counter}}');
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(server.port));
  await page.getByRole('textbox', { name: 'Every (ms)' }).fill('100');
  await page.getByRole('textbox', { name: 'Times' }).fill('2');
  await page.getByRole('button', { name: 'Repeat', exact: true }).click();
  await expect(logRow(page, 'in', '[반복 2]')).toBeVisible({ timeout: 10_000 });
  expect(server.stderr()).toContain('received : 반복 1');
});
