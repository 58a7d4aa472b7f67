// ESLint: typescript-eslint and React hooks rules, and the process boundaries as import rules (tests/unit/lint-boundaries.test.ts shows each one firing).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------- what each side of a boundary may not import ----------

const electron = { regex: '^electron(/.*)?$', why: 'runs without Electron (plain Node or a browser)' };
// Bare names too ('fs', 'path/posix'): bundlers and Node resolve them without the node: prefix.
const bareBuiltins = builtinModules
  .filter((m) => !m.startsWith('node:'))
  .map(escape)
  .join('|');
const nodeBuiltins = {
  regex: `^(node:.*|(${bareBuiltins})(/.*)?)$`,
  why: 'runs in a browser or sandbox, where Node built-ins do not exist',
};
// The hosts of the command layer: Electron IPC, the CLI and the web host (and their helpers).
const hostsRegex = '(^|/)(ipc|cli)(/|$)|(^|/)(web-host|cli|cli-format)(\\.[cm]?[jt]s)?$';
const hostLayers = {
  regex: `(^|/)commands(/|$)|${hostsRegex}`,
  why: 'is the engine: it never knows who is watching (the command layer and the hosts call it, not the other way round)',
};
const hosts = {
  regex: hostsRegex,
  why: 'is the command layer, shared by every host: it never knows which one calls it (Electron IPC, the web host, the CLI)',
};
// Today's tcp-*.ts / udp-*.ts / session-base.ts, and kinds/ where the kinds are moving: the CLI reaches
// sessions through the in-process API (src/main/commands/api.ts), so the schemas check what it opens.
const engineSessions = {
  regex: '(^|/)engine/(kinds(/|$)|(tcp|udp)-[^/]*$|session-base(\\.[cm]?[jt]s)?$)',
  why: "goes through the in-process API (commands/api.ts), not the engine's session classes",
};
const mainOrPreload = { regex: '^(\\.\\./)+(.*/)?(main|preload)(/|$)', why: 'may not reach into the main process or the preload' };
const mainPreloadOrRenderer = {
  regex: '^(\\.\\./)+(.*/)?(main|preload|renderer)(/|$)',
  why: 'is shared by every process, so it depends on none of them',
};
const notElectronOrShared = {
  regex: '^(?!electron$|(\\./)?(\\.\\./)+shared/)',
  why: 'is a sandboxed preload: it can load only electron at run time, and the contract names from src/shared (bundled)',
};

/** The same bans for static imports, re-exports and `import x = require()` (no-restricted-imports), and for import() and require() (no-restricted-syntax). */
function boundary(files, area, bans) {
  const message = (ban) => `${area} ${ban.why}.`;
  // esquery takes a regex literal between slashes, so slashes inside it are escaped.
  const literal = (ban) => `/${ban.regex.replace(/\//g, '\\/')}/`;
  const loaders = (ban) => {
    const re = literal(ban);
    return [
      `ImportExpression[source.value=${re}]`,
      `ImportExpression[source.type='TemplateLiteral'][source.expressions.length=0][source.quasis.0.value.cooked=${re}]`,
      `CallExpression[callee.type='Identifier'][callee.name='require'][arguments.0.value=${re}]`,
      `CallExpression[callee.type='Identifier'][callee.name='require'][arguments.0.type='TemplateLiteral'][arguments.0.expressions.length=0][arguments.0.quasis.0.value.cooked=${re}]`,
    ].map((selector) => ({ selector, message: message(ban) }));
  };
  return {
    name: `socket-lab/boundary: ${area}`,
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: bans.map((ban) => ({ regex: ban.regex, message: message(ban) })) }],
      'no-restricted-syntax': ['error', ...bans.flatMap(loaders)],
    },
  };
}

export default defineConfig([
  globalIgnores(['out/', 'dist/', 'test-results/', 'playwright-report/', 'docs/', '**/.vite/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'socket-lab/node',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'socket-lab/commonjs',
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    name: 'socket-lab/renderer',
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  { ...reactHooks.configs.flat.recommended, name: 'socket-lab/react-hooks', files: ['src/renderer/**/*.{ts,tsx}'] },
  {
    name: 'socket-lab/tests',
    // Playwright hands callbacks to the page (page.evaluate): browser globals next to Node's.
    files: ['tests/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    name: 'socket-lab/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      // `_`-prefixed names mark a parameter a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },

  // ---------- the process boundaries (DESIGN.md: renderer -> shared; preload -> shared; ipc, web-host, cli -> commands -> engine -> shared) ----------
  boundary(['src/shared/**'], 'src/shared', [electron, nodeBuiltins, mainPreloadOrRenderer]),
  boundary(['src/renderer/**'], 'The renderer', [electron, nodeBuiltins, mainOrPreload]),
  boundary(['src/main/engine/**'], 'The engine', [electron, hostLayers]),
  // The command layer (router, jobs, in-process API) runs in plain Node and serves every host alike.
  boundary(['src/main/commands/**'], 'The command layer', [electron, hosts]),
  // The hosts that run in plain Node. (One boundary per file set: a later rule of the same name replaces an earlier one.)
  boundary(['src/main/web-host.ts'], 'This host', [electron]),
  boundary(['src/main/cli.ts', 'src/main/cli-format.ts', 'src/main/cli/**'], 'The CLI', [electron, engineSessions]),
  boundary(['src/preload/**'], 'The preload', [notElectronOrShared]),
]);
