// The window at 1024x640 and at 1280x800, in both languages and themes: nothing runs off the page
// sideways, the payload column keeps a readable width with the details open, long peers and names are
// cut with the whole of them in a tooltip. The panes that bend (with Advanced options open): each
// separator dragged and moved with the arrow keys, each pane collapsed and expanded by its button, sizes
// kept through a reload, the payload column readable at the panes' extremes. Pictures of the restored
// sidebar in Korean and of the Export menu at 1024x640.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, freshDataDir, startWebApp, stopWebApp, test, type WebApp } from './web-app';
import { logRow, messageLog, openSession, send, serverWithTwoClients } from './window';

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

const pane = (page: Page, id: 'sidebar-pane' | 'form-pane' | 'details-pane' | 'log-list-pane') => page.locator(`#${id}`);
const separator = (page: Page, name: string) => page.getByRole('separator', { name });

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}
const widthOf = async (locator: Locator): Promise<number> => (await box(locator)).width;
const heightOf = async (locator: Locator): Promise<number> => (await box(locator)).height;

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
      const side0 = await widthOf(sidebar);
      await sideSep.focus();
      await page.keyboard.press('ArrowRight');
      const sideKeys = await widthOf(sidebar);
      expect(sideKeys).toBeGreaterThan(side0 + 10);
      await drag(page, sideSep, -40, 0);
      expect(near(await widthOf(sidebar), sideKeys - 40, 4), `${side0} ${sideKeys} ${await widthOf(sidebar)}`).toBe(true);
      await sideSep.focus();
      await page.keyboard.press('End'); // its widest
      expect(near(await widthOf(sidebar), 288, 2)).toBe(true);
      await expectReadablePayload(page);

      // ---- the details: widest (the list at its minimum), then keys and drag ----
      const details = pane(page, 'details-pane');
      const detailSep = separator(page, 'Resize details');
      await detailSep.focus();
      await page.keyboard.press('Home'); // the list as narrow as it goes
      await expectReadablePayload(page);
      const detailsWidest = await widthOf(details);
      await drag(page, detailSep, -200, 0); // no further: the list keeps its minimum
      expect(near(await widthOf(details), detailsWidest, 2)).toBe(true);
      await expectReadablePayload(page);
      await detailSep.focus();
      await page.keyboard.press('ArrowRight');
      expect(await widthOf(details)).toBeLessThan(detailsWidest - 10);
      await drag(page, detailSep, 30, 0);
      const detailsKept = await widthOf(details);
      expect(detailsKept).toBeGreaterThanOrEqual(208 - 1);
      await expectReadablePayload(page);

      // ---- the connection form against the log: keys and drag ----
      const form = pane(page, 'form-pane');
      const formSep = separator(page, 'Resize connection form');
      // Left to fit, the form leaves the log its least height (at 1024x640 the form is then near its own least):
      // dragged down, it takes what the user gives it.
      const fitted = await heightOf(form);
      await drag(page, formSep, 0, 80);
      expect(await heightOf(form)).toBeGreaterThan(fitted + 40);
      const form0 = await heightOf(form);
      await formSep.focus();
      await page.keyboard.press('ArrowUp');
      const formKeys = await heightOf(form);
      expect(formKeys).toBeLessThan(form0 - 10);
      await drag(page, formSep, 0, -30);
      expect(near(await heightOf(form), formKeys - 30, 4)).toBe(true);
      const formKept = await heightOf(form);

      // ---- sizes kept through a reload ----
      const sideKept = await widthOf(sidebar);
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
      expect(near(await widthOf(sidebar), sideKept, 2)).toBe(true);
      expect(near(await widthOf(details), detailsKept, 2)).toBe(true);
      // The form's height is a ceiling: Advanced options (closed after a reload) open into it, and scroll there.
      expect(await heightOf(form)).toBeLessThanOrEqual(formKept + 2);
      await page.getByText('Advanced options').click();
      await expect.poll(async () => near(await heightOf(form), formKept, 2)).toBe(true);
      await expectReadablePayload(page);

      // ---- each pane folds and unfolds with its button, back to its size ----
      await page.getByRole('button', { name: 'Collapse sessions' }).click();
      expect(near(await widthOf(sidebar), 40, 1)).toBe(true);
      await expect(page.getByRole('navigation', { name: 'Sessions' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Expand sessions' }).click();
      expect(near(await widthOf(sidebar), sideKept, 2)).toBe(true);

      await page.getByRole('button', { name: 'Collapse details' }).click();
      expect(near(await widthOf(details), 40, 1)).toBe(true);
      await expect(page.getByRole('complementary', { name: 'Entry details' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Expand details' }).click();
      expect(near(await widthOf(details), detailsKept, 2)).toBe(true);

      await page.getByRole('button', { name: 'Collapse connection form' }).click();
      expect(near(await heightOf(form), 36, 1)).toBe(true);
      await expect(page.getByRole('form', { name: 'Connection' })).toHaveCount(0);
      // All three folded: the picture a person sees with the most room for the log.
      await page.getByRole('button', { name: 'Collapse sessions' }).click();
      await page.getByRole('button', { name: 'Collapse details' }).click();
      await page.screenshot({ path: path.join(shots, `layout-folded-${w}-en-light.png`) });
      await page.getByRole('button', { name: 'Expand sessions' }).click();
      await page.getByRole('button', { name: 'Expand details' }).click();
      // Folded, the log has the room: and a folded pane is kept folded.
      await savedLayout(app, (l) => l.form?.collapsed === true);
      await page.reload();
      await expect(page.getByRole('button', { name: 'Expand connection form' })).toBeVisible();
      await page.getByRole('button', { name: 'Expand connection form' }).click();
      await expect(page.getByRole('combobox', { name: 'Protocol' })).toBeVisible();
      await page.getByText('Advanced options').click();
      await expect.poll(async () => near(await heightOf(form), formKept, 2)).toBe(true);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

for (const [w, h, rows] of [
  [1366, 657, 3],
  [1024, 640, 0],
] as const)
  test(`${w}x${h}: the form keeps its Disconnect button and leaves the log its rows; a TCP client with Advanced options open, then the lab beside`, async ({
    browser,
    app,
  }) => {
    const echo = net.createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: w, height: h } });
    const page = await context.newPage();
    try {
      await page.goto(app.url);
      await openSession(page, 'tcp-client', { host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port });
      await page.getByText('Advanced options').click();
      await expect(page.getByRole('textbox', { name: 'Local address' })).toBeAttached();
      for (const word of ['one', 'two', 'three']) await send(page, word);
      await expect(logRow(page, 'in', /three/)).toHaveCount(1);
      const list = page.getByRole('listbox', { name: 'Log entries' });
      const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true });
      // The form gives way down to its Disconnect button (the rest scrolls inside it); the log's title is on screen,
      // and where there is room, rows to read.
      await expect(disconnect).toBeInViewport({ ratio: 1 });
      await expect(messageLog(page).getByRole('heading', { name: 'Message log' })).toBeInViewport();
      if (rows > 0) await expect.poll(async () => h - (await list.boundingBox())!.y).toBeGreaterThanOrEqual(rows * 24);
      // The page itself never scrolls: where the work area needs more, it scrolls, and the rows come into view.
      const pageFits = () => page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight);
      expect(await pageFits()).toBe(true);
      await page.screenshot({ path: path.join(shots, `layout-small-log-${w}.png`) });
      await page.getByRole('button', { name: 'Lab', exact: true }).click();
      await expect(page.getByRole('region', { name: 'Sequence diagram' })).toBeVisible();
      await expect(disconnect).toBeInViewport({ ratio: 1 });
      await list.scrollIntoViewIfNeeded();
      await expect(logRow(page, 'in', /three/)).toBeInViewport();
      expect(await pageFits()).toBe(true);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
    } finally {
      await context.close();
      echo.close();
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

test('long names, addresses and peers are cut with the whole in a tooltip: sidebar, clients, status bar (1024x640, Korean)', async ({
  browser,
  app,
}) => {
  const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1024, height: 640 } });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await page.getByRole('combobox', { name: '언어' }).selectOption('en');
    const clients = await serverWithTwoClients(page);
    try {
      // A long name without a space, and a long host name on a closed copy.
      const nav = page.getByRole('navigation', { name: 'Sessions' });
      await nav.getByRole('button', { name: 'Rename' }).click();
      await nav.getByRole('textbox', { name: 'Session name' }).fill('EchoServerForTheWholeClassroomOnThisLoopbackInterfaceNumberOne');
      await nav.getByRole('textbox', { name: 'Session name' }).press('Enter');
      await nav.getByRole('button', { name: 'Duplicate' }).click();
      await page
        .getByRole('textbox', { name: 'Host', exact: true })
        .fill('a-very-long-host-name-for-the-lab-server.classroom.example.internal');
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
      const sidebar = page.getByRole('navigation', { name: '세션' });
      // Nothing in the sidebar runs past it; what is cut says the whole in its tooltip.
      const cut = await sidebar.evaluate((nav) => {
        const pane = nav.closest('[data-panel]') as HTMLElement;
        const clipped = [...nav.querySelectorAll<HTMLElement>('span')].filter(
          (el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
        );
        return {
          overflows: pane.scrollWidth > pane.clientWidth + 1,
          untitled: clipped.filter((el) => el.title !== el.textContent).map((el) => el.textContent),
          clipped: clipped.length,
        };
      });
      expect(cut.overflows).toBe(false);
      expect(cut.clipped).toBeGreaterThan(0);
      expect(cut.untitled).toEqual([]);

      // The clients list: each peer has its whole in a tooltip, and the table does not run sideways.
      await page.getByRole('navigation', { name: '세션' }).getByRole('button', { name: /^#1 / }).click();
      const peers = page.getByRole('region', { name: '접속한 클라이언트' }).locator('td span[title]');
      await expect(peers).toHaveCount(2);
      for (const peer of await peers.all()) await expect(peer).toHaveAttribute('title', (await peer.textContent()) ?? '');
      // The status bar keeps to one line; its rate gives way with a tooltip.
      const bar = page.getByRole('contentinfo', { name: '합계' });
      expect(await bar.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.clientHeight < 40)).toBe(true);
      await page.screenshot({ path: path.join(shots, 'layout-long-names-1024-ko.png') });
    } finally {
      for (const c of clients) c.destroy();
    }
  } finally {
    await context.close();
  }
});

test('pictures: several restored sessions in the Korean sidebar, and the Export menu open, at 1024x640', async ({ browser }) => {
  test.setTimeout(120_000);
  const dataDir = freshDataDir();
  let app = await startWebApp(['--data-dir', dataDir]);
  try {
    const setup = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 640 } });
    const page = await setup.newPage();
    await page.goto(app.url);
    const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
    await openSession(page, 'tcp-client', { port });
    await openSession(page, 'udp', { port: 0 });
    const nav = page.getByRole('navigation', { name: 'Sessions' });
    await nav.getByRole('button', { name: 'Rename' }).first().click();
    await nav.getByRole('textbox', { name: 'Session name' }).fill('Echo server for lesson 3');
    await nav.getByRole('textbox', { name: 'Session name' }).press('Enter');
    await nav.getByRole('button', { name: 'Duplicate' }).nth(1).click();
    await expect(nav.getByRole('button', { name: /^#4 / })).toBeVisible();
    await page.waitForTimeout(600); // the last save (they wait for a pause)
    await setup.close();
    await stopWebApp(app);

    app = await startWebApp(['--data-dir', dataDir]);
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ locale: 'ko-KR', colorScheme: scheme, viewport: { width: 1024, height: 640 } });
      const ko = await context.newPage();
      await ko.goto(app.url);
      const sidebar = ko.getByRole('navigation', { name: '세션' });
      await expect(sidebar.getByRole('button', { name: /^#\d+ / })).toHaveCount(4);
      await expect(sidebar.getByText('닫힘')).toHaveCount(4);
      await ko.screenshot({ path: path.join(shots, `layout-restored-sidebar-1024-ko-${scheme}.png`) });
      await context.close();
    }

    // The Export menu, open over a session with traffic, in both languages and themes.
    for (const locale of ['en-US', 'ko-KR'] as const)
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ locale, colorScheme: scheme, viewport: { width: 1024, height: 640 } });
        const p = await context.newPage();
        await p.goto(app.url);
        // The kept language is applied once the settings are read (the panes are then laid out): switched after that.
        await expect(p.getByRole('separator').first()).toBeVisible();
        if (locale === 'ko-KR') await p.getByRole('combobox', { name: '언어' }).selectOption('en');
        const clients = await serverWithTwoClients(p);
        if (locale === 'ko-KR') await p.getByRole('combobox', { name: 'Language' }).selectOption('ko');
        await p.getByRole('button', { name: locale === 'ko-KR' ? '내보내기' : 'Export', exact: true }).click();
        const menu = p.getByRole('group', { name: locale === 'ko-KR' ? '로그 내보내기' : 'Export the log' });
        await expect(menu).toBeVisible();
        // The menu is wholly on the page.
        const b = (await menu.boundingBox())!;
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(1024);
        expect(b.y + b.height).toBeLessThanOrEqual(640);
        // ...and not cut off by the pane it opens from: its top and bottom edges are its own.
        const edges = await menu.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return [r.top + 4, r.bottom - 4].every((y) => el.contains(document.elementFromPoint(r.left + r.width / 2, y)));
        });
        expect(edges).toBe(true);
        await p.screenshot({ path: path.join(shots, `layout-export-menu-1024-${locale === 'ko-KR' ? 'ko' : 'en'}-${scheme}.png`) });
        for (const c of clients) c.destroy();
        await context.close();
      }
  } finally {
    await stopWebApp(app);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('folded panes keep what they hold: a typed form survives a fold, New unfolds it at Protocol, Alt+N works with the sidebar folded', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  const port = page.getByRole('textbox', { name: 'Port', exact: true });
  await port.fill('9123');
  await page.getByRole('button', { name: 'Collapse connection form' }).click();
  await expect(port).toBeHidden();
  await page.getByRole('button', { name: 'Expand connection form' }).click();
  await expect(port).toHaveValue('9123');

  // Folded while a session is shown; New brings the form back, at its first question.
  await openSession(page, 'udp', { port: 0 });
  await page.getByRole('button', { name: 'Collapse connection form' }).click();
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toBeHidden();
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toBeFocused();

  // The sidebar folded: Alt+N still starts a new session.
  await page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: /^#1 / }).click();
  await page.getByRole('button', { name: 'Collapse sessions' }).click();
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toBeHidden();
  await page.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.press('Alt+N');
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toBeFocused();
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('tcp-client');
});
