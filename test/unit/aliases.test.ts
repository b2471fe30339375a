// The #… aliases live in two places (tsconfig paths for tsc/tsx/Playwright,
// aliases.ts for Vite/Vitest); they must agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALIAS_DIRS } from '../../aliases';

describe('import aliases', () => {
  it('tsconfig paths and the Vite alias list name the same folders', () => {
    const base = JSON.parse(readFileSync(join(__dirname, '../../tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
    const fromTsconfig = Object.fromEntries(Object.entries(base.compilerOptions.paths).map(([k, v]) => [k.replace(/\/\*$/, ''), v[0]!.replace(/^\.\//, '').replace(/\/\*$/, '')]));
    expect(fromTsconfig).toEqual(ALIAS_DIRS);
  });
});
