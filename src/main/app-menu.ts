// The application menu of the Electron window: File (open and save a workspace file, quit), Edit, View.
// The File items ask the window to do what its header buttons do (the window holds the workspace), so
// the menu and the buttons cannot drift apart. Worded in Korean when the system speaks Korean.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../shared/channels';

const words = {
  en: { file: 'File', open: 'Open workspace…', save: 'Save workspace…', edit: 'Edit', view: 'View' },
  ko: { file: '파일', open: '작업 공간 열기…', save: '작업 공간 저장…', edit: '편집', view: '보기' },
} as const;

/** The menu's template: `ask` sends an action to the window; `locale` is Electron's app.getLocale(). */
export function appMenuTemplate(
  locale: string,
  platform: NodeJS.Platform,
  ask: (action: MenuAction) => void,
): MenuItemConstructorOptions[] {
  const w = locale.toLowerCase().startsWith('ko') ? words.ko : words.en;
  const file: MenuItemConstructorOptions = {
    label: w.file,
    submenu: [
      { id: 'open-workspace', label: w.open, accelerator: 'CmdOrCtrl+O', click: () => ask('openWorkspace') },
      { id: 'save-workspace', label: w.save, accelerator: 'CmdOrCtrl+S', click: () => ask('saveWorkspace') },
      { type: 'separator' },
      // macOS quits from the app menu; elsewhere File ends with Quit (Ctrl+Q).
      platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const rest: MenuItemConstructorOptions[] = [
    { label: w.edit, role: 'editMenu' },
    {
      label: w.view,
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ];
  return platform === 'darwin' ? [{ role: 'appMenu' }, file, ...rest] : [file, ...rest];
}
