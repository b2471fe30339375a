import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '#main/durable/atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces a file whole, mode 600 even over a world-readable one, leaving no temporary file', async () => {
    const file = join(dir, 'sub', 'settings.json');
    await writeFileAtomic(file, 'one');
    await writeFile(file, 'old', { mode: 0o644 });
    await chmod(file, 0o644);
    await writeFileAtomic(file, '{"two":2}');
    expect(await readFile(file, 'utf8')).toBe('{"two":2}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'sub'))).toEqual(['settings.json']);
  });

  it('leaves the old file and no temporary file when the write cannot complete', async () => {
    const file = join(dir, 'settings.json');
    await writeFileAtomic(file, 'old');
    // The target is a directory now: the rename fails after the temporary file was written.
    await rm(file);
    await writeFile(join(dir, 'keep'), 'x');
    const target = join(dir, 'target');
    await writeFileAtomic(join(target, 'inner'), 'x');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep', 'target']);
  });
});
