// Puts the contract on ipcMain: every command on its own channel, the sender frame checked
// before the payload is even parsed, and the router's Result returned (never a throw).
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { commandChannel, commandNames, updateChannel, type UpdateBatch } from '../../shared/contract';
import { UpdateBatcher } from '../engine/batcher';
import type { Engine } from '../engine/engine';
import { createRouter } from '../commands/router';
import { isTrustedFrameUrl } from './trusted-sender';
import { electronWorkspaceDialogs } from './workspace-dialogs';

/** The system's open-file dialog over our window (sendFile's Browse…): the path chosen, or null. */
async function pickFile(contents: WebContents | null): Promise<string | null> {
  const owner = contents ? BrowserWindow.fromWebContents(contents) : null;
  const options = { properties: ['openFile' as const] };
  const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

/** `dataDir`: the app's data folder (data-dir.ts), also its userData; captures go in its captures/ folder. */
export function registerIpc(engine: Engine, window: () => WebContents | null, dataDir: string): () => void {
  const router = createRouter(engine, { dataDir, pickFile: () => pickFile(window()), workspaceDialogs: electronWorkspaceDialogs(window) });
  for (const name of commandNames) {
    ipcMain.handle(commandChannel(name), (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const frameUrl = frame?.url ?? '';
      // Only the top frame of our window: no iframe (there should be none) may reach the sockets.
      const isMainFrame = frame !== null && frame !== undefined && frame.parent === null;
      if (event.sender !== window() || !isMainFrame || !isTrustedFrameUrl(frameUrl)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This frame may not use Socket Lab commands.' } };
      }
      return router.handle(name, payload);
    });
  }
  const batcher = new UpdateBatcher(
    engine,
    (batch: UpdateBatch) => {
      const contents = window();
      if (contents && !contents.isDestroyed()) contents.send(updateChannel, batch);
    },
    { jobs: router.jobs },
  );
  return () => {
    batcher.stop();
    for (const name of commandNames) ipcMain.removeHandler(commandChannel(name));
  };
}
