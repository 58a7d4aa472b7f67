import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { resolve } from 'node:path';
import { contentSecurityPolicy, devContentSecurityPolicy } from './src/main/security';

/** Writes the CSP meta tag into index.html from the one definition in src/main/security.ts
 * (frame-ancestors only works as a header, so the meta tag leaves it out). */
function cspMetaTag(): Plugin {
  let policy = contentSecurityPolicy;
  return {
    name: 'socket-lab-csp',
    configResolved(config) {
      if (config.command === 'serve') policy = devContentSecurityPolicy;
    },
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy.replace("; frame-ancestors 'none'", '') },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      // zod is bundled as tree-shaken ESM instead of required whole from node_modules at run time:
      // about 50 ms less start-up for every `socket-lab` command that validates (issue 8, item 5).
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          // The engine alone, for `npm run bench` (plain Node, no window).
          engine: resolve(__dirname, 'src/main/engine/index.ts'),
        },
        output: {
          // Every CLI start reads, wraps and hashes these files: without comments they are a third smaller,
          // and ASCII-only they stay one-byte strings in V8 (one non-ASCII character doubles a file's string).
          comments: false,
          charset: 'ascii',
          // Minified, the CLI's start path reads, decodes and caches some 40% fewer bytes: about 1.5 ms of
          // every one-shot `socket-lab send` (bench figure 4a). The source maps beside the files turn a
          // stack trace back into names: run with NODE_OPTIONS=--enable-source-maps.
          minify: true,
          sourcemap: true,
          // Few files on the CLI's start path (each costs a lookup, a read and a cache check), measured
          // with bench figure 4a: cli.js alone for `--help`, then the commands, the engine and the shared code
          // in one chunk, and the UDP and TLS kinds in one each, loaded when first opened.
          // The commands, the problem texts and the engine in one chunk rather than three: V8 keeps a source of
          // 128 KB or more in its large-object space, outside the young generation. Chunks of 33 and 38 KB (read,
          // then wrapped: twice that) filled it enough that a one-shot send ran two collections instead of one.
          codeSplitting: {
            includeDependenciesRecursively: false,
            groups: [
              // The UDP and TLS kinds, loaded when a first such session opens, and the log's exporters.
              {
                name: (id) => {
                  const m =
                    /[\\/]src[\\/]main[\\/](?:engine[\\/](?:kinds[\\/](udp|tls)|(export))[\\/]|commands[\\/](export)-command\.ts$)/.exec(
                      id,
                    );
                  if (m) return m[1] ?? m[2] ?? m[3]!;
                  // The TCP server, and the worker that runs regex rules: loaded when first needed.
                  if (/[\\/]src[\\/]main[\\/]engine[\\/]kinds[\\/]tcp[\\/]server-session\.ts$/.test(id)) return 'tcp-server';
                  if (/[\\/]src[\\/]main[\\/]engine[\\/]pipeline[\\/]regex-(runner|worker)\.ts$/.test(id)) return 'regex';
                  // The simulated network problems (--impair) are UDP's alone.
                  if (/[\\/]src[\\/]main[\\/]engine[\\/]pipeline[\\/]impair\.ts$/.test(id)) return 'udp';
                  // The row batcher and the wire format serve the window (IPC and the web bridge), not the CLI's commands.
                  if (/[\\/]src[\\/](main[\\/]engine[\\/]batcher|shared[\\/]wire)\.ts$/.test(id)) return 'window';
                  // The window's Copy as code reads a session through the exporters' writer.
                  if (/[\\/]src[\\/]main[\\/]commands[\\/]session-ndjson\.ts$/.test(id)) return 'export';
                  // The lab's operating-system view (ss): loaded when first asked.
                  return /[\\/]src[\\/]main[\\/]engine[\\/]os-sockets[\\/]/.test(id) ? 'os-sockets' : null;
                },
                priority: 2,
              },
              // The CLI's other commands, each imported when it runs: `send` stays in the big chunk, and `web`
              // too (with the commands, its web host's chunk and this one would require each other).
              { name: 'commands', test: /[\\/]src[\\/]main[\\/]cli[\\/](serve|flood|settings|interfaces|rule-options)\.ts$/, priority: 2 },
              // Workspace files and the Packet Sender import: loaded by the commands that use them only.
              { name: 'workspace', test: /[\\/]src[\\/]main[\\/](workspace[\\/]|cli[\\/](import|workspace-send)\.ts$)/, priority: 2 },
              // "Copy as code": the generators and `socket-lab codegen`, loaded by that command only.
              { name: 'codegen', test: /[\\/]src[\\/](shared[\\/]codegen[\\/]|main[\\/]cli[\\/]codegen\.ts$)/, priority: 2 },
              {
                // The commands (the CLI's, not what --help needs: errors, output; the router, the in-process API,
                // the settings store), the engine, the shared code and zod. Not the engine's own entry (index.ts,
                // for the benchmark): a group of an entry's modules only becomes that entry, which lacks the helpers
                // other chunks import.
                name: 'core',
                test: (id) =>
                  (/[\\/](src[\\/](main[\\/](engine[\\/]|builtins\.ts|data-dir\.ts)|shared[\\/])|node_modules[\\/]zod[\\/])/.test(id) &&
                    !/[\\/]engine[\\/]index\.ts$/.test(id)) ||
                  (/[\\/]src[\\/]main[\\/](cli[\\/]|commands[\\/]|settings[\\/]|cli-format\.ts)/.test(id) &&
                    !/[\\/]cli[\\/](errors|output)\.ts$/.test(id)),
                priority: 1,
              },
            ],
          },
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), tailwindcss(), cspMetaTag()],
    build: {
      // ES2021: class private fields (#x, in react-resizable-panels) are lowered, so the Electronegativity gate
      // can parse the built window (its parser stops at them); Electron's Chromium runs either.
      target: 'es2021',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
