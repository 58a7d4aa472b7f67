// Electron main: app lifecycle and one hardened window. Sockets live in the engine; IPC in ./ipc.
import { app, BrowserWindow, Menu, session } from 'electron';
import path from 'node:path';
import { appMenuTemplate } from './app-menu';
import { dataDir, dataDirArgument } from './data-dir';
import { Engine } from './engine/engine';
import { registerIpc } from './ipc/register';
import { flushAllSettings } from './settings/settings-store';
import { menuChannel } from '../shared/channels';

// One data folder for every host: the window, `socket-lab web` and the CLI read and write the same
// place (the packaged app's name, "Socket Lab", would otherwise give Electron a folder of its own),
// unless the app was started with --data-dir DIR, as `socket-lab web` can be.
const data = dataDir(dataDirArgument(process.argv.slice(1)));
app.setPath('userData', data);

const engine = new Engine({ dataDir: data });
let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: 'Socket Lab',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click on a link would ask for a new window; that is denied below, but better never asked.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadFile(path.join(__dirname, '../renderer/index.html'));
}

// No window may navigate away, open another window, or attach a webview.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

void app.whenReady().then(() => {
  // Socket Lab needs no camera, microphone, notifications or anything else.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  registerIpc(engine, () => mainWindow?.webContents ?? null, data);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate(app.getLocale(), process.platform, (action) => {
        const contents = mainWindow?.webContents;
        if (contents && !contents.isDestroyed()) contents.send(menuChannel, action);
      }),
    ),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  // A settings save still waiting for its pause is written before the app goes.
  void Promise.allSettled([engine.closeAll(), flushAllSettings()]).finally(() => app.quit());
});
