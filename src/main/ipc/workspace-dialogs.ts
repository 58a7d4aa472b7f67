// Electron's open and save dialogs for workspace files, over our window, filtered to *.socketlab.json.
// Thin on purpose: what is done with the chosen file lives in workspace/dialogs.ts, tested without Electron.
import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions, type WebContents } from 'electron';
import { workspaceDialogs, type WorkspaceDialogs } from '../workspace/dialogs';

const filters = [{ name: 'Socket Lab workspace', extensions: ['socketlab.json'] }];

export function electronWorkspaceDialogs(window: () => WebContents | null): WorkspaceDialogs {
  const owner = (): BrowserWindow | null => {
    const contents = window();
    return contents ? BrowserWindow.fromWebContents(contents) : null;
  };
  return workspaceDialogs({
    async pickOpen() {
      const options: OpenDialogOptions = { properties: ['openFile'], filters };
      const win = owner();
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    async pickSave(defaultName) {
      const options: SaveDialogOptions = { defaultPath: defaultName, filters, properties: ['showOverwriteConfirmation'] };
      const win = owner();
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return picked.canceled || !picked.filePath ? null : picked.filePath;
    },
  });
}
