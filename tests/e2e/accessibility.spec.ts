// The window for people who use a keyboard, a screen reader or more contrast: axe on each main
// state in light and dark, and what axe cannot judge (focus rings, the log's active row, lang).
import AxeBuilder from '@axe-core/playwright';
import net from 'node:net';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './web-app';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { logRow, messageLog, openSession, send, serverWithTwoClients } from './window';

test.afterEach(async () => {
  await stopPeers();
});

// axe reads the whole page twice per state (light and dark): on a loaded 2-core machine a test takes
// well over half the default 30 s, so each gets a minute (a budget, not a bound on what is checked).
test.describe.configure({ timeout: 60_000 });

const schemes = ['light', 'dark'] as const;

/** Runs axe in both colour schemes and fails with every serious or critical finding spelled out. */
async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  const found: string[] = [];
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const v of violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      const nodes = v.nodes.map(
        (n) => `    at ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
      );
      found.push(`[${state}, ${colorScheme}] ${v.id} (${v.impact}): ${v.help}\n${nodes.join('\n')}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(found.length, `axe found serious or critical problems:\n\n${found.join('\n\n')}\n`).toBe(0);
}

/** The TCP server state the README shows: two clients, traffic both ways, one entry selected. */
async function serverWithTraffic(page: Page): Promise<net.Socket[]> {
  const clients = await serverWithTwoClients(page);
  await logRow(page, 'in', 'hello from client one').click();
  await page.getByText('Advanced options').click(); // fold it again: the log gets the room
  return clients;
}

interface Look {
  outline: string;
  shadow: string;
  background: string;
  color: string;
}

/** How an element looks where focus and pressed state show: outline, box-shadow ring, fill, text. */
const lookOf = (locator: Locator): Promise<Look> =>
  locator.evaluate((el) => {
    const s = getComputedStyle(el);
    const outline =
      s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
    return { outline, shadow: s.boxShadow, background: s.backgroundColor, color: s.color };
  });

const shot = (name: string): string => path.join('test-results', `a11y-${name}.png`);

test.describe('axe finds nothing serious', () => {
  test('a new session: the empty form', async ({ page, app }) => {
    await page.goto(app.url);
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible();
    await expectNoSeriousViolations(page, 'new session');
  });

  test('a form error at the port field', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill('70000');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoSeriousViolations(page, 'form error');
  });

  test('a TCP client connected, one entry selected, its details open', async ({ page, app }) => {
    const server = await startServer('tcp_ack_server');
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await send(page, 'hello');
    await logRow(page, 'in', 'ACK : hello').click();
    await expect(page.getByRole('complementary', { name: 'Entry details' })).toBeVisible();
    await expectNoSeriousViolations(page, 'TCP client');
  });

  test('a TCP server with two clients and traffic', async ({ page, app }) => {
    await page.goto(app.url);
    const clients = await serverWithTraffic(page);
    await expect(page.getByRole('region', { name: 'Connected clients' }).getByText('2 connected clients')).toBeVisible();
    await expectNoSeriousViolations(page, 'TCP server');
    for (const c of clients) c.destroy();
  });

  test('a UDP socket with traffic', async ({ page, app }) => {
    await page.goto(app.url);
    const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0, autoReply: { mode: 'upper' } });
    // The client prints the reply as soon as it comes: the timeout only bounds a loaded machine's delay.
    const run = await runClient('udp_client', ['--timeout', '5', '127.0.0.1', String(port), 'hi there']);
    expect(run.lines).toEqual(['REPLY HI THERE']);
    await expect(logRow(page, 'out', 'HI THERE')).toBeVisible();
    await expectNoSeriousViolations(page, 'UDP');
  });

  test('the Korean window: a form error, then a TCP server with traffic', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await page.getByRole('textbox', { name: '포트', exact: true }).fill('70000');
    await page.getByRole('button', { name: '연결', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoSeriousViolations(page, 'Korean form error');

    await page.getByRole('combobox', { name: '언어' }).selectOption('en');
    const clients = await serverWithTraffic(page);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await expect(page.getByRole('region', { name: '접속한 클라이언트' })).toBeVisible();
    await expectNoSeriousViolations(page, 'Korean TCP server');
    for (const c of clients) c.destroy();
  });
});

test.describe('what axe cannot see', () => {
  test('every element reached with Tab shows a focus ring', async ({ page, app }) => {
    await page.goto(app.url);
    const clients = await serverWithTraffic(page);
    await page.getByText('Advanced options').click(); // open: its fields are in the tab order too
    await expect(page.getByRole('complementary', { name: 'Entry details' })).toBeVisible();

    const reached: string[] = [];
    const missing: string[] = [];
    const clipped: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const seen = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const marks = ((window as unknown as { tabSeen?: WeakSet<Element> }).tabSeen ??= new WeakSet());
        const again = marks.has(el);
        marks.add(el);
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        // A box-shadow counts as a ring only with a spread of 2px or more (not the inputs' soft shadow).
        const shadow = [...s.boxShadow.matchAll(/(-?[\d.]+)px (-?[\d.]+)px (-?[\d.]+)px (-?[\d.]+)px/g)].some(
          (m) => parseFloat(m[4]!) >= 2,
        );
        // How far the ring reaches outside the element, and the first scroller that would cut it off.
        const reach = outline ? parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth) : 0;
        const r = el.getBoundingClientRect();
        let cutBy: string | null = null;
        for (let p = el.parentElement; p && reach > 0 && !cutBy; p = p.parentElement) {
          const ps = getComputedStyle(p);
          if (ps.overflowX === 'visible' && ps.overflowY === 'visible') continue;
          const c = p.getBoundingClientRect();
          const left = c.left + p.clientLeft;
          const top = c.top + p.clientTop;
          const inside =
            r.left - reach >= left - 0.5 &&
            r.top - reach >= top - 0.5 &&
            r.right + reach <= left + p.clientWidth + 0.5 &&
            r.bottom + reach <= top + p.clientHeight + 0.5;
          if (!inside) cutBy = `<${p.tagName.toLowerCase()} class="${p.className}">`;
        }
        const name = el.getAttribute('aria-label') ?? (el as HTMLElement).innerText?.slice(0, 30) ?? '';
        const role = el.getAttribute('role');
        return {
          what: `<${el.tagName.toLowerCase()}${role ? ` role=${role}` : ''}> "${name.trim()}"`,
          again,
          ring: outline || shadow,
          cutBy,
        };
      });
      if (seen === null) continue; // focus left the page for a moment: the next Tab comes back
      if (seen.again) break; // all the way round
      reached.push(seen.what);
      if (!seen.ring) missing.push(seen.what);
      if (seen.cutBy) clipped.push(`${seen.what}, cut by ${seen.cutBy}`);
    }
    expect(reached.length, `Tab reached only: ${reached.join(', ')}`).toBeGreaterThan(20);
    expect(missing, `no visible focus ring on:\n${missing.join('\n')}`).toEqual([]);
    expect(clipped, `a scroller hides part of the focus ring of:\n${clipped.join('\n')}`).toEqual([]);
    for (const c of clients) c.destroy();
  });

  test('a pressed toggle and a focused one do not look alike, in light and dark', async ({ page, app }) => {
    await page.goto(app.url);
    await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
    const textView = page.getByRole('button', { name: 'Text view' });
    const hexView = page.getByRole('button', { name: 'Hex view' });
    await expect(textView).toHaveAttribute('aria-pressed', 'true');
    await expect(hexView).toHaveAttribute('aria-pressed', 'false');
    // From Text view to Hex view with the keyboard: Hex view is focused but not pressed.
    await textView.focus();
    await page.keyboard.press('Tab');
    await expect(hexView).toBeFocused();
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      const pressed = await lookOf(textView);
      const focused = await lookOf(hexView);
      expect(pressed.outline, `pressed, unfocused (${colorScheme})`).toBe('none');
      expect(focused.outline, `focused, unpressed (${colorScheme})`).toMatch(/^solid 2px /);
      expect(focused.background, `a focused toggle is not filled like a pressed one (${colorScheme})`).not.toBe(pressed.background);
      expect(focused.color).not.toBe(pressed.color);
      // A focused, pressed toggle shows both: the fill and the ring.
      await textView.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      await expect(textView).toBeFocused();
      const both = await lookOf(textView);
      expect(both.background).toBe(pressed.background);
      expect(both.outline).toBe(focused.outline);
      await page.keyboard.press('Tab');
    }
  });

  test('the log list keeps its focus ring and announces the active row, which the arrow keys move', async ({ page, app }) => {
    await page.goto(app.url);
    const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
    // 150 datagrams, each echoed: 301 entries, far more than a screenful.
    const dgram = await import('node:dgram');
    const peer = dgram.createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    for (let i = 0; i < 150; i++) {
      const echoed = new Promise<void>((resolve) => peer.once('message', () => resolve()));
      peer.send(`msg-${String(i).padStart(5, '0')};`, port, '127.0.0.1');
      await echoed;
    }
    const log = messageLog(page);
    await expect(log.getByTestId('log-count')).toHaveText('301 entries');
    const list = log.getByRole('listbox', { name: 'Log entries' });
    const peerAt = `127\\.0\\.0\\.1:${peer.address().port}`;

    // Reach the list with the keyboard: it shows its ring.
    // The last control before it: the filter's peer box (Clear filter is disabled while there is no filter).
    await page.getByRole('textbox', { name: 'Peer' }).focus();
    await page.keyboard.press('Tab');
    await expect(list).toBeFocused();
    await expect.poll(async () => (await lookOf(list)).outline).toMatch(/^solid 2px /);
    await expect(list).not.toHaveAttribute('aria-activedescendant');

    /** The row aria-activedescendant points at: it exists, is selected, and has the expected name. */
    async function expectActive(name: RegExp, position: number): Promise<void> {
      // The list scrolls to a far row first and names it once it is drawn (a frame later): retried until then.
      let id: string | null = null;
      await expect(async () => {
        id = await list.getAttribute('aria-activedescendant');
        expect(id, 'the list names its active row').toBeTruthy();
        await expect(page.locator(`[id="${id}"]`)).toHaveAccessibleName(name, { timeout: 250 });
      }).toPass({ timeout: 5000 });
      const row = page.locator(`[id="${id}"]`);
      await expect(row).toHaveRole('option');
      await expect(row).toHaveAttribute('aria-selected', 'true');
      await expect(row).toHaveAttribute('aria-posinset', String(position));
      await expect(row).toHaveAttribute('aria-setsize', '301');
      // The active row carries the ring too, while the list has keyboard focus (drawn with the row: awaited too).
      await expect.poll(async () => (await lookOf(row)).outline).toMatch(/^solid 2px /);
    }

    await page.keyboard.press('End');
    await expectActive(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} out ${peerAt} 10 bytes: msg-00149;$`), 301);
    await page.keyboard.press('ArrowUp');
    await expectActive(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} in ${peerAt} 10 bytes: msg-00149;$`), 300);
    await page.keyboard.press('Home');
    await expectActive(/^\d\d:\d\d:\d\d\.\d{3} event: Listening on 127\.0\.0\.1:\d+$/, 1);
    await page.keyboard.press('ArrowDown');
    await expectActive(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} in ${peerAt} 10 bytes: msg-00000;$`), 2);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowDown');
    await expect(list.getByRole('option', { selected: true })).toHaveCount(1);
    // Still virtualized: the page holds a screenful of rows, not the 301 (read once the scroll has settled).
    await expect.poll(() => list.getByRole('option').count()).toBeLessThan(80);
    // The details pane follows the active row.
    await page.keyboard.press('Home');
    await expect(page.getByRole('complementary', { name: 'Entry details' })).toContainText('Listening on');
    peer.close();
  });

  test('the counters are not a live region; a session changing state is announced politely', async ({ page, app }) => {
    const server = await startServer('tcp_hello_server');
    await page.goto(app.url);
    const footer = page.getByRole('contentinfo', { name: 'Totals' });
    await expect(footer).toBeVisible();
    await expect(footer).not.toHaveAttribute('role', 'status');
    await expect(footer).not.toHaveAttribute('aria-live');
    const announcements = page.getByRole('status', { name: 'Announcements' });
    await expect(announcements).toBeAttached();

    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await expect(announcements).toHaveText(`TCP client 127.0.0.1:${server.port}: connected`);
    // The hello server answers once and closes: that change is spoken too, in the UI's language.
    await send(page, 'Hello, Server!');
    await expect(announcements).toHaveText(`TCP client 127.0.0.1:${server.port}: closed`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await page.getByRole('button', { name: '연결', exact: true }).click();
    await expect(page.getByRole('status', { name: '알림' })).toHaveText(`TCP 클라이언트 127.0.0.1:${server.port}: 연결됨`);
    // Only the announcement node is live: the totals beside it change without being read out.
    const live = await page
      .locator('[aria-live], [role=status], [role=alert], [role=log]')
      .evaluateAll((els) => els.map((el) => el.textContent));
    expect(live.join(' ')).not.toMatch(/수신:|In:/);
  });

  test('<html lang> follows the language menu', async ({ page, app }) => {
    await page.goto(app.url);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('lang', 'en');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await expect(html).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('combobox', { name: '프로토콜' })).toBeVisible();
    await page.getByRole('combobox', { name: '언어' }).selectOption('en');
    await expect(html).toHaveAttribute('lang', 'en');
  });

  test('a Korean system starts in Korean, with <html lang="ko">', async ({ browser, app }) => {
    const context = await browser.newContext({ locale: 'ko-KR' });
    const page = await context.newPage();
    await page.goto(app.url);
    await expect(page.getByRole('combobox', { name: '프로토콜' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    // Korean wraps between words, never inside one.
    expect(await page.evaluate(() => getComputedStyle(document.body).wordBreak)).toBe('keep-all');
    await context.close();
  });
});

test('pictures for a person: the main state in English and Korean, light and dark', async ({ page, app }) => {
  await page.goto(app.url);
  const clients = await serverWithTraffic(page);
  const names = {
    en: { textView: 'Text view', hexView: 'Hex view', log: 'Log entries' },
    ko: { textView: '텍스트로 보기', hexView: '16진수로 보기', log: '로그 항목' },
  };
  for (const language of ['en', 'ko'] as const) {
    if (language === 'ko') await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    // Keyboard focus on Hex view beside the pressed Text view: the picture shows both looks.
    await page.getByRole('button', { name: names[language].textView }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: names[language].hexView })).toBeFocused();
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: shot(`${language}-${colorScheme}`) });
    }
  }
  // And the log list with keyboard focus: its ring and the active row's.
  await page.getByRole('textbox', { name: '상대' }).focus();
  await page.keyboard.press('Tab');
  const list = page.getByRole('listbox', { name: names.ko.log });
  await expect(list).toBeFocused();
  await page.keyboard.press('ArrowUp');
  // The picture waits for the active row to be named and drawn selected (a frame after the key).
  await expect(async () => {
    const id = await list.getAttribute('aria-activedescendant');
    expect(id, 'the list names its active row').toBeTruthy();
    await expect(page.locator(`[id="${id}"]`)).toHaveAttribute('aria-selected', 'true', { timeout: 250 });
  }).toPass({ timeout: 5000 });
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: shot(`ko-${colorScheme}-log-focus`) });
  }
  for (const c of clients) c.destroy();
});
