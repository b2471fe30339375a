// The generic durable journal: last snapshot per id wins, torn and invalid lines
// are skipped, compaction rewrites atomically, batches append in one write.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalClosedError, JsonlJournal } from '#main/durable/jsonl-journal';

interface Rec {
  key: string;
  n: number;
}

const FILE = 'recs.jsonl';

function isRec(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && typeof (value as Rec).key === 'string' && typeof (value as Rec).n === 'number';
}

function open(dir: string): ReturnType<typeof JsonlJournal.open<Rec>> {
  return JsonlJournal.open<Rec>({ dir, file: FILE, validate: isRec, idOf: (r) => r.key, name: 'test journal' });
}

function fileLines(dir: string): string[] {
  return readFileSync(join(dir, FILE), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jsonl-journal-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('JsonlJournal', () => {
  it('starts empty, creating the directory', async () => {
    const nested = join(dir, 'a', 'b');
    const { journal, load } = await open(nested);
    expect(load).toEqual({ records: [], skipped: 0 });
    expect(journal.lineCount).toBe(0);
    await journal.close();
    expect(readdirSync(nested)).toEqual([FILE]);
  });

  it('replays the last snapshot per key, in first-seen order (dedupe by key)', async () => {
    const { journal } = await open(dir);
    await journal.append({ key: 'a', n: 1 });
    await journal.append({ key: 'b', n: 1 });
    await journal.append({ key: 'a', n: 2 });
    await journal.append({ key: 'a', n: 3 });
    expect(journal.lineCount).toBe(4);
    await journal.close();
    const { journal: again, load } = await open(dir);
    expect(load.records).toEqual([
      { key: 'a', n: 3 },
      { key: 'b', n: 1 },
    ]);
    expect(again.lineCount).toBe(4);
    await again.close();
  });

  it('skips a torn last line and lines the validator rejects; the next append starts on its own line', async () => {
    const { journal } = await open(dir);
    await journal.append({ key: 'a', n: 1 });
    await journal.close();
    appendFileSync(join(dir, FILE), '{"key":"b","n":1}\n{"key":"c"}\n{"key":"a","n');
    const { journal: second, load } = await open(dir);
    expect(load.skipped).toBe(2);
    expect(load.records).toEqual([
      { key: 'a', n: 1 },
      { key: 'b', n: 1 },
    ]);
    await second.append({ key: 'd', n: 1 });
    await second.close();
    const { journal: third, load: reloaded } = await open(dir);
    expect(reloaded.records.map((r) => r.key)).toEqual(['a', 'b', 'd']);
    expect(reloaded.skipped).toBe(2);
    await third.close();
  });

  it('compaction rewrites exactly the given records and leaves no temporary file', async () => {
    const { journal } = await open(dir);
    for (let n = 0; n < 5; n++) await journal.append({ key: 'a', n });
    await journal.append({ key: 'b', n: 0 });
    await journal.compact([
      { key: 'a', n: 4 },
      { key: 'b', n: 0 },
    ]);
    expect(journal.lineCount).toBe(2);
    expect(fileLines(dir)).toEqual(['{"key":"a","n":4}', '{"key":"b","n":0}']);
    await journal.append({ key: 'c', n: 0 });
    await journal.close();
    expect(readdirSync(dir)).toEqual([FILE]);
    const { journal: again, load } = await open(dir);
    expect(load.records.map((r) => `${r.key}${r.n}`)).toEqual(['a4', 'b0', 'c0']);
    await again.close();
  });

  it('compacting to nothing leaves an empty file', async () => {
    const { journal } = await open(dir);
    await journal.append({ key: 'a', n: 0 });
    await journal.compact([]);
    await journal.close();
    expect(readFileSync(join(dir, FILE), 'utf8')).toBe('');
  });

  it('a stale temporary file from a crash during compaction does not matter', async () => {
    const { journal } = await open(dir);
    await journal.append({ key: 'a', n: 1 });
    await journal.close();
    writeFileSync(join(dir, `${FILE}.99999.tmp`), '{"key":"half');
    const { journal: again, load } = await open(dir);
    expect(load.records).toEqual([{ key: 'a', n: 1 }]);
    await again.close();
  });

  it('appendMany writes a batch in order', async () => {
    const { journal } = await open(dir);
    await journal.appendMany([
      { key: 'x', n: 1 },
      { key: 'y', n: 1 },
      { key: 'x', n: 2 },
    ]);
    await journal.appendMany([]);
    expect(journal.lineCount).toBe(3);
    await journal.close();
    const { journal: again, load } = await open(dir);
    expect(load.records).toEqual([
      { key: 'x', n: 2 },
      { key: 'y', n: 1 },
    ]);
    await again.close();
  });

  it('concurrent appends never interleave', async () => {
    const { journal } = await open(dir);
    await Promise.all(Array.from({ length: 50 }, (_, n) => journal.append({ key: `k${n % 7}`, n })));
    await journal.close();
    const lines = fileLines(dir);
    expect(lines).toHaveLength(50);
    expect(lines.every((line) => isRec(JSON.parse(line)))).toBe(true);
  });

  it('rejects appends and compactions after close with a typed error', async () => {
    const { journal } = await open(dir);
    await journal.close();
    await expect(journal.append({ key: 'a', n: 1 })).rejects.toBeInstanceOf(JournalClosedError);
    await expect(journal.compact([])).rejects.toThrow('test journal is closed');
  });
});
