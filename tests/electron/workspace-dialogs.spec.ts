// Electron's workspace dialogs: Open workspace… and Save workspace… go through the system's dialogs in the
// main process (stubbed here with the file the person would pick), the page never naming a file. Machines
// without the Electron binary skip this file with one line saying so, as app.spec.ts does.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinary } from './electron-binary';

const root = path.resolve(__dirname, '../..');

const binary = electronBinary();
const skipReason =
  'Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD or no network): the workspace dialog test is skipped; browser mode is tested by tests/e2e/workspace-file.spec.ts.';

test('Open workspace… and Save workspace… use the system dialogs main-side', async () => {
  if (binary === null) {
    console.log(`SKIPPED: ${skipReason}`);
    test.skip(true, skipReason);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-electron-workspace-'));
  const opened = path.join(dir, 'lesson.socketlab.json');
  const savedTo = path.join(dir, 'saved.socketlab.json');
  writeFileSync(
    opened,
    JSON.stringify({
      format: 'socket-lab-workspace',
      version: 1,
      sessions: [{ name: 'Echo server', kind: 'tcp-server', host: '127.0.0.1', port: 0 }],
      collections: [{ name: 'Lab', messages: [{ name: 'hi', payload: { format: 'text', text: 'hi' } }] }],
    }),
  );
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.join(root, 'out/main/index.js'), '--no-sandbox', '--data-dir', path.join(dir, 'data')],
  });
  try {
    // The person's choice in each dialog, answered in the main process where the dialogs live.
    await app.evaluate(
      ({ dialog }, files) => {
        dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [files.opened] })) as typeof dialog.showOpenDialog;
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: files.savedTo })) as typeof dialog.showSaveDialog;
      },
      { opened, savedTo },
    );
    const page = await app.firstWindow();
    await page.getByRole('button', { name: 'Open workspace…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'lesson.socketlab.json' })).toContainText('1 session, 1 message');
    await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText('Echo server');
    await page.getByRole('button', { name: 'Save workspace…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved saved.socketlab.json' })).toBeVisible();
    expect(JSON.parse(readFileSync(savedTo, 'utf8'))).toMatchObject({
      sessions: [{ name: 'Echo server', kind: 'tcp-server' }],
      collections: [{ name: 'Lab' }],
    });

    // The File menu asks the window for the same actions: its Save workspace… writes the file again.
    rmSync(savedTo);
    await app.evaluate(({ Menu }) => {
      const item = Menu.getApplicationMenu()?.getMenuItemById('save-workspace');
      if (!item) throw new Error('no File > Save workspace… item');
      item.click();
    });
    await expect.poll(() => existsSync(savedTo)).toBe(true);
    expect(JSON.parse(readFileSync(savedTo, 'utf8'))).toMatchObject({ sessions: [{ name: 'Echo server' }] });
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
