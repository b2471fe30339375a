// What the portal specs share: a private build of the page (an `npm run
// build` meanwhile empties out/), the two screen sizes, axe-core at 0 serious
// or critical violations, and phone-size screenshots to look at.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const ROOT = resolve(__dirname, '../../..');
export const PORTAL_BUILD_DIR = join(ROOT, 'test-results/portal-build');
export const SHOTS_DIR = join(ROOT, 'test-results/portal-shots');

export const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'laptop', viewport: { width: 1366, height: 768 } },
] as const;

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the page into a private directory unless a build newer than every source file is there. */
export function buildPortal(): string {
  const index = join(PORTAL_BUILD_DIR, 'index.html');
  const fresh = existsSync(index) && statSync(index).mtimeMs > Math.max(newestSource(join(ROOT, 'src/portal')), statSync(join(ROOT, 'src/shared/portal/wire.ts')).mtimeMs);
  if (!fresh) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'vite.portal.config.ts'), '--outDir', PORTAL_BUILD_DIR, '--logLevel', 'warn'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  }
  return PORTAL_BUILD_DIR;
}

/** axe-core (WCAG 2.x A and AA) on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(bad, `axe on ${where}`).toEqual([]);
  await expect(page.locator('h1'), `one h1 on ${where}`).toHaveCount(1);
  await expect(page.getByRole('main'), `one main on ${where}`).toHaveCount(1);
}

/** A full-page screenshot named for the screen and size, kept under test-results/portal-shots. */
export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.screenshot({ path: join(SHOTS_DIR, `${info.project.name || 'chromium'}-${size?.width}x${size?.height}-${name}.png`), fullPage: true });
}
