import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { viteAliases } from './aliases';
import { withDevServerCsp } from './src/main/desk-host/csp';

const alias = viteAliases(__dirname);

export default defineConfig({
  main: {
    resolve: { alias },
    // service: the embedded central service's child process (src/server/child-entry.ts), forked by the shell.
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts'), service: resolve(__dirname, 'src/server/child-entry.ts') } } },
  },
  preload: {
    resolve: { alias },
    // A sandboxed preload must be one CommonJS file: it cannot require its own chunks.
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') }, output: { format: 'cjs' } } },
  },
  renderer: {
    resolve: { alias },
    root: resolve(__dirname, 'src/renderer'),
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
    // The dev server alone gets inline styles and its HMR socket in the page's CSP (src/main/desk-host/csp.ts); a build keeps the strict one.
    plugins: [react(), { name: 'relay-dev-csp', apply: 'serve', transformIndexHtml: withDevServerCsp }],
  },
});
