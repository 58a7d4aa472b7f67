// What a sidebar entry keeps of its form: a Duplicate of a running server copies the port as the user
// typed it (0, any free port), not the one it got; a client keeps its local address, local port and
// connect timeout through opening, closing, reopening and a reload.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type WebApp } from './web-app';
import { loopbackServer, echo, openSession } from './window';

const sidebar = (page: Page) => page.getByRole('navigation', { name: /Sessions|세션/ });
const entry = (page: Page, id: number) => sidebar(page).getByRole('button', { name: new RegExp(`^#${id} `) });
const port = (page: Page) => page.getByRole('textbox', { name: 'Port', exact: true });
const localAddress = (page: Page) => page.getByRole('textbox', { name: 'Local address' });
const localPort = (page: Page) => page.getByRole('textbox', { name: 'Local port' });
const timeout = (page: Page) => page.getByRole('textbox', { name: 'Connect timeout (ms)' });

interface SavedEntry {
  id: number;
  form: Record<string, unknown>;
  askedPort?: string;
}

/** The sessions as the window saved them, once a save has reached the file (saves wait for a pause). */
async function savedSessions(app: WebApp, check: (sessions: SavedEntry[]) => boolean): Promise<void> {
  const file = path.join(app.dataDir, 'settings.json');
  const read = (): SavedEntry[] => (JSON.parse(readFileSync(file, 'utf8')) as { sessions: SavedEntry[] }).sessions;
  await expect.poll(() => existsSync(file) && check(read()), { timeout: 5000 }).toBe(true);
}

async function expectAdvanced(page: Page, values: { address: string; port: string; timeout: string }): Promise<void> {
  await expect(localAddress(page)).toHaveValue(values.address);
  await expect(localPort(page)).toHaveValue(values.port);
  await expect(timeout(page)).toHaveValue(values.timeout);
}

test('Duplicate of a running server asks for the port as typed (0), and the original keeps the port it got', async ({ page, app }) => {
  await page.goto(app.url);
  const real = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  expect(real).toBeGreaterThan(0);

  await sidebar(page).getByRole('button', { name: 'Duplicate' }).click();
  await expect(entry(page, 2)).toContainText('closed');
  await expect(port(page)).toHaveValue('0');
  await expect(entry(page, 2)).toContainText('127.0.0.1:0');

  // The original still shows (and reopens on) the port it really got.
  await entry(page, 1).click();
  await expect(port(page)).toHaveValue(String(real));

  // Kept across a reload: a Duplicate made then still asks for any free port.
  await savedSessions(app, (s) => s.find((e) => e.id === 1)?.askedPort === '0');
  await page.reload();
  await entry(page, 1).click();
  await sidebar(page).getByRole('button', { name: 'Duplicate' }).first().click();
  await expect(entry(page, 3)).toContainText('closed');
  await expect(port(page)).toHaveValue('0');
});

test('a client keeps its local address, local port and connect timeout when it is opened, closed, reopened and reloaded', async ({
  page,
  app,
}) => {
  const server = await loopbackServer(echo);
  try {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await port(page).fill(String(server.port));
    await page.getByText('Advanced options').click();
    await localAddress(page).fill('127.0.0.1');
    await localPort(page).fill('0');
    await timeout(page).fill('3000');
    const typed = { address: '127.0.0.1', port: '0', timeout: '3000' };

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible();
    await expectAdvanced(page, typed);

    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible();
    await expectAdvanced(page, typed);

    // Away and back: the entry's kept form.
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await entry(page, 1).click();
    await page.getByText('Advanced options').click();
    await expectAdvanced(page, typed);

    // Reopened from the sidebar: still as typed, while it runs and in the file.
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible();
    await expectAdvanced(page, typed);
    await savedSessions(app, (s) => {
      const form = s.find((e) => e.id === 1)?.form;
      return form?.localAddress === '127.0.0.1' && form.localPort === '0' && form.connectTimeoutMs === '3000';
    });

    await page.reload();
    await entry(page, 1).click();
    await page.getByText('Advanced options').click();
    await expectAdvanced(page, typed);
  } finally {
    server.close();
  }
});
