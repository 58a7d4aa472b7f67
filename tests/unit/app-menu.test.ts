// The Electron window's application menu, as a template: File's items ask the window for the workspace
// actions its buttons carry out, with the usual shortcuts, worded in the system's language.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../src/main/app-menu';
import type { MenuAction } from '../../src/shared/channels';

const fileItems = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => {
  const file = template.find((m) => Array.isArray(m.submenu) && m.submenu.some((i) => i.id === 'open-workspace'));
  if (!file || !Array.isArray(file.submenu)) throw new Error('no File menu');
  return file.submenu as MenuItemConstructorOptions[];
};

describe('application menu', () => {
  it('File > Open workspace… and Save workspace… ask the window, with Ctrl+O and Ctrl+S', () => {
    const asked: MenuAction[] = [];
    const items = fileItems(appMenuTemplate('en-US', 'linux', (a) => asked.push(a)));
    const open = items.find((i) => i.id === 'open-workspace')!;
    const save = items.find((i) => i.id === 'save-workspace')!;
    expect([open.label, open.accelerator, save.label, save.accelerator]).toEqual([
      'Open workspace…',
      'CmdOrCtrl+O',
      'Save workspace…',
      'CmdOrCtrl+S',
    ]);
    (open.click as () => void)();
    (save.click as () => void)();
    expect(asked).toEqual(['openWorkspace', 'saveWorkspace']);
    expect(items.at(-1)?.role).toBe('quit');
  });

  it('speaks Korean on a Korean system, and puts the app menu first on macOS', () => {
    const ko = appMenuTemplate('ko-KR', 'linux', () => {});
    expect(ko[0]?.label).toBe('파일');
    expect(fileItems(ko).map((i) => i.label)).toContain('작업 공간 열기…');
    const mac = appMenuTemplate('en-GB', 'darwin', () => {});
    expect(mac[0]?.role).toBe('appMenu');
    expect(fileItems(mac).at(-1)?.role).toBe('close');
  });
});
