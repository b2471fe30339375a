// The patron portal's web page: `npm run build:portal` → out/portal,
// served by the central service at /portal (src/server/portal/pages.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { viteAliases } from './aliases';

export default defineConfig({
  root: resolve(__dirname, 'src/portal'),
  base: '/portal/',
  resolve: { alias: viteAliases(__dirname) },
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, 'out/portal'),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
});
