// The real Electron app: launch the built main process, connect to a loopback server, send, see
// the reply. Machines without the Electron binary (it is downloaded by `npm install` where the
// network allows) skip this file with one line saying so.
import { _electron as electron, expect, test } from '@playwright/test';
import net from 'node:net';
import path from 'node:path';
import { electronBinary } from './electron-binary';

const root = path.resolve(__dirname, '../..');

const binary = electronBinary();

const skipReason =
  'Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD or no network): the Electron window test is skipped; the same window is tested in Chromium by tests/e2e.';
test('the Electron window connects to a loopback server and shows its reply', async () => {
  if (binary === null) {
    // One line in the run's output, so nobody mistakes the skip for a pass.
    console.log(`SKIPPED: ${skipReason}`);
    test.skip(true, skipReason);
    return;
  }
  const server = net.createServer((s) => s.on('data', (d) => s.write(Buffer.concat([Buffer.from('ACK : '), d]))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;

  const app = await electron.launch({ executablePath: binary!, args: [path.join(root, 'out/main/index.js'), '--no-sandbox'] });
  try {
    const page = await app.firstWindow();
    // The preload bridge exists and exposes named functions only.
    expect(await page.evaluate(() => typeof window.socketLab?.openSession)).toBe('function');
    expect(await page.evaluate(() => 'ipcRenderer' in (window as unknown as Record<string, unknown>))).toBe(false);

    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible();
    await page.getByRole('textbox', { name: 'Message' }).fill('hello from electron');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Message log' })).toContainText('ACK : hello from electron');
  } finally {
    await app.close();
    server.close();
  }
});
