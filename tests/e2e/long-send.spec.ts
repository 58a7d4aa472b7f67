// A big send is a job in the window: the composer shows its progress (bytes and percent) with a
// Cancel button, and how it ended: sent, cancelled, or an error under the message box.
import type net from 'node:net';
import { expect as fastExpect, test } from './web-app';
import { logRow, loopbackServer, openSession } from './window';

/** 8 MiB as escaped text: lines of 62 letters and an escaped CR LF (64 bytes each). Twice what the
 * kernel buffers for a peer that does not read (about 4 MiB on Linux), so the send must stall. */
const bigEscaped = ('A'.repeat(62) + '\\r\\n').repeat((8 * 1024 * 1024) / 64);
const total = '8,388,608';

// The page handles megabytes of text here (two tests at once on two cores): allow it the time.
const expect = fastExpect.configure({ timeout: 20_000 });

/** A server that accepts and never reads: a big send stalls once the kernel's buffers are full. */
async function nonReadingServer() {
  const sockets: net.Socket[] = [];
  const server = await loopbackServer((socket) => {
    socket.pause();
    socket.on('error', () => undefined);
    sockets.push(socket);
  });
  return { ...server, sockets };
}

async function startBigSend(page: import('@playwright/test').Page, payload: string) {
  await page.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'Escaped' });
  await page.getByRole('textbox', { name: 'Message' }).fill(payload);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

test('a big send to a server that does not read shows its progress and can be cancelled', async ({ page, app }) => {
  test.setTimeout(60_000);
  const server = await nonReadingServer();
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await startBigSend(page, bigEscaped);

    const progress = page.getByRole('progressbar', { name: 'Send progress' });
    await expect(progress).toBeVisible();
    const status = page.getByText(new RegExp(`^Sending… [\\d,]+ of ${total} bytes \\((\\d+)%\\)$`));
    await expect(status).toBeVisible();
    // It stalls short of the end: the peer's buffers are full and nobody reads them.
    await expect(status).not.toHaveText(/\(0%\)/);
    await expect(status).not.toHaveText(/\(100%\)/);
    await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByText(new RegExp(`^The send was cancelled: [\\d,]+ of ${total} bytes had gone out\\.$`)).first()).toBeVisible();
    await expect(progress).toHaveCount(0);
    // The log says it too, and the message stays in the box to send again.
    await expect(logRow(page, 'error', /The send was cancelled/)).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
    await expect.poll(async () => (await page.getByRole('textbox', { name: 'Message' }).inputValue()).length).toBe(bigEscaped.length);
  } finally {
    server.close();
    for (const s of server.sockets) s.destroy();
  }
});

test('a big send that completes says how much went, and one that fails says why under the message box', async ({ page, app }) => {
  test.setTimeout(60_000);
  let received = 0;
  const reader = await loopbackServer((socket) => void socket.on('data', (d) => (received += d.length)));
  const stalled = await nonReadingServer();
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: reader.port });
    const twoMiB = ('B'.repeat(62) + '\\r\\n').repeat((2 * 1024 * 1024) / 64);
    await startBigSend(page, twoMiB);
    await expect(page.getByText('Sent 2097152 bytes to 1.')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    await expect.poll(() => received).toBe(2 * 1024 * 1024);

    // The peer resets the connection while the send waits on it: the error lands under the message box.
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: stalled.port });
    await startBigSend(page, bigEscaped);
    await expect(page.getByRole('progressbar', { name: 'Send progress' })).toBeVisible();
    // The server side's accept may reach this process after the window says connected: reset it once it is here.
    await expect.poll(() => stalled.sockets.length).toBe(1);
    for (const s of stalled.sockets) s.resetAndDestroy();
    const message = page.getByRole('textbox', { name: 'Message' });
    await expect(message).toHaveAttribute('aria-invalid', 'true');
    // The write in flight reports the cause (the reset), not merely that the socket is closed.
    await expect(page.getByRole('alert')).toHaveText(/reset the connection/);
  } finally {
    reader.close();
    stalled.close();
  }
});
