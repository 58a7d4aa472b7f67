// The panes that bend, at 1024x640 and 1280x800 with Advanced options open: each separator dragged and
// moved with the arrow keys, each pane collapsed and expanded by its button, sizes kept through a reload,
// and the log's payload column readable (160 px at least, inside the list) at the panes' extremes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, type WebApp } from './web-app';
import { logRow, serverWithTwoClients } from './window';

const pane = (page: Page, id: 'sidebar-pane' | 'form-pane' | 'details-pane' | 'log-list-pane') => page.locator(`#${id}`);
const separator = (page: Page, name: string) => page.getByRole('separator', { name });

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}
const width = async (locator: Locator): Promise<number> => (await box(locator)).width;
const height = async (locator: Locator): Promise<number> => (await box(locator)).height;

/** Drags a separator by (dx, dy) with the mouse, in small steps as a hand does. */
async function drag(page: Page, handle: Locator, dx: number, dy: number): Promise<void> {
  const b = await box(handle);
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

/** The selected row's payload cell: at least 160 px wide and wholly inside the list (not cut by it). */
async function expectReadablePayload(page: Page): Promise<void> {
  const payload = page.locator('[role="option"][aria-selected="true"] span').last();
  await expect(payload).toBeVisible();
  const cell = await box(payload);
  const list = await box(page.getByRole('listbox', { name: 'Log entries' }));
  expect(cell.width).toBeGreaterThanOrEqual(160);
  expect(cell.x + cell.width).toBeLessThanOrEqual(list.x + list.width + 0.5);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/** The kept layout, once a save has reached settings.json. */
async function savedLayout(app: WebApp, check: (layout: Record<string, { size?: number; collapsed?: boolean }>) => boolean): Promise<void> {
  const file = path.join(app.dataDir, 'settings.json');
  const read = () =>
    (JSON.parse(readFileSync(file, 'utf8')) as { app: { layout?: Record<string, { size?: number; collapsed?: boolean }> } }).app.layout;
  await expect.poll(() => existsSync(file) && check(read() ?? {}), { timeout: 5000 }).toBe(true);
}

const near = (a: number, b: number, within = 3): boolean => Math.abs(a - b) <= within;

for (const [w, h] of [
  [1024, 640],
  [1280, 800],
] as const)
  test(`${w}x${h}, Advanced options open: every separator drags and moves with the keys, every pane folds, sizes come back after a reload`, async ({
    page,
    app,
  }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: w, height: h });
    await page.goto(app.url);
    const clients = await serverWithTwoClients(page); // opens Advanced options (its auto-reply)
    try {
      await expect(page.getByRole('combobox', { name: 'Auto-reply' })).toBeVisible();
      await logRow(page, 'in', /hello from client one/)
        .first()
        .click();
      await expect(pane(page, 'details-pane')).toBeVisible();
      await expectReadablePayload(page);

      // ---- the sessions sidebar: keys, drag, the extremes, fold ----
      const sidebar = pane(page, 'sidebar-pane');
      const sideSep = separator(page, 'Resize sessions');
      const side0 = await width(sidebar);
      await sideSep.focus();
      await page.keyboard.press('ArrowRight');
      const sideKeys = await width(sidebar);
      expect(sideKeys).toBeGreaterThan(side0 + 10);
      await drag(page, sideSep, -40, 0);
      expect(near(await width(sidebar), sideKeys - 40, 4), `${side0} ${sideKeys} ${await width(sidebar)}`).toBe(true);
      await sideSep.focus();
      await page.keyboard.press('End'); // its widest
      expect(near(await width(sidebar), 288, 2)).toBe(true);
      await expectReadablePayload(page);

      // ---- the details: widest (the list at its minimum), then keys and drag ----
      const details = pane(page, 'details-pane');
      const detailSep = separator(page, 'Resize details');
      await detailSep.focus();
      await page.keyboard.press('Home'); // the list as narrow as it goes
      await expectReadablePayload(page);
      const detailsWidest = await width(details);
      await drag(page, detailSep, -200, 0); // no further: the list keeps its minimum
      expect(near(await width(details), detailsWidest, 2)).toBe(true);
      await expectReadablePayload(page);
      await detailSep.focus();
      await page.keyboard.press('ArrowRight');
      expect(await width(details)).toBeLessThan(detailsWidest - 10);
      await drag(page, detailSep, 30, 0);
      const detailsKept = await width(details);
      expect(detailsKept).toBeGreaterThanOrEqual(208 - 1);
      await expectReadablePayload(page);

      // ---- the connection form against the log: keys and drag ----
      const form = pane(page, 'form-pane');
      const formSep = separator(page, 'Resize connection form');
      const form0 = await height(form);
      await formSep.focus();
      await page.keyboard.press('ArrowUp');
      const formKeys = await height(form);
      expect(formKeys).toBeLessThan(form0 - 10);
      await drag(page, formSep, 0, -30);
      expect(near(await height(form), formKeys - 30, 4)).toBe(true);
      const formKept = await height(form);

      // ---- sizes kept through a reload ----
      const sideKept = await width(sidebar);
      await savedLayout(
        app,
        (l) =>
          near(l.sidebar?.size ?? 0, sideKept, 2) && near(l.details?.size ?? 0, detailsKept, 2) && near(l.form?.size ?? 0, formKept, 2),
      );
      await page.reload();
      await logRow(page, 'in', /hello from client one/)
        .first()
        .click();
      await expect(details).toBeVisible();
      expect(near(await width(sidebar), sideKept, 2)).toBe(true);
      expect(near(await width(details), detailsKept, 2)).toBe(true);
      // The form's height is a ceiling: Advanced options (closed after a reload) open into it, and scroll there.
      expect(await height(form)).toBeLessThanOrEqual(formKept + 2);
      await page.getByText('Advanced options').click();
      await expect.poll(async () => near(await height(form), formKept, 2)).toBe(true);
      await expectReadablePayload(page);

      // ---- each pane folds and unfolds with its button, back to its size ----
      await page.getByRole('button', { name: 'Collapse sessions' }).click();
      expect(near(await width(sidebar), 40, 1)).toBe(true);
      await expect(page.getByRole('navigation', { name: 'Sessions' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Expand sessions' }).click();
      expect(near(await width(sidebar), sideKept, 2)).toBe(true);

      await page.getByRole('button', { name: 'Collapse details' }).click();
      expect(near(await width(details), 40, 1)).toBe(true);
      await expect(page.getByRole('complementary', { name: 'Entry details' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Expand details' }).click();
      expect(near(await width(details), detailsKept, 2)).toBe(true);

      await page.getByRole('button', { name: 'Collapse connection form' }).click();
      expect(near(await height(form), 36, 1)).toBe(true);
      await expect(page.getByRole('form', { name: 'Connection' })).toHaveCount(0);
      // Folded, the log has the room: and a folded pane is kept folded.
      await savedLayout(app, (l) => l.form?.collapsed === true);
      await page.reload();
      await expect(page.getByRole('button', { name: 'Expand connection form' })).toBeVisible();
      await page.getByRole('button', { name: 'Expand connection form' }).click();
      await expect(page.getByRole('combobox', { name: 'Protocol' })).toBeVisible();
      await page.getByText('Advanced options').click();
      await expect.poll(async () => near(await height(form), formKept, 2)).toBe(true);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

test('the separators and fold buttons are named in Korean', async ({ browser, app }) => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await expect(page.getByRole('separator', { name: '세션 목록 크기 조절' })).toBeVisible();
    await expect(page.getByRole('separator', { name: '연결 설정 크기 조절' })).toBeVisible();
    await expect(page.getByRole('button', { name: '세션 목록 접기' })).toBeVisible();
    await page.getByRole('button', { name: '연결 설정 접기' }).click();
    await expect(page.getByRole('button', { name: '연결 설정 펼치기' })).toBeVisible();
  } finally {
    await context.close();
  }
});
