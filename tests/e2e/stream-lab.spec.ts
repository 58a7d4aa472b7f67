// The Stream vs datagram lab against real loopback sockets it opens itself: two writes come back joined by one
// recv(1024), a sliced write is cut again by recv(3), each recvfrom() returns one whole datagram, and the
// line framing finds the messages again.
import { expect, test } from './web-app';
import type { Page } from '@playwright/test';

async function openStreamLab(page: Page, ko = false): Promise<void> {
  await page.getByRole('button', { name: ko ? '실습' : 'Lab', exact: true }).click();
  await page
    .getByRole('tablist', { name: ko ? '실습 도구' : 'Lab tools' })
    .getByRole('tab', { name: ko ? '스트림 대 데이터그램' : 'Stream vs datagram' })
    .click();
}

test('TCP joins and splits writes, UDP keeps each datagram whole', async ({ page, app }) => {
  await page.goto(app.url);
  await openStreamLab(page);
  const panel = page.getByRole('tabpanel', { name: 'Stream vs datagram' });
  await panel.getByRole('button', { name: 'Remove message 3' }).click();
  await expect(panel.getByRole('textbox', { name: 'Message 1', exact: true })).toHaveValue('Hello');
  await expect(panel.getByRole('textbox', { name: 'Message 2', exact: true })).toHaveValue('World');

  // Two messages, two writes: they wait in the receiver's kernel as one run of bytes.
  await panel.getByRole('button', { name: 'Send over TCP and UDP' }).click();
  const buffer = panel.getByRole('group', { name: 'Receive buffer (bytes waiting in the kernel)' });
  await expect(buffer).toContainText('10 bytes waiting: “HelloWorld”');
  await expect(panel.getByRole('list', { name: 'Writes' })).toContainText('write 1: “Hello”');
  const sidebar = page.getByRole('navigation', { name: 'Sessions' });
  await expect(sidebar.getByText('Lab: TCP receiver')).toBeVisible();
  await expect(sidebar.getByText('Lab: UDP sender')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/stream-lab-sent-en-light.png' });

  // recv(1024) takes both writes at once: one entry.
  await panel.getByRole('button', { name: 'recv()', exact: true }).click();
  const recvs = panel.getByRole('list', { name: 'What recv returned' }).getByRole('listitem');
  await expect(recvs).toHaveCount(1);
  await expect(recvs.first()).toContainText('recv(1024) returned 10 bytes: “HelloWorld”');
  await expect(buffer).toContainText('Empty');

  // UDP: one datagram per recvfrom(), boundaries kept.
  const recvfrom = panel.getByRole('button', { name: 'recvfrom()', exact: true });
  const datagrams = panel.getByRole('list', { name: 'What recvfrom returned' }).getByRole('listitem');
  await recvfrom.click();
  await expect(datagrams.first()).toContainText(/recvfrom\(\) returned 5 bytes from 127\.0\.0\.1:\d+: “Hello”/);
  await recvfrom.click();
  await expect(datagrams).toHaveCount(2);
  await expect(datagrams.first()).toContainText('returned 5 bytes');
  await expect(datagrams.first()).toContainText('“World”');
  await recvfrom.click();
  await expect(datagrams.first()).toContainText('no datagram waiting');

  // The slicer: "Hello" cut after 2 bytes is two writes; recv(3) takes 3 bytes across them.
  await panel.getByRole('textbox', { name: 'Split message 1 at bytes' }).fill('2');
  await panel.getByRole('button', { name: 'Send over TCP and UDP' }).click();
  await expect(buffer).toContainText('10 bytes waiting: “HelloWorld”');
  await expect(panel.getByRole('list', { name: 'Writes' })).toContainText('write 4: “llo”');
  await panel.getByRole('textbox', { name: 'n', exact: true }).fill('3');
  await panel.getByRole('button', { name: 'recv()', exact: true }).click();
  await expect(recvs.first()).toContainText('recv(3) returned 3 bytes: “Hel”');
  await expect(buffer).toContainText('7 bytes waiting: “loWorld”');
  await recvfrom.click();
  await expect(datagrams.first()).toContainText('returned 2 bytes');
  await expect(datagrams.first()).toContainText('“He”');
  await panel.getByRole('textbox', { name: 'Split message 1 at bytes' }).fill('9');
  await expect(panel.getByText('Byte positions from 1 to 4')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Send over TCP and UDP' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/screenshots/stream-lab-en-light.png' });
  // The whole panel at once, to look at: a tall window.
  await page.setViewportSize({ width: 1280, height: 2400 });
  await panel.screenshot({ path: 'test-results/screenshots/stream-lab-panel-en-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot({ path: 'test-results/screenshots/stream-lab-panel-en-dark.png' });
});

test('line framing finds each message again, however recv cut the bytes (Korean)', async ({ browser, app }) => {
  const context = await browser.newContext({ locale: 'ko-KR', colorScheme: 'dark' });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await openStreamLab(page, true);
    const panel = page.getByRole('tabpanel', { name: '스트림 대 데이터그램' });
    await panel.getByRole('combobox', { name: '수신 측 프레이밍' }).selectOption('line');
    await panel.getByRole('button', { name: 'TCP와 UDP로 송신' }).click();
    // Each write gets its line end: 5 + 1, 5 + 1, 1 + 1 bytes.
    const buffer = panel.getByRole('group', { name: '수신 버퍼 (커널에서 기다리는 바이트)' });
    await expect(buffer).toContainText('14 바이트 대기 중');
    await panel.getByRole('textbox', { name: 'n', exact: true }).fill('8');
    await panel.getByRole('button', { name: '수신(recv)', exact: true }).click();
    const messages = panel.getByRole('list', { name: '프레이머가 찾은 메시지' }).getByRole('listitem');
    await expect(messages).toHaveText(['Hello']);
    await panel.getByRole('button', { name: '수신(recv)', exact: true }).click();
    await expect(messages).toHaveText(['Hello', 'World', '!']);
    // Length prefix: a new TCP pair (framing is set at open), each write behind its 2-byte length.
    await panel.getByRole('combobox', { name: '수신 측 프레이밍' }).selectOption('len:2');
    await expect(buffer).toContainText('비어 있음');
    await panel.getByRole('button', { name: 'TCP와 UDP로 송신' }).click();
    await expect(buffer).toContainText('17 바이트 대기 중');
    await panel.getByRole('button', { name: '수신(recv)', exact: true }).click();
    await expect(messages).toHaveText(['Hello']);
    await expect(page.getByRole('navigation', { name: '세션' }).getByText('실습: TCP 수신 측')).toHaveCount(1);
    await panel.getByRole('button', { name: '수신(recvfrom)', exact: true }).click();
    await expect(panel.getByRole('list', { name: '수신(recvfrom) 결과' }).getByRole('listitem').first()).toContainText('5 바이트');
    await page.screenshot({ path: 'test-results/screenshots/stream-lab-ko-dark.png' });
    await page.setViewportSize({ width: 1280, height: 2400 });
    await panel.screenshot({ path: 'test-results/screenshots/stream-lab-panel-ko-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await panel.screenshot({ path: 'test-results/screenshots/stream-lab-panel-ko-light.png' });
  } finally {
    await context.close();
  }
});
