import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The #… aliases straight from tsconfig.base.json `paths` (the list tsc and tsx read),
// so Vitest resolves exactly what the type checker does.
const paths = (JSON.parse(readFileSync(resolve(import.meta.dirname, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
const alias = Object.entries(paths).map(([name, [target]]) => ({
  find: new RegExp(`^${name.replace(/\/\*$/, '')}/`),
  replacement: `${resolve(import.meta.dirname, target!.replace(/\/\*$/, ''))}/`,
}));

export default defineConfig({
  resolve: { alias },
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
