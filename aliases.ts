// The #… import aliases (subpath imports instead of ../../..), one list for
// every tool that resolves modules itself: Vite (electron-vite, the bench page)
// reads this; Vitest, tsc, tsx and Playwright read tsconfig.base.json `paths`,
// which test/unit/aliases.test.ts keeps equal to this list.
import { resolve } from 'node:path';

export const ALIAS_DIRS = {
  '#shared': 'src/shared',
  '#server': 'src/server',
  '#node': 'src/node',
  '#main': 'src/main',
  '#renderer': 'src/renderer',
  '#desk-core': 'src/desk-core',
  '#test': 'test',
} as const;

export function viteAliases(root: string): Array<{ find: RegExp; replacement: string }> {
  return Object.entries(ALIAS_DIRS).map(([name, dir]) => ({ find: new RegExp(`^${name}/`), replacement: `${resolve(root, dir)}/` }));
}
