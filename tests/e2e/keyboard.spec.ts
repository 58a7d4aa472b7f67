// The window by keyboard alone: New (Alt+N) lands on Protocol, Connect (Alt+C) on the message box,
// Enter sends, Ctrl+F finds, Esc closes the details, Alt+L clears, Alt+C again disconnects; ? lists
// the shortcuts in a dialog that Esc closes, giving focus back.
import { expect, test } from './web-app';
import { echo, logRow, loopbackServer, messageLog } from './window';
import path from 'node:path';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

test('a session from New to disconnect without the mouse', async ({ page, app }) => {
  const server = await loopbackServer(echo);
  try {
    await page.goto(app.url);
    // The page is drawn (and its kept settings read) before the first key goes.
    await expect(page.getByRole('button', { name: 'New', exact: true })).toBeVisible();
    await page.keyboard.press('Alt+N');
    const protocol = page.getByRole('combobox', { name: 'Protocol' });
    await expect(protocol).toBeFocused();
    await page.keyboard.press('Tab'); // Host: 127.0.0.1 already
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(server.port));
    await page.keyboard.press('Alt+C');
    const composer = page.getByRole('textbox', { name: 'Message' });
    // Connected: the message box has the focus, so typing and Enter send.
    await expect(composer).toBeFocused();
    await page.keyboard.type('ping');
    await page.keyboard.press('Enter');
    await expect(logRow(page, 'in', 'ping')).toBeVisible();

    await page.keyboard.press('Control+F');
    await expect(page.getByRole('searchbox', { name: 'Filter' })).toBeFocused();
    await page.keyboard.press('Alt+M');
    await expect(composer).toBeFocused();

    await logRow(page, 'in', 'ping').click();
    const details = page.getByRole('button', { name: 'Close details' });
    await expect(details).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(details).toBeHidden();

    await page.keyboard.press('Alt+L');
    await expect(logRow(page, 'in', 'ping')).toHaveCount(0);
    await expect(messageLog(page)).toBeVisible();

    await page.keyboard.press('Alt+C');
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible();
  } finally {
    server.close();
  }
});

for (const locale of ['en-US', 'ko-KR'] as const)
  for (const scheme of ['light', 'dark'] as const)
    test(`? lists the shortcuts in a dialog (${locale}, ${scheme})`, async ({ browser, app }) => {
      const context = await browser.newContext({ locale, colorScheme: scheme });
      const page = await context.newPage();
      const ko = locale === 'ko-KR';
      await page.goto(app.url);
      const port = page.getByRole('textbox', { name: ko ? '포트' : 'Port', exact: true });
      await port.focus();
      // Typed in a field, ? is a character, not a shortcut.
      await page.keyboard.type('?');
      await expect(port).toHaveValue('?');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await port.fill('');
      await page.getByRole('heading', { name: 'Socket Lab' }).click();
      await page.keyboard.press('Shift+Slash');
      const dialog = page.getByRole('dialog', { name: ko ? '단축키' : 'Keyboard shortcuts' });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('Alt+C');
      await expect(dialog).toContainText(ko ? '로그에서 찾기' : 'Find in the log');
      await expect(dialog.getByRole('button', { name: ko ? '닫기' : 'Close' })).toBeFocused();
      await page.screenshot({ path: path.join(shots, `shortcuts-${ko ? 'ko' : 'en'}-${scheme}.png`) });
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      // The header's button opens it too.
      await page.getByRole('button', { name: ko ? '단축키 (?)' : 'Shortcuts (?)' }).click();
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: ko ? '닫기' : 'Close' }).click();
      await expect(dialog).toHaveCount(0);
      await context.close();
    });
