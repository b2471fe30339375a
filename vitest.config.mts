import { defineConfig } from 'vitest/config';
import { viteAliases } from './aliases';

export default defineConfig({
  resolve: { alias: viteAliases(import.meta.dirname) },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite (WASM) and a real PostgreSQL server per file: two cores, keep it modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
