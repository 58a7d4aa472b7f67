// A session's text encoding in the window: Korean from a Python peer shown in CP949, the same bytes as
// \xHH in UTF-8, and Korean composed in EUC-KR reaching a Python server that decodes it with its own codec.
import path from 'node:path';
import { expect, test } from './web-app';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { logRow, openSession } from './window';

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

test.afterEach(async () => {
  await stopPeers();
});

test('a UDP socket in CP949 shows Korean from the Python client; in UTF-8 the same bytes show as \\xHH', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  const encoding = page.getByRole('combobox', { name: 'Encoding' });
  await expect(encoding).toHaveValue('utf-8');
  await encoding.selectOption({ label: 'CP949' });
  await expect(encoding).toHaveValue('cp949');

  // No reply is asked for: the client's short timeout only bounds its wait.
  await runClient('udp_encoded_client', ['--timeout', '0.3', '127.0.0.1', String(port), 'cp949', '안녕하세요 똠']);
  await expect(logRow(page, 'in', '안녕하세요 똠')).toBeVisible();
  await page.screenshot({ path: shot('encodings-cp949-light-en') });

  await encoding.selectOption({ label: 'UTF-8' });
  // BE C8 B3 E7 ...: C8 B3 happens to be UTF-8 for ȳ, the rest are bytes.
  await expect(logRow(page, 'in', '\\xBEȳ\\xE7')).toBeVisible();
  await expect(logRow(page, 'in', '안녕하세요')).toHaveCount(0);
});

test('composing Korean in EUC-KR sends the bytes the Python server decodes; a character EUC-KR lacks is refused at the message', async ({
  page,
  app,
}) => {
  const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, ['euc-kr']);
  await page.goto(app.url);
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await page.getByRole('combobox', { name: 'Encoding' }).selectOption({ label: 'EUC-KR' });
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(server.port));
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill('안녕하세요');
  // The count is the main side's: 10 bytes in EUC-KR, where UTF-8 would take 15.
  await expect(page.getByText('10 bytes', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(logRow(page, 'in', '[안녕하세요]')).toBeVisible();
  expect(server.stderr()).toContain('received : 안녕하세요');
  // The server decodes strictly: UTF-8 bytes would have been answered "BAD".
  await expect(logRow(page, 'out', '안녕하세요')).toBeVisible();

  // Said as it is typed, and again at Send (nothing goes out).
  await message.fill('안녕 똠');
  await expect(page.getByRole('alert')).toHaveText('The character "똠" at position 4 cannot be written in EUC-KR.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('The character "똠" at position 4 cannot be written in EUC-KR.');
});

test('Korean and dark: the Encoding select and a CP949 row', async ({ browser, app }) => {
  const context = await browser.newContext({ colorScheme: 'dark', locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: '새로 만들기', exact: true }).click();
  await page.getByRole('combobox', { name: '프로토콜' }).selectOption('udp');
  await page.getByRole('textbox', { name: '포트', exact: true }).fill('0');
  await page.getByRole('button', { name: '열기', exact: true }).click();
  const encoding = page.getByRole('combobox', { name: '인코딩' });
  await encoding.selectOption({ label: 'CP949' });
  const port = Number(await page.getByRole('textbox', { name: '포트', exact: true }).inputValue());
  await runClient('udp_encoded_client', ['--timeout', '0.3', '127.0.0.1', String(port), 'cp949', '안녕하세요 똠']);
  await expect(page.getByRole('option').filter({ hasText: '안녕하세요 똠' })).toBeVisible();
  await page.getByRole('textbox', { name: '메시지' }).fill('똠');
  await page.getByRole('combobox', { name: '인코딩' }).selectOption({ label: 'EUC-KR' });
  await page.getByRole('textbox', { name: '목적지 호스트' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: '목적지 포트' }).fill(String(port));
  await page.getByRole('button', { name: '보내기', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('1번째 문자("똠")는 이 인코딩(EUC-KR)으로 쓸 수 없습니다.');
  await page.screenshot({ path: shot('encodings-dark-ko') });
  await context.close();
});

test('an encoding chosen in one window is what a second window shows too', async ({ page, app, context }) => {
  await page.goto(app.url);
  const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await runClient('udp_encoded_client', ['--timeout', '0.3', '127.0.0.1', String(port), 'gbk', '你好']);
  const other = await context.newPage();
  await other.goto(app.url);
  await expect(logRow(other, 'in', '\\xC4\\xE3\\xBA\\xC3')).toBeVisible();
  await page.getByRole('combobox', { name: 'Encoding' }).selectOption({ label: 'GBK' });
  await expect(logRow(page, 'in', '你好')).toBeVisible();
  // The second window learns of it from the batch, and fetches its rows again.
  await expect(other.getByRole('combobox', { name: 'Encoding' })).toHaveValue('gbk');
  await expect(logRow(other, 'in', '你好')).toBeVisible();
});
