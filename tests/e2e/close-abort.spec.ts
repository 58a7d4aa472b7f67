// The Close and abort lab against real loopback sockets: reset / end() on the selected connection as a
// Node peer sees them, and the three ready-made runs ending with the expected events and explanation.
import type net from 'node:net';
import { expect, test } from './web-app';
import { loopbackServer, openSession } from './window';
import type { Page } from '@playwright/test';

async function openCloseLab(page: Page, ko = false): Promise<void> {
  await page.getByRole('button', { name: ko ? '실습' : 'Lab', exact: true }).click();
  await page
    .getByRole('tablist', { name: ko ? '실습 도구' : 'Lab tools' })
    .getByRole('tab', { name: ko ? '종료와 중단' : 'Close and abort' })
    .click();
}

test('reset and end() on the selected connection: the peer sees an RST, then a FIN', async ({ page, app }) => {
  const seen: string[] = [];
  const server = await loopbackServer((socket: net.Socket) => {
    socket.on('end', () => seen.push('FIN'));
    socket.on('error', (e: NodeJS.ErrnoException) => seen.push(e.code ?? 'error'));
  });
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await openCloseLab(page);
    const panel = page.getByRole('tabpanel', { name: 'Close and abort' });
    await expect(panel.getByText('Allow half-open: off')).toBeVisible();
    await panel.screenshot({ path: 'test-results/screenshots/close-abort-selected-en-light.png' });
    await panel.getByRole('button', { name: 'reset — send RST' }).click();
    await expect(panel.getByRole('status')).toHaveText('reset — send RST done.');
    await expect.poll(() => seen).toEqual(['ECONNRESET']);
    await expect(page.getByRole('option', { name: /Closed by us with a reset \(RST\)/ })).toBeVisible();

    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await panel.getByRole('button', { name: 'end() — send FIN' }).click();
    await expect.poll(() => seen).toEqual(['ECONNRESET', 'FIN']);
  } finally {
    server.close();
  }
});

test('the three ready-made runs: half-close then reply, unread data -> RST, a freed port -> refused', async ({ page, app }) => {
  await page.goto(app.url);
  await openCloseLab(page);
  const panel = page.getByRole('tabpanel', { name: 'Close and abort' });
  await expect(panel.getByText('Select a TCP session to close its connection here')).toBeVisible();
  const sidebar = page.getByRole('navigation', { name: 'Sessions' });

  await panel.getByRole('button', { name: 'Run: Half-close, then reply' }).click();
  const halfClose = panel.getByRole('region', { name: 'What happened and why: Half-close, then reply' });
  await expect(halfClose).toContainText('the client read it: a FIN closes one direction only', { timeout: 10_000 });
  await expect(sidebar.getByText('Lab: half-close server')).toBeVisible();
  await expect(sidebar.getByText('Lab: half-close client')).toBeVisible();
  // The client is selected: its log shows the reply read after its own FIN.
  await expect(page.getByRole('option', { name: /answer after your FIN/ })).toBeVisible();

  await panel.getByRole('button', { name: 'Run: Close with unread data → RST' }).click();
  const unread = panel.getByRole('region', { name: 'What happened and why: Close with unread data → RST' });
  await expect(unread).toContainText('so the client got ECONNRESET', { timeout: 10_000 });
  await expect(page.getByRole('option', { name: /ECONNRESET/ })).toBeVisible();

  await panel.getByRole('button', { name: 'Run: Connect to a closed port → refused' }).click();
  const refused = panel.getByRole('region', { name: 'What happened and why: Connect to a closed port → refused' });
  await expect(refused).toContainText('connect() failed with ECONNREFUSED', { timeout: 10_000 });
  await expect(sidebar.getByText('Lab: port to free')).toBeVisible();
  // The refused connect has no session: the diagram draws the attempt, its RST inferred.
  const diagram = page.getByRole('region', { name: 'Sequence diagram' });
  await expect(diagram).toContainText('connect()');
  await expect(diagram).toContainText(/RST.*inferred, not captured/);

  // Without allow half-open the server's side ends with the client's FIN: the run says the reply never came.
  await panel.getByRole('checkbox', { name: /Allow half-open/ }).uncheck();
  await panel.getByRole('button', { name: 'Run: Half-close, then reply' }).click();
  await expect(halfClose).toContainText('The client did not read the reply', { timeout: 10_000 });
  await page.screenshot({ path: 'test-results/screenshots/close-abort-en-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screenshots/close-abort-en-dark.png' });
});

test('the lab in Korean: the runs and their explanation', async ({ browser, app }) => {
  const context = await browser.newContext({ locale: 'ko-KR', colorScheme: 'dark' });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await openCloseLab(page, true);
    const panel = page.getByRole('tabpanel', { name: '종료와 중단' });
    await panel.getByRole('button', { name: '실행: 반쪽 닫기 뒤 응답' }).click();
    await expect(panel.getByRole('region', { name: '무슨 일이 왜 일어났나: 반쪽 닫기 뒤 응답' })).toContainText(
      'FIN은 한 방향만 닫습니다',
      {
        timeout: 10_000,
      },
    );
    await panel.getByRole('button', { name: '실행: 닫힌 포트에 연결 요청 → 거부' }).click();
    await expect(panel.getByRole('region', { name: '무슨 일이 왜 일어났나: 닫힌 포트에 연결 요청 → 거부' })).toContainText('ECONNREFUSED', {
      timeout: 10_000,
    });
    // No session came of it: the diagram draws the refused attempt, in the course's words.
    await expect(page.getByRole('region', { name: '시퀀스 다이어그램' })).toContainText('연결 요청(connect)');
    await page.screenshot({ path: 'test-results/screenshots/close-abort-ko-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'test-results/screenshots/close-abort-ko-light.png' });
  } finally {
    await context.close();
  }
});
