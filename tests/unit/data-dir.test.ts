// Where captures go: the folder given (Electron's userData, --data-dir), else the one Electron would use on each system.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturesDir, dataDir, dataDirArgument } from '../../src/main/data-dir';

describe('the data folder', () => {
  it('is the one given, made absolute', () => {
    expect(dataDir('/srv/lab')).toBe(path.resolve('/srv/lab'));
    expect(dataDir('relative/dir')).toBe(path.resolve('relative/dir'));
  });

  it("is Electron's userData for socket-lab on each system when none is given", () => {
    expect(dataDir(undefined, { platform: 'linux', env: {}, home: '/home/kim' })).toBe('/home/kim/.config/socket-lab');
    expect(dataDir(undefined, { platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, home: '/home/kim' })).toBe('/cfg/socket-lab');
    expect(dataDir('', { platform: 'darwin', env: {}, home: '/Users/kim' })).toBe('/Users/kim/Library/Application Support/socket-lab');
    expect(dataDir(undefined, { platform: 'win32', env: { APPDATA: 'C:\\Users\\kim\\AppData\\Roaming' }, home: 'C:\\Users\\kim' })).toBe(
      'C:\\Users\\kim\\AppData\\Roaming\\socket-lab',
    );
    expect(dataDir(undefined, { platform: 'win32', env: {}, home: 'C:\\Users\\kim' })).toBe('C:\\Users\\kim\\AppData\\Roaming\\socket-lab');
  });

  it("finds --data-dir on the desktop app's command line, among Chromium's switches", () => {
    expect(dataDirArgument(['.', '--no-sandbox', '--data-dir', '/srv/lab'])).toBe('/srv/lab');
    expect(dataDirArgument(['--data-dir=/srv/lab', '--lang=ko'])).toBe('/srv/lab');
    expect(dataDirArgument(['.', '--lang=ko'])).toBeUndefined();
    expect(dataDirArgument(['--', '--data-dir', '/srv/lab'])).toBeUndefined();
    // Given with no folder: the default folder, as an empty --data-dir= gives.
    expect(dataDir(dataDirArgument(['--data-dir']), { platform: 'linux', env: {}, home: '/home/kim' })).toBe(
      '/home/kim/.config/socket-lab',
    );
  });

  it('keeps captures in its captures folder', () => {
    expect(capturesDir('/home/kim/.config/socket-lab')).toBe(path.join('/home/kim/.config/socket-lab', 'captures'));
  });
});
