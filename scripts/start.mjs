// `npm start` / `npm run dev`: gets Electron's binary if missing and runs electron-vite, or serves the window to a browser.
//
// Why a launcher: since Electron 42 `npm install` no longer downloads the binary, and electron-vite
// reads node_modules/electron/path.txt itself and stops with "Electron uninstall" when it is absent.
//
// Settings (environment):
//   ELECTRON_OVERRIDE_DIST_PATH  use the Electron build in this folder (Electron's own setting)
//   ELECTRON_EXEC_PATH           use this Electron executable (electron-vite's own setting)
//   ELECTRON_SKIP_BINARY_DOWNLOAD never download the binary; use it if present, else the browser
//   ELECTRON_MIRROR, electron_config_cache, ...  read by Electron's installer (@electron/get)
//   SOCKET_LAB_ELECTRON_TIMEOUT  seconds to wait for the download before giving up (default 120)
//   SOCKET_LAB_SKIP_BUILD        use out/ as it is instead of rebuilding what changed
//   SOCKET_LAB_NO_BROWSER        browser mode: print the URL but do not open a browser
//   CI                           as SOCKET_LAB_NO_BROWSER
// A flag counts as set unless it is empty, "0" or "false".
//
// This file is plain Node ESM with no dependencies, so it can run before anything is built, and it
// checks the Node version before anything else (keep its syntax readable by older Node versions).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The oldest Node this project runs on (package.json engines; ESLint 10 and Electron's installer). */
export const minimumNode = { major: 22, minor: 13 };
export const defaultFetchTimeoutSeconds = 120;

export function nodeIsTooOld(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < minimumNode.major || (major === minimumNode.major && minor < minimumNode.minor);
}

export function flag(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Where the executable sits inside an Electron dist folder (the same table as Electron's install.js). */
export function platformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

const isFile = (file) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * Finds the Electron executable without downloading anything.
 * Returns { binary } when it is on disk, else { binary: null, why, canFetch }: `why` finishes the
 * sentence "Electron is not available (...)", `canFetch` says whether Electron's installer may help.
 */
export function findElectron({ env = process.env, electronDir = electronPackageDir(), platform = process.platform } = {}) {
  // electron-vite's own setting wins: it would use it anyway.
  if (env.ELECTRON_EXEC_PATH) {
    return isFile(env.ELECTRON_EXEC_PATH)
      ? { binary: env.ELECTRON_EXEC_PATH }
      : { binary: null, canFetch: false, why: `ELECTRON_EXEC_PATH is ${env.ELECTRON_EXEC_PATH}, which does not exist` };
  }
  // Electron's own index.js joins the override folder with the platform's executable path.
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, platformPath(platform));
    return isFile(binary)
      ? { binary }
      : {
          binary: null,
          canFetch: false,
          why: `ELECTRON_OVERRIDE_DIST_PATH has no ${platformPath(platform)} in ${env.ELECTRON_OVERRIDE_DIST_PATH}`,
        };
  }
  // The same test as isInstalled() in Electron's install.js: right version, path.txt, executable.
  if (electronDir === null) return { binary: null, canFetch: false, why: 'the electron package is not installed: run npm install' };
  try {
    const { version } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf-8'));
    const installed = readFileSync(path.join(electronDir, 'dist', 'version'), 'utf-8')
      .trim()
      .replace(/^v/, '');
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf-8');
    const binary = path.join(electronDir, 'dist', relative);
    if (installed === version && relative === platformPath(platform) && isFile(binary)) return { binary };
  } catch {
    // Some piece is missing: not installed.
  }
  return { binary: null, canFetch: true, why: 'its binary is not downloaded yet' };
}

function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return null;
  }
}

const noDisplay = 'there is no display: DISPLAY and WAYLAND_DISPLAY are unset';

/** Electron needs a display on Linux and the BSDs; a box without one gets the browser (over SSH). */
export function hasDisplay(env = process.env, platform = process.platform) {
  if (platform === 'win32' || platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The host the installer downloads from, for the one-line reason (@electron/get's mirror rules, simplified). */
function downloadHost(env) {
  const mirror = env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR || 'https://github.com/';
  try {
    return new URL(mirror).host || mirror;
  } catch {
    return mirror;
  }
}

/**
 * Runs Electron's installer (node_modules/electron/install.js: @electron/get, honouring ELECTRON_MIRROR,
 * the cache and proxy settings) and gives up after `timeoutMs`: a download that hangs must not hang
 * `npm start`. Resolves to null on success, else to the reason it failed.
 */
export function fetchElectron({ env = process.env, electronDir = electronPackageDir(), timeoutMs, onSlow }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let settled = false;
    child.stderr.on('data', (d) => (stderr += d.toString()));
    // Quick answers (installed, or no network) say nothing; a real download says what it is doing.
    const slow = setTimeout(() => onSlow?.(), 2000);
    const timer = setTimeout(() => {
      finish(
        `the download from ${downloadHost(env)} did not finish within ${Math.round(timeoutMs / 1000)} s; set SOCKET_LAB_ELECTRON_TIMEOUT to wait longer`,
      );
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, timeoutMs);
    // Stopped while downloading: stop the download too, then end as the signal would have ended us.
    const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const onSignal = (signal) => {
      child.kill('SIGKILL');
      for (const s of signals) process.off(s, onSignal);
      process.kill(process.pid, signal);
    };
    for (const s of signals) process.on(s, onSignal);
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(slow);
      clearTimeout(timer);
      for (const s of signals) process.off(s, onSignal);
      resolve(result);
    };
    child.once('error', (err) => finish(`its installer could not run (${err.message})`));
    child.once('close', (code) => {
      if (code === 0) return finish(null);
      // install.js prints the error's stack: its first line is the reason ("TypeError: fetch failed").
      const first = stderr.split('\n').find((line) => line.trim() !== '') ?? `exit status ${code}`;
      const reason = first.replace(/^\s*(\w*Error|Error):\s*/, '').trim();
      finish(`its binary could not be downloaded from ${downloadHost(env)} (${reason})`);
    });
  });
}

/** True when out/ is missing a piece or older than a source file (the bundler's inputs). */
export function needsBuild(projectRoot = root) {
  const outputs = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.js', 'out/renderer/index.html'].map((f) =>
    path.join(projectRoot, f),
  );
  let oldestOutput = Infinity;
  for (const file of outputs) {
    if (!isFile(file)) return true;
    oldestOutput = Math.min(oldestOutput, statSync(file).mtimeMs);
  }
  const inputs = ['electron.vite.config.ts', 'package.json', 'package-lock.json'].map((f) => path.join(projectRoot, f));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else inputs.push(full);
    }
  };
  if (existsSync(path.join(projectRoot, 'src'))) walk(path.join(projectRoot, 'src'));
  return inputs.some((file) => isFile(file) && statSync(file).mtimeMs > oldestOutput);
}

/** Opens the URL in the default browser where a person is sitting; never on CI. Returns what it did. */
export function openBrowser(
  url,
  { env = process.env, platform = process.platform, say = (line) => process.stdout.write(line + '\n') } = {},
) {
  if (flag(env.CI) || flag(env.SOCKET_LAB_NO_BROWSER)) return 'not-opened';
  let command;
  let args;
  let options = {};
  if (platform === 'darwin') [command, args] = ['open', [url]];
  else if (platform === 'win32') {
    // `start` is a cmd built-in; its first quoted argument is a window title, hence the "". Quoted
    // as Node quotes a shell command for cmd (/s strips the outer pair).
    [command, args, options] = ['cmd.exe', ['/d', '/s', '/c', `"start "" "${url}""`], { windowsVerbatimArguments: true }];
  } else if (hasDisplay(env, platform)) [command, args] = ['xdg-open', [url]];
  else return 'not-opened';
  const opener = spawn(command, args, { env, stdio: 'ignore', detached: true, ...options });
  opener.once('error', (err) => say(`(could not open a browser: ${command}: ${err.code ?? err.message}; open the URL above yourself)`));
  opener.unref();
  return 'opened';
}

const electronVite = () => path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

/**
 * Runs a child to its end and resolves to its exit code. A signal to this process goes to the child
 * once, as `stopSignal` when given; `onSpawn` sees the child as it starts.
 */
function runChild(command, args, options, { stopSignal, onSpawn } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, options);
    let forwarded = false;
    let sent = null;
    const forward = (signal) => {
      if (forwarded || child.exitCode !== null || child.signalCode !== null) return;
      forwarded = true;
      // A terminal's Ctrl+C reaches the child too; sending one signal of our own stops a child that
      // was signalled alone (kill PID) and is harmless twice for children that stop on either.
      sent = stopSignal ?? signal;
      child.kill(sent);
    };
    const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    child.once('error', (err) => {
      process.stderr.write(`socket-lab: could not run ${command}: ${err.message}\n`);
      resolve(1);
    });
    child.once('close', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      // Dying of the very signal we passed on is stopping as asked (a child signalled the moment it
      // starts may not have its own handlers in place yet); any other signal is a crash.
      if (code === null && forwarded && signal === sent) return resolve(0);
      resolve(code ?? (signal ? 1 : 0));
    });
    onSpawn?.(child);
  });
}

function build() {
  return runChild(process.execPath, [electronVite(), 'build'], { cwd: root, stdio: 'inherit' });
}

/** The window in Electron: electron-vite, told where the binary is through ELECTRON_EXEC_PATH. */
async function runElectron(mode, binary, extraArgs, env) {
  // electron-vite reads only ELECTRON_EXEC_PATH or node_modules/electron/path.txt (not Electron's
  // ELECTRON_OVERRIDE_DIST_PATH): handing it the binary we found honours every override above.
  const childEnv = { ...env, ELECTRON_EXEC_PATH: binary };
  // Inherited from a host such as VS Code, this would start Electron as plain Node: no window.
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const args = [electronVite(), mode];
  if (mode === 'preview' && (flag(env.SOCKET_LAB_SKIP_BUILD) || !needsBuild())) args.push('--skipBuild');
  return runChild(process.execPath, [...args, ...extraArgs], { cwd: root, env: childEnv, stdio: 'inherit' });
}

/** The window in a browser: the `socket-lab web` host on a free port, then the default browser. */
async function runBrowser(env) {
  if (!flag(env.SOCKET_LAB_SKIP_BUILD) && needsBuild()) {
    const code = await build();
    if (code !== 0) return code;
  }
  const cli = path.join(root, 'bin', 'socket-lab.js');
  return runChild(
    process.execPath,
    [cli, 'web', '--port', '0'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
    {
      // The web host stops cleanly on SIGINT or SIGTERM; one SIGTERM avoids a second SIGINT from the
      // terminal finding its handler already used.
      stopSignal: 'SIGTERM',
      onSpawn: (child) => {
        let pending = '';
        let opened = false;
        child.stdout.on('data', (d) => {
          process.stdout.write(d);
          if (opened) return;
          pending += d.toString();
          const match = /https?:\/\/\S+/.exec(pending);
          if (match) {
            opened = true;
            openBrowser(match[0], { env });
          }
        });
      },
    },
  );
}

export async function main(argv = process.argv.slice(2), env = process.env) {
  if (nodeIsTooOld()) {
    process.stderr.write(
      `socket-lab: Node.js ${minimumNode.major}.${minimumNode.minor} or newer is needed, this is ${process.version}: install a newer Node.js (https://nodejs.org), then run npm install again.\n`,
    );
    return 1;
  }
  const [mode = 'preview', ...extraArgs] = argv;
  if (mode !== 'preview' && mode !== 'dev') {
    process.stderr.write(`socket-lab: usage: node scripts/start.mjs [preview|dev] [electron-vite options]\n`);
    return 2;
  }

  let found = findElectron({ env });
  if (found.binary === null && found.canFetch && !flag(env.ELECTRON_SKIP_BINARY_DOWNLOAD) && hasDisplay(env)) {
    const seconds = Number(env.SOCKET_LAB_ELECTRON_TIMEOUT || defaultFetchTimeoutSeconds);
    const timeoutMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultFetchTimeoutSeconds * 1000;
    const failure = await fetchElectron({
      env,
      timeoutMs,
      onSlow: () => process.stdout.write(`Downloading the Electron binary (once; about 100 MB; gives up after ${timeoutMs / 1000} s)...\n`),
    });
    found = failure === null ? findElectron({ env }) : { binary: null, why: failure };
    if (failure === null && found.binary === null) found = { binary: null, why: 'its installer finished but left no binary' };
  } else if (found.binary === null && found.canFetch) {
    found = {
      binary: null,
      why: flag(env.ELECTRON_SKIP_BINARY_DOWNLOAD) ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so its binary is not downloaded' : noDisplay,
    };
  } else if (found.binary !== null && !hasDisplay(env)) {
    found = { binary: null, why: noDisplay };
  }

  if (found.binary !== null) return runElectron(mode, found.binary, extraArgs, env);
  const devNote = mode === 'dev' ? ' (no hot reload there)' : '';
  process.stdout.write(`Electron is not available (${found.why}): opening the window in the browser instead${devNote}.\n`);
  return runBrowser(env);
}

// Run only when started as a script, so tests can import the pieces above.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then((code) => process.exit(code));
}
