// Errors under narrow fields (Port, Local port, Connect timeout, Multicast TTL, Every / Times of a repeat,
// a datagram size) with the longest problem texts, in English and Korean at 1024x640: each reads in three
// lines at most, and the whole sentence stays the field's description for a screen reader.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './web-app';

const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

/** Every error under a field on screen: at most three lines, and the whole text is its field's description. */
async function expectCompactErrors(page: Page, count: number): Promise<void> {
  const errors = page.locator('p[role="alert"][id$="-error"]');
  await expect(errors).toHaveCount(count);
  for (const error of await errors.all()) {
    const { lines, text, clamped } = await error.evaluate((el) => {
      const s = getComputedStyle(el);
      return {
        lines: Math.round(el.getBoundingClientRect().height / parseFloat(s.lineHeight)),
        text: el.textContent ?? '',
        clamped: el.scrollHeight > el.clientHeight + 1,
      };
    });
    expect(lines, text).toBeLessThanOrEqual(3);
    const id = await error.getAttribute('id');
    const field = page.locator(`[aria-describedby="${id}"]`);
    await expect(field).toHaveAccessibleDescription(text);
    // Cut short on screen: the whole sentence is in its tooltip.
    if (clamped) await expect(error).toHaveAttribute('title', text);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

for (const locale of ['en-US', 'ko-KR'] as const)
  for (const scheme of ['light', 'dark'] as const)
    test(`errors under narrow fields stay short, ${locale}, ${scheme}`, async ({ browser, app }) => {
      const context = await browser.newContext({ locale, colorScheme: scheme, viewport: { width: 1024, height: 640 } });
      const page = await context.newPage();
      const ko = locale === 'ko-KR';
      const tag = `${ko ? 'ko' : 'en'}-${scheme}`;
      try {
        await page.goto(app.url);
        // Filled through the English names; the checks are made (and worded) in the page's language.
        if (ko) await page.getByRole('combobox', { name: '언어' }).selectOption('en');
        const language = async (lng: 'en' | 'ko') => {
          if (ko) await page.getByRole('combobox', { name: lng === 'ko' ? 'Language' : '언어' }).selectOption(lng);
        };
        const press = (en: string, kor: string) => page.getByRole('button', { name: ko ? kor : en, exact: true }).click();

        // A client: port, local port and connect timeout all out of range.
        await page.getByRole('textbox', { name: 'Port', exact: true }).fill('70000');
        await page.getByText('Advanced options').click();
        await page.getByRole('textbox', { name: 'Local port' }).fill('99999');
        await page.getByRole('textbox', { name: 'Connect timeout (ms)' }).fill('5');
        await language('ko');
        await press('Connect', '연결');
        await expectCompactErrors(page, 3);
        await page.screenshot({ path: path.join(shots, `field-errors-client-1024-${tag}.png`) });
        await language('en');

        // A UDP socket: port 0 is fine, a TTL of 999 is not (the longest of these texts).
        await page.getByRole('combobox', { name: 'Protocol' }).selectOption('udp');
        await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
        await page.getByRole('textbox', { name: 'Multicast TTL' }).fill('999');
        await language('ko');
        await press('Open', '열기');
        await expectCompactErrors(page, 1);
        await page.screenshot({ path: path.join(shots, `field-errors-udp-ttl-1024-${tag}.png`) });
        await language('en');

        // Opened: a repeat every 1 ms, 0 times, and a datagram size of 0 for a file.
        await page.getByRole('textbox', { name: 'Multicast TTL' }).fill('1');
        await page.getByRole('button', { name: 'Open', exact: true }).click();
        await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeVisible();
        await page.getByRole('button', { name: 'Collapse connection form' }).click();
        await page.getByRole('textbox', { name: 'Message' }).fill('tick');
        await page.getByRole('textbox', { name: 'Every (ms)' }).fill('1');
        await page.getByRole('textbox', { name: 'Times' }).fill('0');
        await page.getByRole('button', { name: 'File…' }).click();
        await page.getByRole('textbox', { name: 'File to send' }).fill('/etc/hostname');
        await page.getByRole('textbox', { name: 'Datagram size (bytes)' }).fill('0');
        await language('ko');
        await press('Repeat', '반복');
        await press('Send file', '파일 보내기');
        // Times (0) said under the whole Send / Repeat line; the datagram size under its own field.
        await expectCompactErrors(page, 2);
        await page.screenshot({ path: path.join(shots, `field-errors-composer-1024-${tag}.png`) });
      } finally {
        await context.close();
      }
    });
