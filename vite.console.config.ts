// The consortium console's web pages: `npm run build:console` → out/console,
// served by the central service at /console (src/server/console/pages.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { viteAliases } from './aliases';

export default defineConfig({
  root: resolve(__dirname, 'src/console'),
  base: '/console/',
  resolve: { alias: viteAliases(__dirname) },
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, 'out/console'),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
});
