// The window follows the same rules as the engine and the CLI: UDP binds this computer only by
// default, an empty TCP message is refused at the field while an empty datagram goes out, and
// errors (a port our own session holds, a reset) are worded in the reader's language.
import dgram from 'node:dgram';
import { expect, test } from './web-app';
import { loopbackServer, openSession } from './window';

test('a UDP socket binds 127.0.0.1 by default; the hint names the addresses that open it to the network', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('udp');
  await expect(page.getByRole('textbox', { name: 'Host', exact: true })).toHaveValue('127.0.0.1');
  await expect(page.getByRole('form', { name: 'Connection' })).toContainText(
    '127.0.0.1 is this computer only; 0.0.0.0 or :: opens it to the network',
  );
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill('0');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText(/127\.0\.0\.1:\d+/);
});

test('an empty TCP message is refused at the field; an empty UDP datagram is sent', async ({ page, app }) => {
  const server = await loopbackServer(() => undefined);
  const peer = dgram.createSocket('udp4');
  const received: number[] = [];
  peer.on('message', (msg) => received.push(msg.length));
  await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'Nothing to send: a TCP message needs at least one byte (only UDP can send an empty datagram).',
    );
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveAttribute('aria-invalid', 'true');

    await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
    await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: 'Destination port' }).fill(String(peer.address().port));
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByText('Sent 0 bytes to 1.')).toBeVisible();
    await expect.poll(() => received).toEqual([0]);
  } finally {
    peer.close();
    server.close();
  }
});

test('in Korean: a port our own session holds names it, and a reset shows in the sidebar', async ({ page, app }) => {
  const resetting = await loopbackServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
  try {
    await page.goto(app.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    const protocol = page.getByRole('combobox', { name: '프로토콜' });
    const host = page.getByRole('textbox', { name: '호스트', exact: true });
    const port = page.getByRole('textbox', { name: '포트', exact: true });

    await protocol.selectOption('tcp-server');
    await port.fill('0');
    await page.getByRole('button', { name: '대기 시작', exact: true }).click();
    await expect(page.getByRole('button', { name: '중지', exact: true })).toBeVisible();
    const taken = await port.inputValue();

    await page.getByRole('button', { name: '새로 만들기', exact: true }).click();
    await protocol.selectOption('tcp-server');
    await port.fill(taken);
    await page.getByRole('button', { name: '대기 시작', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(
      `127.0.0.1 의 포트(${taken})는 이미 Socket Lab 의 세션(s1, TCP 서버)이 쓰고 있습니다: 그 세션을 멈추거나 다른 포트를 고르세요 (0 은 빈 포트 자동 선택).`,
    );

    await protocol.selectOption('tcp-client');
    await host.fill('127.0.0.1');
    await port.fill(String(resetting.port));
    await page.getByRole('button', { name: '연결', exact: true }).click();
    await page.getByRole('textbox', { name: '메시지' }).fill('hello');
    await page.getByRole('button', { name: '보내기', exact: true }).click();
    const sidebar = page.getByRole('navigation', { name: '세션' });
    await expect(sidebar).toContainText(`상대(127.0.0.1:${resetting.port})가 연결을 리셋했습니다.`);
  } finally {
    resetting.close();
  }
});

test('the "sent" note under the composer follows a language switch', async ({ page, app }) => {
  const server = await loopbackServer(() => undefined);
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await page.getByRole('textbox', { name: 'Message' }).fill('hi');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByText('Sent 2 bytes to 1.')).toBeVisible();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await expect(page.getByText('2 바이트를 1 곳에 보냈습니다.')).toBeVisible();
  } finally {
    server.close();
  }
});
