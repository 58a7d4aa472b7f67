// The window at 1024x640 and at 1280x800, in both languages and themes: nothing runs off the page
// sideways, the payload column keeps a readable width with the details open, long peers are cut
// with the whole of them in a tooltip.
import path from 'node:path';
import { expect, test } from './web-app';
import { logRow, serverWithTwoClients } from './window';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

for (const [width, height] of [
  [1024, 640],
  [1280, 800],
] as const)
  for (const locale of ['en-US', 'ko-KR'] as const)
    for (const scheme of ['light', 'dark'] as const)
      test(`${width}x${height}, ${locale}, ${scheme}: the page fits and the payload stays readable`, async ({ browser, app }) => {
        const context = await browser.newContext({ locale, colorScheme: scheme, viewport: { width, height } });
        const page = await context.newPage();
        const ko = locale === 'ko-KR';
        await page.goto(app.url);
        if (ko) await page.getByRole('combobox', { name: '언어' }).selectOption('en');
        const clients = await serverWithTwoClients(page);
        try {
          await logRow(page, 'in', /hello from client one/)
            .first()
            .click();
          if (ko) await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
          const payload = page.locator('[role="option"][aria-selected="true"] span').last();
          await expect(payload).toBeVisible();
          // A payload column a person can read: about 20 characters at least, details open.
          expect((await payload.boundingBox())!.width).toBeGreaterThanOrEqual(160);
          // Nothing pushes the page sideways.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
          await page.screenshot({ path: path.join(shots, `layout-${width}-${ko ? 'ko' : 'en'}-${scheme}.png`) });
        } finally {
          for (const c of clients) c.destroy();
          await context.close();
        }
      });
