// `npm run bench`: every figure of issue "Speed" in a child process of its own (no memory or JIT left
// over from an earlier step), each measured with its reference in the same run and judged against its
// target; then one table, printed and written to bench/last-results.md with the machine it ran on.
// BENCH_QUICK=1: small sizes, a smoke run of the logic (about a minute). Figures to run can be named:
// `node bench/run.mjs 1a 3b`. Exit status 0 even with MISSED figures; 1 when the bench itself broke.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, QUICK, RESULT_MARK, ROOT, fmt, openFileLimit, which } from './lib/common.mjs';

/** The figures, in the order they run; `watchdog` in seconds (full run; a QUICK run gets a third, at least 90 s). */
const FIGURES = [
  { id: '1a', file: 'udp-blast.mjs', watchdog: 300 },
  { id: '1b', file: 'udp-paced.mjs', watchdog: 300 },
  { id: '2a', file: 'tcp-bulk-in.mjs', watchdog: 600 },
  { id: '2b', file: 'tcp-bulk-out.mjs', watchdog: 600 },
  { id: '3a', file: 'tcp-echo.mjs', watchdog: 300 },
  { id: '3b', file: 'udp-echo.mjs', watchdog: 300 },
  { id: '4a', file: 'one-shot.mjs', watchdog: 180 },
  { id: '4b', file: 'help.mjs', watchdog: 120 },
  { id: '5a', file: 'flood-rate.mjs', watchdog: 300 },
  { id: '5b', file: 'flood-paced.mjs', watchdog: 180 },
  { id: '6', file: 'many-clients.mjs', watchdog: 300 },
  { id: '7a', file: 'rss-udp.mjs', watchdog: 300 },
  { id: '7b', file: 'rss-tcp.mjs', watchdog: 300 },
  { id: '8', file: 'log-filter.mjs', watchdog: 300 },
  { id: '9', file: 'window.mjs', watchdog: 180 },
  { id: '10', file: 'file-send-rss.mjs', watchdog: 600 },
];

const RESULTS_FILE = path.join(BENCH_DIR, 'last-results.md');
const README = path.join(ROOT, 'README.md');
const README_START = '<!-- bench:results:start -->';
const README_END = '<!-- bench:results:end -->';

// ---------- the machine ----------

function firstLine(command, args) {
  if (!which(command)) return null;
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim()) ?? null;
}

function machine() {
  const cpus = os.cpus();
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    ram: `${fmt(os.totalmem() / 1024 ** 3, 1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    openFiles: openFileLimit(),
    tools: {
      socat: which('socat')
        ? `socat ${/socat version (\S+)/.exec(spawnSync('socat', ['-V'], { encoding: 'utf8' }).stdout)?.[1] ?? '(version unknown)'}`
        : null,
      gcc: firstLine('gcc', ['--version']),
      chromium: existsSync(chromium) ? (firstLine(chromium, ['--version']) ?? chromium) : null,
    },
  };
}

// ---------- one figure, one child ----------

/** The line of a crash report that says what went wrong ("Error: ..."), else its last line. */
function errorLine(stderr) {
  const lines = stderr.trim().split('\n');
  return (lines.find((l) => /\b\w*Error\b|^bench figure/.test(l)) ?? lines.at(-1) ?? '').trim();
}

/** The figure running now, so that Ctrl+C (which does not reach its own process group) stops it too. */
let running = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (running) {
      try {
        process.kill(-running.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    console.error(`\nbench: stopped by ${signal}.`);
    process.exit(1);
  });
}

function runOne(figure) {
  const watchdogMs = (QUICK ? Math.max(90, figure.watchdog / 3) : figure.watchdog) * 1000;
  return new Promise((resolve) => {
    const t0 = performance.now();
    // Its own process group: the watchdog takes the figure and everything it started.
    const child = spawn(process.execPath, [path.join(BENCH_DIR, 'figures', figure.file)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running = child;
    let result = null;
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      const parts = (partial + text).split('\n');
      partial = parts.pop();
      for (const line of parts) {
        if (line.startsWith(RESULT_MARK)) result = JSON.parse(line.slice(RESULT_MARK.length));
        else console.log(`  [${figure.id}] ${line}`);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => (stderr = (stderr + text).slice(-8192)));
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, watchdogMs);
    child.once('close', (code, signal) => {
      clearTimeout(watchdog);
      running = null;
      const seconds = (performance.now() - t0) / 1000;
      // Whatever it left running (it kills its children itself; this is for a figure that crashed).
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // nothing left
      }
      if (result) return resolve({ ...result, seconds });
      const why = timedOut
        ? `watchdog: no result within ${watchdogMs / 1000} s`
        : `the figure script ended (${signal ?? `status ${code}`}) without a result: ${errorLine(stderr)}`;
      if (stderr.trim()) console.error(stderr.trim().replace(/^/gm, `  [${figure.id}] `));
      resolve({
        id: figure.id,
        figure: figure.file,
        measured: 'bench error',
        reference: '',
        ratio: '',
        target: '',
        status: 'ERROR',
        notes: why,
        seconds,
      });
    });
  });
}

// ---------- report ----------

const COLUMNS = [
  ['#', 'id'],
  ['figure', 'figure'],
  ['measured', 'measured'],
  ['reference', 'reference'],
  ['ratio', 'ratio'],
  ['target', 'target'],
  ['result', 'status'],
];

function printTable(rows) {
  const cells = rows.map((r) =>
    COLUMNS.map(([, key]) => (key === 'status' && r.status === 'MISSED' ? 'MISSED <<<' : String(r[key] ?? ''))),
  );
  const widths = COLUMNS.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((x, i) => x.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(COLUMNS.map(([h]) => h)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  console.log('\nnotes:');
  for (const r of rows) console.log(`  ${r.id}: ${r.notes || '-'} (${fmt(r.seconds, 0)} s)`);
}

const md = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

function markdownTable(rows) {
  const header = ['#', 'figure', 'measured', 'reference', 'ratio', 'target', 'result'];
  const body = rows.map((r) =>
    [r.id, r.figure, r.measured, r.reference, r.ratio, r.target, r.status === 'MISSED' ? '**MISSED**' : r.status].map(md),
  );
  return [header, header.map(() => '---'), ...body].map((c) => `| ${c.join(' | ')} |`).join('\n');
}

const markdownNotes = (rows) => rows.map((r) => `- **${r.id}**: ${md(r.notes || '-')} (${fmt(r.seconds, 0)} s)`).join('\n');

function machineLine(m) {
  const tools = Object.entries(m.tools)
    .map(([k, v]) => `${k}: ${v ?? 'missing'}`)
    .join('; ');
  return `${m.cpu}, ${m.cores} cores, ${m.ram} RAM, ${m.os}, Node ${m.node}, \`ulimit -n\` ${m.openFiles}; ${tools}`;
}

function markdown(rows, m, seconds, loadAfter) {
  return [
    '# Last `npm run bench` results',
    '',
    QUICK
      ? '**BENCH_QUICK smoke run: sizes scaled down to check the logic. These are not the figures; run `npm run bench` for those.**'
      : 'A full `npm run bench` run.',
    '',
    `- Date: ${m.date}`,
    `- Machine: ${machineLine(m)}`,
    `- Load average (1, 5, 15 min): ${m.load} before, ${loadAfter} after; the whole run took ${fmt(seconds, 0)} s`,
    '',
    markdownTable(rows),
    '',
    '## Notes',
    '',
    markdownNotes(rows),
    '',
    'Each figure ran in a child process of its own, with its reference measured in the same run (interleaved rounds, median, ranges in the notes). See `bench/README.md` for what each figure measures.',
    '',
  ].join('\n');
}

/** Formats markdown the way the project's Prettier check wants it (the file is checked with the tree). */
async function prettierMarkdown(text, file) {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...config, filepath: file });
  } catch {
    return text;
  }
}

async function updateReadme(rows, m) {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end < start) {
    console.log(`README.md has no ${README_START} ... ${README_END} block: not updated.`);
    return;
  }
  const block = [
    README_START,
    '',
    `Measured on ${m.date.slice(0, 10)}: ${machineLine(m)}. Ranges and notes: \`bench/last-results.md\`.`,
    '',
    markdownTable(rows),
    '',
    README_END,
  ].join('\n');
  // Only the block is formatted: the rest of README is left exactly as it is.
  const formatted = (await prettierMarkdown(`${block}\n`, README)).trimEnd();
  const text = readme.slice(0, start) + formatted + readme.slice(end + README_END.length);
  writeFileSync(README, text);
  console.log('README.md: results table updated.');
}

// ---------- main ----------

/** Waits (at most 2 minutes) while out/ is being rebuilt by someone else, so a figure does not start without the CLI. */
async function waitForBuild() {
  if (process.env.BENCH_CLI) return;
  const cli = path.join(ROOT, 'out', 'main', 'cli.js');
  for (let i = 0; i < 240 && !existsSync(cli); i++) {
    if (i === 0) console.log('  (out/main/cli.js is missing: waiting for the build in out/ to finish)');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const figures = wanted.length ? FIGURES.filter((f) => wanted.includes(f.id)) : FIGURES;
  if (wanted.length && figures.length !== wanted.length) {
    console.error(
      `bench: unknown figure(s): ${wanted.filter((w) => !FIGURES.some((f) => f.id === w)).join(', ')}; known: ${FIGURES.map((f) => f.id).join(' ')}`,
    );
    return 1;
  }
  if (!process.env.BENCH_CLI && !existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) {
    console.error('bench: the CLI is not built (no out/main/cli.js): run "npm run build" first (npm run bench does).');
    return 1;
  }
  const m = machine();
  console.log(`Socket Lab bench${QUICK ? ' — BENCH_QUICK smoke run (sizes scaled down: not the figures)' : ''}`);
  console.log(`machine: ${machineLine(m)}`);
  console.log(`date: ${m.date}; load average ${m.load}`);
  for (const [tool, version] of Object.entries(m.tools)) {
    if (!version) console.log(`NOTE: ${tool} is missing: the figures that need it say "not available". The bench installs nothing.`);
  }
  console.log('');

  const t0 = performance.now();
  const rows = [];
  for (const figure of figures) {
    console.log(`== ${figure.id} (${figure.file})`);
    await waitForBuild();
    const row = await runOne(figure);
    rows.push(row);
    const mark = row.status === 'MISSED' ? 'MISSED <<<' : row.status;
    console.log(
      `== ${row.id}: ${row.measured} | ref ${row.reference || '-'} | ${row.ratio || '-'} | target ${row.target || '-'} | ${mark} (${fmt(row.seconds, 0)} s)\n`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  const loadAfter = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

  printTable(rows);
  const count = (s) => rows.filter((r) => r.status === s).length;
  const missed = rows.filter((r) => r.status === 'MISSED').map((r) => r.id);
  console.log(
    `\n${count('PASS')} PASS, ${count('MISSED')} MISSED${missed.length ? ` (${missed.join(', ')})` : ''}, ${count('N/A')} not available, ${count('ERROR')} bench error(s); ` +
      `${fmt(seconds, 0)} s; load average now ${loadAfter}`,
  );
  if (missed.length) console.log(`!!! MISSED TARGETS: ${missed.join(', ')} !!!`);

  if (wanted.length === 0) {
    writeFileSync(RESULTS_FILE, await prettierMarkdown(markdown(rows, m, seconds, loadAfter), RESULTS_FILE));
    console.log(`written: ${path.relative(ROOT, RESULTS_FILE)}`);
    if (/^(1|true|yes)$/i.test(process.env.BENCH_UPDATE_README ?? '')) {
      if (QUICK) console.log('BENCH_UPDATE_README is ignored in a BENCH_QUICK run: README keeps the figures of a full run.');
      else if (count('ERROR') > 0)
        console.log('BENCH_UPDATE_README is ignored: the bench broke on a figure, README keeps the last good table.');
      else await updateReadme(rows, m);
    }
  } else {
    console.log(`(only ${wanted.join(' ')}: ${path.relative(ROOT, RESULTS_FILE)} left as it was)`);
  }
  return count('ERROR') > 0 ? 1 : 0;
}

process.exitCode = await main();
