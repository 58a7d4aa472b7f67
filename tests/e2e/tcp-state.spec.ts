// The lab's State tool against real sockets: a TCP client's badge and lit edge through connect, the peer's
// close and its own; a server's LISTEN socket and clients; the operating system's view (ss); Korean names.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect, test } from './web-app';
import { expectNoSeriousAxe, logRow, openSession, send, serverWithTwoClients } from './window';

const hasSs = process.platform === 'linux' && ['/usr/bin/ss', '/usr/sbin/ss', '/bin/ss', '/sbin/ss'].some((p) => existsSync(p));
const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

test.afterEach(async () => {
  await stopPeers();
});

// Each test runs axe or takes pictures in two themes: on a loaded 2-core machine that is well over half the
// default 30 s, so each gets a minute (a budget, as in accessibility.spec.ts, not a bound on what is checked).
test.describe.configure({ timeout: 60_000 });

/** Opens the lab at its State tool (the first tab), the tools given most of the lab's height. */
async function openState(page: Page, lab = 'Lab', tab = 'State', resize = 'Resize lab tools'): Promise<void> {
  await page.getByRole('button', { name: lab, exact: true }).click();
  await page.getByRole('tablist').getByRole('tab', { name: tab }).click();
  await page.getByRole('separator', { name: resize }).focus();
  await page.keyboard.press('Home');
}

const panel = (page: Page, name = 'State') => page.getByRole('tabpanel', { name });

/** Two pictures per theme: the badges and diagram (the tool scrolled to its top), then the OS view's table. */
async function pictures(page: Page, name: string, state: ReturnType<typeof panel>): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await state.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: shot(`${name}-${colorScheme}`) });
    const table = state.getByRole('table');
    if ((await table.count()) > 0) {
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot(`${name}-os-${colorScheme}`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
const equivalent = (page: Page) => page.getByTestId('tcp-state-equivalent');
const litEdges = (page: Page) => page.getByTestId('tcp-state-diagram').locator('[data-lit="true"]');

test("a TCP client's state: ESTABLISHED with its edge lit, and the OS view's rows", async ({ page, app }) => {
  const server = await startServer('tcp_ack_server');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
  await openState(page);
  const state = panel(page);
  const conn = state.getByRole('button', { name: `Connection c1 to 127.0.0.1:${server.port}` });
  await expect(conn).toContainText('ESTABLISHED');
  await expect(conn).toContainText('connected');
  await expect(conn).toHaveAttribute('aria-pressed', 'true');
  await expect(equivalent(page)).toHaveText("Current state: ESTABLISHED; last step: SYN_SENT -> ESTABLISHED on 'connect' (connected)");
  await expect(litEdges(page)).toHaveCount(1);
  await expect(litEdges(page)).toHaveAttribute('data-edge', 'SYN_SENT>ESTABLISHED');
  await expect(page.getByTestId('tcp-state-diagram').locator('[data-current="true"]')).toHaveAttribute('data-state', 'ESTABLISHED');
  await expect(state.getByRole('region', { name: 'State changes' })).toContainText('CLOSED -> SYN_SENT: connect() called');

  if (hasSs) {
    const os = state.getByRole('switch', { name: "Operating system's view (ss)" });
    await expect(os).toHaveAttribute('aria-checked', 'false');
    await os.click();
    await expect(os).toHaveAttribute('aria-checked', 'true');
    const table = state.getByRole('table', { name: "Operating system's view (ss)" });
    // The session's own socket (to the peer's port) and, on loopback, the peer's end of it.
    const own = table
      .getByRole('row')
      .filter({ hasText: `-> 127.0.0.1:${server.port}` })
      .filter({ hasText: 'ESTAB' });
    await expect(own).toHaveCount(1);
    await expect(own).not.toContainText('other end');
    await expect(table.getByRole('row').filter({ hasText: 'other end' }).filter({ hasText: 'ESTAB' })).toHaveCount(1);
    await pictures(page, 'tcp-state-client-en', state);
    await expectNoSeriousAxe(page, '#lab-pane');
  }
});

test("the peer closes first: FIN received (CLOSE_WAIT), then the client's close and CLOSED", async ({ page, app }) => {
  // The seed server answers once and closes (it waits 10 s at most for the message).
  const server = await startServer('tcp_hello_server');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
  await openState(page);
  const state = panel(page);
  const conn = state.getByRole('button', { name: `Connection c1 to 127.0.0.1:${server.port}` });
  await expect(conn).toContainText('ESTABLISHED');
  // FIN received (CLOSE_WAIT), then the app's own close at once (half-open is off): LAST_ACK, CLOSED.
  await send(page, 'Hello, Server!');
  await expect(logRow(page, 'in', 'Hello, Client!')).toBeVisible();
  await expect(conn).toContainText('CLOSED');
  const steps = state.getByRole('region', { name: 'State changes' });
  await expect(steps).toContainText('ESTABLISHED -> CLOSE_WAIT: FIN received');
  await expect(steps).toContainText('CLOSE_WAIT -> LAST_ACK: close() called');
  await expect(steps).toContainText("LAST_ACK -> CLOSED: the peer's ACK of our FIN");
  await expect(equivalent(page)).toHaveText("Current state: CLOSED; last step: LAST_ACK -> CLOSED on the peer's ACK of our FIN");
  await expect(litEdges(page)).toHaveAttribute('data-edge', 'LAST_ACK>CLOSED');
  // The peer closed first: no TIME_WAIT on this side.
  await expect(state.getByText(/TIME_WAIT for 60 s/)).toHaveCount(0);
});

test('the client that closes first: TIME_WAIT, likely, then confirmed by the OS view', async ({ page, app }) => {
  const server = await startServer('tcp_ack_server');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
  await openState(page);
  const state = panel(page);
  await expect(state.getByRole('button', { name: /^Connection c1/ })).toContainText('ESTABLISHED');
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect(state.getByRole('button', { name: /^Connection c1/ })).toContainText('TIME_WAIT');
  await expect(equivalent(page)).toHaveText('Current state: TIME_WAIT; last step: FIN_WAIT -> TIME_WAIT on FIN received');
  await expect(litEdges(page)).toHaveCount(2);
  await expect(state.getByText('Probably TIME_WAIT for 60 s on Linux', { exact: false })).toBeVisible();
  if (hasSs) {
    await state.getByRole('switch', { name: "Operating system's view (ss)" }).click();
    const table = state.getByRole('table', { name: "Operating system's view (ss)" });
    await expect(table.getByRole('row').filter({ hasText: 'TIME-WAIT' })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: 'TIME-WAIT' })).toContainText(`-> 127.0.0.1:${server.port}`);
    await expect(state.getByText(/The operating system confirms TIME-WAIT/)).toBeVisible();
    await expect(state.getByText(/this is the last answer/)).toBeVisible();
    await expect(state.getByRole('button', { name: 'Ask again' })).toBeVisible();
    await pictures(page, 'tcp-state-time-wait-en', state);
  }
});

test('a server shows its LISTEN socket and each client; a client leaving goes through CLOSE_WAIT', async ({ page, app }) => {
  await page.goto(app.url);
  const clients = await serverWithTwoClients(page);
  await openState(page);
  const state = panel(page);
  const listen = state.getByRole('button', { name: /^Listening socket 127\.0\.0\.1:\d+ LISTEN/ });
  await expect(listen).toContainText('LISTEN');
  const first = state.getByRole('button', { name: `Connection c1 to 127.0.0.1:${clients[0]!.localPort}` });
  const second = state.getByRole('button', { name: `Connection c2 to 127.0.0.1:${clients[1]!.localPort}` });
  await expect(first).toContainText('ESTABLISHED');
  await expect(second).toHaveAttribute('aria-pressed', 'true');
  await first.click();
  await expect(first).toHaveAttribute('aria-pressed', 'true');
  await expect(equivalent(page)).toHaveText(
    'Current state: ESTABLISHED; last step: LISTEN -> ESTABLISHED on accept() returned a connection',
  );
  await expect(litEdges(page)).toHaveCount(2);
  await pictures(page, 'tcp-state-server-en', state);
  await expectNoSeriousAxe(page, '#lab-pane');
  await listen.click();
  await expect(equivalent(page)).toHaveText('Current state: LISTEN; last step: CLOSED -> LISTEN on listen() called');
  clients[0]!.end();
  await first.click();
  await expect(first).toContainText('CLOSED');
  await expect(state.getByRole('region', { name: 'State changes' })).toContainText('ESTABLISHED -> CLOSE_WAIT: FIN received');
  await expect(second).toContainText('ESTABLISHED');
  for (const c of clients) c.destroy();
});

test('UDP says it has no states; the State tool in Korean keeps the RFC names', async ({ browser, app }) => {
  const server = await startServer('tcp_ack_server');
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await page.getByRole('button', { name: '새로 만들기', exact: true }).click();
    await page.getByRole('combobox', { name: '프로토콜' }).selectOption('tcp-client');
    await page.getByRole('textbox', { name: '호스트', exact: true }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: '포트', exact: true }).fill(String(server.port));
    await page.getByRole('button', { name: '연결', exact: true }).click();
    await openState(page, '실습', '상태', '실습 도구 크기 조절');
    const state = panel(page, '상태');
    const conn = state.getByRole('button', { name: `연결 c1 (127.0.0.1:${server.port})` });
    await expect(conn).toContainText('ESTABLISHED');
    await expect(conn).toContainText('연결됨');
    await expect(equivalent(page)).toHaveText("현재 상태: ESTABLISHED; 마지막 단계: SYN_SENT -> ESTABLISHED ('connect' 이벤트 (연결됨))");
    await expect(state.getByRole('region', { name: '상태 변화' })).toContainText('연결 요청(connect) 호출');
    if (hasSs) {
      await state.getByRole('switch', { name: '운영체제가 보는 상태 (ss)' }).click();
      await expect(
        state.getByRole('table', { name: '운영체제가 보는 상태 (ss)' }).getByRole('row').filter({ hasText: 'ESTAB' }),
      ).toHaveCount(2);
    }
    await pictures(page, 'tcp-state-client-ko', state);
  } finally {
    await context.close();
  }
});

test('a UDP session: no connection states, one line with its glossary link', async ({ page, app }) => {
  await page.goto(app.url);
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await openState(page);
  const state = panel(page);
  await expect(state).toContainText('UDP has no connection states');
  await expect(state.getByRole('switch')).toHaveCount(0);
  await state.getByRole('button', { name: 'What is a datagram?' }).click();
  await expect(page.getByRole('tab', { name: 'Glossary' })).toHaveAttribute('aria-selected', 'true');
});
