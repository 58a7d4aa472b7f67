// The process boundaries are lint rules (eslint.config.mjs): each fires on every form of import that breaks it, and only then.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const boundaryRules = new Set(['no-restricted-imports', 'no-restricted-syntax']);
// Only the boundary rules run: the samples are about imports, and the React compiler rules would only cost time.
const eslint = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => boundaryRules.has(ruleId) });

async function boundaryMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  expect(result, file).toBeDefined();
  // A fatal message (a sample that does not parse) has no rule id: it would look like a pass, so it fails here instead.
  for (const m of result!.messages) expect(m.ruleId, `${file}: ${m.message}`).not.toBeNull();
  return result!.messages.filter((m) => m.ruleId !== null && boundaryRules.has(m.ruleId)).map((m) => m.message);
}

/** Every way a module can be pulled in: static, re-export, type-only, dynamic, require, TS import-equals, template literal. */
const importForms = (spec: string): string[] => [
  `import '${spec}';`,
  `import x from '${spec}';\nexport { x };`,
  `import * as x from '${spec}';\nexport { x };`,
  `import { y } from '${spec}';\nexport { y };`,
  `import type { Y } from '${spec}';\nexport type { Y };`,
  `export { y } from '${spec}';`,
  `export * from '${spec}';`,
  `export const x = import('${spec}');`,
  'export const x = import(`' + spec + '`);',
  `export const x = require('${spec}');`,
  'export const x = require(`' + spec + '`);',
  `import x = require('${spec}');\nexport { x };`,
];

const electronSpecs = ['electron', 'electron/main', 'electron/renderer', 'electron/common'];
const nodeSpecs = ['node:fs', 'node:net', 'fs', 'fs/promises', 'path', 'child_process', 'node:test'];

interface Side {
  file: string;
  banned: string[];
  allowed: string[];
  /** A word the rule's message must contain, so a sample is refused by the rule meant for it. */
  says: string;
}

const sides: Side[] = [
  {
    file: 'src/main/engine/sample.ts',
    banned: [
      ...electronSpecs,
      '../commands/router',
      '../ipc/register',
      '../../ipc/router',
      '../web-host',
      '../cli',
      '../cli-format',
      '../cli/send',
      '../commands/api',
    ],
    allowed: ['node:net', 'node:dgram', 'net', '../../shared/contract', './errors', './kinds/tcp/session'],
    says: 'The engine',
  },
  {
    file: 'src/main/engine/kinds/tcp/sample.ts',
    banned: ['electron', '../../../ipc/register', '../../../web-host.ts', '../../../cli'],
    allowed: ['node:tls', '../../errors', '../../../../shared/contract'],
    says: 'The engine',
  },
  {
    file: 'src/shared/sample.ts',
    banned: [...electronSpecs, ...nodeSpecs, '../main/engine/engine', '../preload/index', '../renderer/src/api'],
    allowed: ['zod', './problems', './address'],
    says: 'src/shared',
  },
  {
    file: 'src/renderer/src/features/sample/sample.tsx',
    banned: [
      ...electronSpecs,
      ...nodeSpecs,
      '../../../../main/engine/engine',
      '../../../../preload/index',
      '../../../../main/commands/router',
    ],
    allowed: ['react', 'react-i18next', '../../../../shared/contract', '../../api', '../../lib/ui'],
    says: 'The renderer',
  },
  {
    file: 'src/preload/index.ts',
    banned: [
      'node:fs',
      'fs',
      'path',
      'zod',
      'ws',
      'electron/main',
      'electron/renderer',
      '../main/engine/engine',
      '../renderer/src/api',
      './helper',
    ],
    allowed: ['electron', '../shared/channels', '../shared/contract'],
    says: 'The preload',
  },
  {
    file: 'src/main/cli.ts',
    banned: [...electronSpecs, './engine/tcp-client', './engine/udp-socket', './engine/kinds/tcp/client-session'],
    allowed: ['node:util', 'node:net', '../shared/contract', './engine/engine', './commands/api', './web-host'],
    says: 'The CLI',
  },
  {
    file: 'src/main/cli/send.ts',
    banned: [
      ...electronSpecs,
      '../engine/tcp-client',
      '../engine/tcp-server.ts',
      '../engine/tcp-connection',
      '../engine/udp-socket',
      '../engine/udp-peers',
      '../engine/session-base',
      '../engine/kinds/udp/session',
      '../engine/kinds/tcp',
    ],
    allowed: ['../engine/engine', '../engine/errors', '../engine/taps/ndjson', '../commands/api', '../../shared/contract', './args'],
    says: 'The CLI',
  },
  {
    file: 'src/main/web-host.ts',
    banned: electronSpecs,
    allowed: ['node:http', 'ws', '../shared/wire', './commands/router'],
    says: 'This host',
  },
  {
    file: 'src/main/commands/router.ts',
    banned: [...electronSpecs, '../ipc/register', '../ipc/trusted-sender', '../web-host', '../cli', '../cli/common', '../cli-format'],
    allowed: ['zod', 'node:fs/promises', '../../shared/contract', '../engine/engine', '../engine/errors', '../data-dir', './jobs'],
    says: 'The command layer',
  },
];

describe('process boundaries as lint rules', () => {
  describe.each(sides)('$file', ({ file, banned, allowed, says }) => {
    it.each(banned)('refuses every form of importing %s', async (spec) => {
      for (const code of importForms(spec)) {
        const messages = await boundaryMessages(file, code);
        expect(messages, code).toHaveLength(1);
        expect(messages[0], code).toContain(says);
      }
    });

    it('allows what this side may use', async () => {
      for (const spec of allowed) {
        for (const code of importForms(spec)) expect(await boundaryMessages(file, code), code).toEqual([]);
      }
    });
  });

  it('leaves the Electron main process free to use electron and Node', async () => {
    for (const spec of ['electron', 'node:path', './engine/engine', './ipc/register']) {
      for (const code of importForms(spec)) expect(await boundaryMessages('src/main/index.ts', code), code).toEqual([]);
    }
  });

  it('holds in the tree as it is', async () => {
    const results = await eslint.lintFiles(['src']);
    expect(results.length).toBeGreaterThan(40);
    const broken = results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.message}`));
    expect(broken).toEqual([]);
    // Type-aware lint of the whole tree: about 5 s alone, several times that beside the rest of the suite.
  }, 90_000);
});
