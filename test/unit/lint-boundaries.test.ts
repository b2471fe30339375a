// The architecture's boundaries are ESLint rules; this proves they bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the lint config, without types
import { BOUNDARIES } from '../../eslint/boundary-table.mjs';

interface Boundary { from: string[]; deny: string[]; message: string }

const eslint = new ESLint();
async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('boundary lint rules', () => {
  it("refuses 'electron' outside the two shell files", async () => {
    expect(await errorsFor('src/main/devices/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('src/main/desk-host/probe.ts', "export const a = () => import('electron');\n")).toContain('no-restricted-syntax');
    expect(await errorsFor('src/renderer/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('src/main/index.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toContain('no-restricted-imports');
  }, 60_000);

  it('refuses Node in the renderer and in shared code', async () => {
    expect(await errorsFor('src/renderer/probe.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('src/renderer/probe.ts', "import { readFile } from 'fs';\nexport const a = readFile;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('src/shared/probe.ts', 'export const a = Buffer.from([1]);\n')).toContain('no-restricted-globals');
  }, 60_000);
});

describe('import directions between folders', () => {
  const denied = async (file: string, spec: string) => (await errorsFor(file, `import { x } from '${spec}';\nexport const y = x;\n`)).includes('relay/import-boundaries');

  it('fires on every rule of the table, with an alias and with a relative path', async () => {
    for (const rule of BOUNDARIES as Boundary[]) {
      const from = `${rule.from[0]}/probe/probe.ts`;
      const target = `${rule.deny[0]}/anything`;
      const alias = target.replace(/^src\/(shared|server|main|renderer|desk-core)(?=\/)/, '#$1').replace(/^test\//, '#test/');
      const relative = `${'../'.repeat(from.split('/').length - 1)}${target}`;
      if (alias.startsWith('#')) expect(await denied(from, alias), `${rule.message}: ${from} → ${alias}`).toBe(true);
      expect(await denied(from, relative), `${rule.message}: ${from} → ${relative}`).toBe(true);
    }
  }, 120_000);

  it('names the cases the issue listed', async () => {
    expect(await denied('src/main/devices/manager.ts', '#main/bridge/handlers')).toBe(true);
    expect(await denied('src/main/desk-runtime/runtime.ts', '#server/service')).toBe(true);
    expect(await denied('src/desk-core/desk.ts', '#renderer/ui/App')).toBe(true);
    expect(await denied('src/renderer/kiosk/pad-reading.ts', '#main/devices/rfid/tag-data/iso28560-3')).toBe(true);
    expect(await denied('src/renderer/ui/App.tsx', '../kiosk/KioskApp')).toBe(true);
    expect(await denied('src/renderer/kiosk/KioskApp.tsx', '../ui/format')).toBe(true);
    expect(await denied('src/server/app.ts', '#main/devices/manager')).toBe(true);
    expect(await denied('src/server/app.ts', '#renderer/ui/App')).toBe(true);
    expect(await denied('src/shared/domain/reducer.ts', '#server/app')).toBe(true);
  }, 60_000);

  it('lets the allowed directions through', async () => {
    expect(await denied('src/main/desk-runtime/runtime.ts', '#main/devices/manager')).toBe(false);
    expect(await denied('src/renderer/ui/App.tsx', '#desk-core/desk')).toBe(false);
    expect(await denied('src/server/app.ts', '#shared/domain/reducer')).toBe(false);
    expect(await denied('test/unit/probe.test.ts', '#server/app')).toBe(false);
  }, 60_000);

  it('lets simulators in only through import() on the demo path', async () => {
    const file = 'src/main/desk-runtime/demo-devices.ts';
    expect(await denied(file, '#main/simulators/feig-pad')).toBe(true);
    const dynamic = await errorsFor(file, "export const load = () => import('#main/simulators/feig-pad');\n");
    expect(dynamic).not.toContain('relay/import-boundaries');
  }, 60_000);

  it('asks for the alias instead of climbing two folders', async () => {
    expect(await errorsFor('src/server/x/probe.ts', "import { a } from '../../shared/domain/reducer';\nexport const b = a;\n")).toContain('relay/no-climbing-imports');
    expect(await errorsFor('src/server/x/probe.ts', "import { a } from '../records-repo';\nexport const b = a;\n")).not.toContain('relay/no-climbing-imports');
  }, 60_000);
});

describe('pure codecs in the main process', () => {
  it('refuses Node and I/O libraries in a device family\'s frame, protocol and tag data, by pattern', async () => {
    expect(await errorsFor('src/main/devices/rfid/feig/frame.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('src/main/devices/rfid/tag-data/iso28560-2.ts', 'export const a = Buffer.from([1]);\n')).toContain('no-restricted-globals');
    expect(await errorsFor('src/main/devices/rfid/feig/driver.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).not.toContain('no-restricted-imports');
  }, 60_000);
});
