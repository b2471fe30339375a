// The sandboxed preload cannot require npm packages or its own chunks: it
// must import only 'electron' and import-free local modules at run time.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ALIAS_DIRS } from '../../../aliases';

const runtimeImports = (file: string): string[] => {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms), ...src.matchAll(/require\('([^']+)'\)/g)].map((m) => m[1]!);
};

describe('preload bundle', () => {
  it("imports only 'electron' and local modules that import nothing", () => {
    const preload = resolve(__dirname, '../../../src/preload/index.ts');
    const direct = runtimeImports(preload);
    expect(direct).toContain('electron');
    for (const spec of direct.filter((s) => s !== 'electron')) {
      // A local module, by relative path or by the '#…' alias (the bundler inlines both).
      const alias = Object.entries(ALIAS_DIRS).find(([name]) => spec.startsWith(`${name}/`));
      expect(spec.startsWith('.') || alias !== undefined, spec).toBe(true);
      const local = alias ? resolve(__dirname, '../../..', `${alias[1]}${spec.slice(alias[0].length)}.ts`) : join(dirname(preload), `${spec}.ts`);
      expect(runtimeImports(local), local).toEqual([]);
    }
  });
});
