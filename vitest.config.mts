import { defineConfig } from 'vitest/config';

export default defineConfig({
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
