// Where Socket Lab keeps what it writes (captures today): the one decision for every host. The
// desktop app and `socket-lab web` take --data-dir, else the folder Electron itself would use.
import { osModule } from './builtins';
import { join, posix, resolve as resolvePath, win32 } from 'node:path';

/** The folder name under the system's per-user application data folder (Electron's userData for "socket-lab"). */
export const appFolderName = 'socket-lab';

export interface DataDirEnvironment {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/**
 * The data folder: `chosen` when given (Electron's userData, or --data-dir), else the one Electron
 * would pick for this app, so the window and `socket-lab web` find the same captures.
 */
export function dataDir(chosen?: string, where: DataDirEnvironment = {}): string {
  if (chosen !== undefined && chosen !== '') return resolvePath(chosen);
  const platform = where.platform ?? process.platform;
  const env = where.env ?? process.env;
  const home = where.home ?? osModule().homedir();
  // Each platform's own path module, so a Windows path is built with backslashes even when tested on Linux.
  if (platform === 'win32') return win32.join(env['APPDATA'] || win32.join(home, 'AppData', 'Roaming'), appFolderName);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', appFolderName);
  return posix.join(env['XDG_CONFIG_HOME'] || posix.join(home, '.config'), appFolderName);
}

/**
 * `--data-dir DIR` or `--data-dir=DIR` among a process's arguments (the desktop app's command line,
 * which also carries Chromium's switches: everything else is left alone), or undefined.
 */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
    if (arg === '--data-dir') return argv[i + 1];
  }
  return undefined;
}

/** Where record-to-file puts its files unless told otherwise. */
export const capturesDir = (data: string): string => join(data, 'captures');
