// The simulators are loaded only in demo and test: no static import chain
// from the Electron main entry, the desk runtime or the device manager
// reaches src/main/simulators (the 'simulated' driver imports them
// dynamically, on first use).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const ALIASES: Record<string, string> = { '#shared/': 'src/shared/', '#server/': 'src/server/', '#main/': 'src/main/', '#renderer/': 'src/renderer/', '#desk-core/': 'src/desk-core/' };
// Static value imports and re-exports; `import type` / `export type` are erased and `import(...)` is dynamic.
const STATIC = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveSpecifier(from: string, spec: string): string | null {
  let base: string | null = null;
  if (spec.startsWith('.')) base = resolve(dirname(from), spec);
  for (const [alias, dir] of Object.entries(ALIASES)) if (spec.startsWith(alias)) base = join(ROOT, dir, spec.slice(alias.length));
  if (!base) return null;
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  return null;
}

function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [join(ROOT, entry)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC)) {
      const next = resolveSpecifier(file, m[1]!);
      if (next) todo.push(next);
    }
  }
  return new Set([...seen].map((f) => relative(ROOT, f)));
}

describe('simulators stay out of the production code path', () => {
  for (const entry of ['src/main/index.ts', 'src/main/desk-runtime/index.ts', 'src/main/devices/manager.ts']) {
    it(`${entry} does not reach src/main/simulators by a static import`, () => {
      const graph = staticGraph(entry);
      expect([...graph].filter((f) => f.startsWith('src/main/simulators/'))).toEqual([]);
    });
  }

  it('sees through the chain it checks (the registry that loads the simulators is in the graph)', () => {
    expect(staticGraph('src/main/desk-runtime/index.ts')).toContain('src/main/desk-runtime/drivers.ts');
    // And it would notice a static import: the simulators' own index reaches them.
    expect([...staticGraph('src/main/simulators/desk/index.ts')].some((f) => f.startsWith('src/main/simulators/') && f !== 'src/main/simulators/desk/index.ts')).toBe(true);
  });
});
