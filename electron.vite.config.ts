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
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
