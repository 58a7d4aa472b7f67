// The installers' configuration (electron-builder.yml) and the files it ships, checked without building.
// electron-builder downloads Electron, so no installer is built here: the configuration is read and
// validated as electron-builder does it, and the `socket-lab` wrapper runs in a packaged layout.
import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, scratchDir, useLauncher } from './launcher';

useLauncher();

const require = createRequire(import.meta.url);
const { loadConfig } = require('app-builder-lib/out/util/config/load') as typeof import('app-builder-lib/out/util/config/load');

type Config = Record<string, unknown> & {
  appId: string;
  productName: string;
  icon: string;
  files: string[];
  linux: { target: string[]; executableName: string; category: string; extraFiles: { from: string; to: string }[] };
  deb: { afterInstall: string; afterRemove: string };
  win: { target: string[]; extraFiles: { from: string; to: string }[] };
  nsis: { oneClick: boolean; perMachine: boolean; include: string };
  mac: { target: { target: string; arch: string[] }[]; extraFiles: { from: string; to: string }[] };
};

/** The configuration as electron-builder finds it: package.json's `build` key, else electron-builder.yml. */
async function readConfig(projectDir: string): Promise<{ config: Config; file: string | null }> {
  const found = await loadConfig<Config>({ packageKey: 'build', configFilename: 'electron-builder', projectDir, packageMetadata: null });
  if (found === null) throw new Error(`no electron-builder configuration in ${projectDir}`);
  return { config: found.result, file: found.configFile };
}

/** electron-builder's own check: its scheme.json, compiled with the ajv options it uses (schemaValidator.js). */
function validator(): (config: unknown) => { ok: boolean; errors: string[] } {
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf-8')) as object;
  const validate = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);
  return (config) => {
    const ok = validate(structuredClone(config));
    return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`) };
  };
}

const ymlText = (): string => readFileSync(path.join(root, 'electron-builder.yml'), 'utf-8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf-8')) as Record<string, unknown> & {
  scripts: Record<string, string>;
};

/** A project folder holding only `yml` as electron-builder.yml (and a package.json without `build`). */
function projectWith(yml: string): string {
  const dir = scratchDir();
  writeFileSync(path.join(dir, 'electron-builder.yml'), yml);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'socket-lab', version: '0.1.0' }));
  return dir;
}

describe('the installers’ configuration', () => {
  it('is electron-builder.yml, not hidden by a `build` key in package.json', async () => {
    expect(pkg.build).toBeUndefined();
    expect((await readConfig(root)).file).toBe(path.join(root, 'electron-builder.yml'));
  });

  it('passes electron-builder’s JSON schema', async () => {
    const result = validator()((await readConfig(root)).config);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('is rejected by the same check when a copy has an unknown key or a wrong type', async () => {
    const check = validator();
    const unknownKey = ymlText().replace('  perMachine: true\n', '  perMachine: true\n  perMachin: true\n');
    const wrongType = ymlText().replace('  perMachine: true\n', '  perMachine: sometimes\n');
    const unknownTop = ymlText() + 'productname: Socket Lab\n';
    for (const [broken, where] of [
      [unknownKey, '/nsis'],
      [wrongType, '/nsis/perMachine'],
      [unknownTop, '/'],
    ] as const) {
      expect(broken).not.toBe(ymlText());
      const result = check((await readConfig(projectWith(broken))).config);
      expect(result.ok).toBe(false);
      expect(result.errors.some((e) => e.startsWith(`${where} `))).toBe(true);
    }
  });

  it('builds AppImage and deb, a per-machine NSIS installer and a dmg, for Socket Lab', async () => {
    const { config } = await readConfig(root);
    expect(config.productName).toBe('Socket Lab');
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Network;Development');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.nsis.perMachine).toBe(true);
    expect(config.nsis.oneClick).toBe(false);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    // Only the built app and the command's entry point go into app.asar.
    expect(config.files).toEqual(['out/**/*', 'bin/**/*', 'package.json']);
    expect(pkg).toMatchObject({ description: expect.any(String), license: 'MIT', author: expect.any(String) });
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder');
  });

  it('names only files that exist, and a 512x512 PNG icon', async () => {
    const { config } = await readConfig(root);
    const referenced: string[] = [config.icon, config.deb.afterInstall, config.deb.afterRemove, config.nsis.include];
    for (const platform of [config.linux, config.win, config.mac]) referenced.push(...platform.extraFiles.map((f) => f.from));
    for (const file of referenced) expect(existsSync(path.join(root, file)), file).toBe(true);
    expect(existsSync(path.join(root, 'build', 'icon.svg'))).toBe(true);

    const png = readFileSync(path.join(root, config.icon));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('has deb scripts that use only electron-builder’s macros, parse as bash, and create and remove /usr/bin/socket-lab', async () => {
    const { config } = await readConfig(root);
    const macros = {
      executable: config.linux.executableName,
      sanitizedProductName: config.productName,
      productFilename: config.productName,
    };
    const linkTarget = `/opt/${config.productName}/${config.linux.extraFiles[0]!.to}`;
    for (const script of [config.deb.afterInstall, config.deb.afterRemove]) {
      const text = readFileSync(path.join(root, script), 'utf-8');
      // electron-builder stops on a ${name} it does not know (FpmTarget.js writeConfigFile).
      const filled = text.replace(/\$\{([a-zA-Z]+)\}/g, (_, name: string) => {
        expect(Object.keys(macros)).toContain(name);
        return macros[name as keyof typeof macros];
      });
      const file = path.join(scratchDir(), path.basename(script));
      writeFileSync(file, filled);
      expect(spawnSync('bash', ['-n', file], { encoding: 'utf-8' }).stderr).toBe('');
      expect(filled).toContain(linkTarget);
    }
    expect(readFileSync(path.join(root, config.deb.afterInstall), 'utf-8')).toMatch(
      /ln -sf '\/opt\/\$\{sanitizedProductName\}\/bin\/socket-lab' '\/usr\/bin\/socket-lab'/,
    );
    expect(readFileSync(path.join(root, config.deb.afterRemove), 'utf-8')).toMatch(/rm -f '\/usr\/bin\/socket-lab'/);
  });

  it('has an NSIS include that puts the folder of socket-lab.cmd on the machine PATH and takes it off on uninstall', async () => {
    const { config } = await readConfig(root);
    const nsh = readFileSync(path.join(root, config.nsis.include), 'utf-8');
    expect(nsh).toMatch(/!macro customInstall\s+!insertmacro socketLabPath "add"/);
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*!insertmacro socketLabPath "remove"/);
    expect(nsh).toContain("LocalMachine.OpenSubKey('SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment'");
    const cmdDir = path.win32.dirname(config.win.extraFiles[0]!.to.replace(/\//g, '\\'));
    expect(nsh).toContain(`"$INSTDIR\\${cmdDir}"`);
    const cmd = readFileSync(path.join(root, config.win.extraFiles[0]!.from), 'utf-8');
    expect(cmd).toContain(`"%~dp0..\\${config.productName}.exe" "%~dp0..\\resources\\app.asar\\bin\\socket-lab.js" %*`);
    expect(cmd).toMatch(/^set ELECTRON_RUN_AS_NODE=1\r$/m);
  });

  // The wrapper as installed: <app>/bin/socket-lab next to the app's executable and resources/app.asar
  // (a folder here: Electron reads app.asar as one), reached through a link as /usr/bin/socket-lab is.
  // A stand-in plays Electron in Node mode: it runs Node, and refuses to without ELECTRON_RUN_AS_NODE.
  const layouts = [
    { name: 'deb or extracted AppImage', exe: 'socket-lab-app', resources: 'resources', contents: '' },
    { name: 'macOS .app', exe: 'MacOS/Socket Lab', resources: 'Resources', contents: 'Socket Lab.app/Contents' },
  ];
  for (const layout of layouts) {
    it(`runs the packaged CLI with the app’s own executable in Node mode (${layout.name})`, async () => {
      const { config } = await readConfig(root);
      expect(readFileSync(path.join(root, 'build', 'bin', 'socket-lab'), 'utf-8')).toContain(`exe="$app/${config.linux.executableName}"`);
      const app = path.join(scratchDir(), layout.contents);
      const asar = path.join(app, layout.resources, 'app.asar');
      mkdirSync(path.join(asar, 'bin'), { recursive: true });
      for (const file of readdirSync(path.join(root, 'bin'))) copyFileSync(path.join(root, 'bin', file), path.join(asar, 'bin', file)); // bin/**/* ships whole
      symlinkSync(path.join(root, 'out'), path.join(asar, 'out'));
      mkdirSync(path.dirname(path.join(app, layout.exe)), { recursive: true });
      writeFileSync(
        path.join(app, layout.exe),
        `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "not in Node mode" >&2; exit 99; }\nexec '${process.execPath}' "$@"\n`,
      );
      chmodSync(path.join(app, layout.exe), 0o755);
      mkdirSync(path.join(app, 'bin'));
      copyFileSync(path.join(root, config.linux.extraFiles[0]!.from), path.join(app, 'bin', 'socket-lab'));
      chmodSync(path.join(app, 'bin', 'socket-lab'), 0o755);
      const usrBin = scratchDir();
      symlinkSync(path.join(app, 'bin', 'socket-lab'), path.join(usrBin, 'socket-lab'));

      const server = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
      const received = new Promise<string>((resolve) => server.once('message', (msg) => resolve(msg.toString())));
      try {
        const { port } = server.address();
        const result = spawnSync(
          path.join(usrBin, 'socket-lab'),
          ['send', `udp://127.0.0.1:${port}`, '--text', 'hello from the wrapper', '--wait', '0'],
          {
            encoding: 'utf-8',
            timeout: 10_000,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
          },
        );
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(await received).toBe('hello from the wrapper');
      } finally {
        server.close();
      }
    });
  }

  it('packs an entry point whose built CLI exports main', () => {
    const cli = require(path.join(root, 'out', 'main', 'cli.js')) as { main?: unknown };
    expect(typeof cli.main).toBe('function');
    expect(readFileSync(path.join(root, 'bin', 'socket-lab.js'), 'utf-8')).toContain('.main(process.argv.slice(2))');
  });
});
