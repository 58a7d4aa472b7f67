// Where the Electron binary is, if it is on disk (require('electron') would try to download it): the
// Electron tests run with it, and skip with one line saying why where there is none.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function electronBinary(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const dir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  const binary = override
    ? path.join(override, process.platform === 'win32' ? 'electron.exe' : 'electron')
    : existsSync(pathFile)
      ? path.join(dir, 'dist', readFileSync(pathFile, 'utf-8').trim())
      : null;
  return binary && existsSync(binary) ? binary : null;
}
