// The architecture's boundaries are ESLint rules; this proves they bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

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
