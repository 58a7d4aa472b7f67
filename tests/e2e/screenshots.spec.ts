// Pictures of each main state, for a person to look at (test-results/screenshots), and the
// README's picture (docs/screenshot.png) when UPDATE_DOCS_SCREENSHOT=1.
import path from 'node:path';
import { expect, test } from './web-app';
import { logRow, serverWithTwoClients } from './window';

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

test('main states of the window', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible();
  await page.screenshot({ path: shot('01-new-session') });

  const clients = await serverWithTwoClients(page);
  // The picture waits for what it shows: both clients listed and the message to all in the log.
  await expect(page.getByRole('region', { name: 'Connected clients' }).getByText('2 connected clients')).toBeVisible();
  await expect(logRow(page, 'out', 'Welcome, everyone!').first()).toBeVisible();
  await page.screenshot({ path: shot('02-tcp-server') });

  await logRow(page, 'in', 'hello from client one').click();
  await expect(page.getByRole('complementary', { name: 'Entry details' })).toContainText('hello from client one');
  await page.getByText('Advanced options').click(); // fold it again: the log gets the room
  await expect(page.getByRole('combobox', { name: 'Auto-reply' })).toBeHidden();
  if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await page.screenshot({ path: path.join('docs', 'screenshot.png') });
  await page.getByRole('button', { name: 'Hex view' }).click();
  await expect(logRow(page, 'in', '68 65 6C 6C 6F')).toBeVisible();
  await page.screenshot({ path: shot('03-hex-view-and-detail') });

  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('tcp-client');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('70000');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.screenshot({ path: shot('04-bad-input') });
  for (const c of clients) c.destroy();
});

test('dark theme and Korean follow the system', async ({ browser, app }) => {
  const context = await browser.newContext({ colorScheme: 'dark', locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page.getByRole('combobox', { name: '프로토콜' })).toBeVisible();
  const background = await page
    .locator('body > div > div')
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgb(255, 255, 255)');
  // Mistakes are explained in Korean too, at the field.
  await page.getByRole('textbox', { name: '포트', exact: true }).fill('70000');
  await page.getByRole('button', { name: '연결', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('포트 값(70000)이 범위를 벗어났습니다: 1 부터 65535 사이의 정수를 쓰세요.');
  await page.screenshot({ path: shot('05-dark-korean') });
  await context.close();
});
