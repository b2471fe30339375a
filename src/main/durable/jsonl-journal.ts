// A durable store for small state machines (print jobs, ILS operations): an
// append-only file of JSON lines, one full snapshot of a record per change,
// the last line for an id winning on replay.
//  - Each append is fsync'd before it resolves, so a caller that awaits it
//    before acting ("sending" before the bytes leave) can trust the file
//    after a crash.
//  - A crash mid-append leaves at most a torn last line. Every record is
//    written as "\n<json>\n", so the next append never glues onto the torn
//    one, and replay skips lines that do not parse or fail the validator.
//  - Compaction rewrites the file with exactly the records given: temp file,
//    fsync, rename, fsync of the directory. A crash during it leaves either
//    the old file or the new one, never a mix.
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

export interface JsonlJournalOptions<T> {
  /** Directory of the journal (created when missing). */
  readonly dir: string;
  /** File name inside `dir`. One open journal per file. */
  readonly file: string;
  /** Lines whose JSON is not a T are skipped on replay (and counted). */
  readonly validate: (value: unknown) => value is T;
  /** The key snapshots are grouped by; the last snapshot of an id wins. */
  readonly idOf: (record: T) => string;
  /** For error messages, e.g. "print journal". */
  readonly name?: string;
}

export interface JsonlJournalLoad<T> {
  /** The last snapshot of every id, in the order ids first appeared. */
  readonly records: T[];
  /** Lines that could not be read (a torn last line after a crash, or damage). */
  readonly skipped: number;
}

export class JournalClosedError extends Error {
  override readonly name = 'JournalClosedError';
}

export class JsonlJournal<T> {
  private handle: FileHandle | null = null;
  private lines = 0;
  private chain: Promise<void> = Promise.resolve();
  readonly path: string;

  private constructor(private readonly options: JsonlJournalOptions<T>) {
    this.path = join(options.dir, options.file);
  }

  static async open<T>(options: JsonlJournalOptions<T>): Promise<{ journal: JsonlJournal<T>; load: JsonlJournalLoad<T> }> {
    await fsp.mkdir(options.dir, { recursive: true });
    const journal = new JsonlJournal(options);
    const load = await journal.read();
    journal.handle = await fsp.open(journal.path, 'a', 0o600);
    return { journal, load };
  }

  private get label(): string {
    return this.options.name ?? 'journal';
  }

  private async read(): Promise<JsonlJournalLoad<T>> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw error;
    }
    const byId = new Map<string, T>();
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      this.lines++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      if (this.options.validate(value)) byId.set(this.options.idOf(value), value);
      else skipped++;
    }
    return { records: [...byId.values()], skipped };
  }

  /** Lines in the file (snapshots, including superseded and unreadable ones): what compaction would shrink. */
  get lineCount(): number {
    return this.lines;
  }

  /** Appends and fsyncs one snapshot; resolves once it is on disk. Appends and compactions never overlap. */
  append(record: T): Promise<void> {
    return this.serialise(async () => {
      const h = this.handle;
      if (!h) throw new JournalClosedError(`${this.label} is closed`);
      await h.write(`\n${JSON.stringify(record)}\n`);
      await h.datasync();
      this.lines++;
    });
  }

  /** Appends several snapshots with one write and one fsync (a batch from one request). */
  appendMany(records: readonly T[]): Promise<void> {
    if (records.length === 0) return this.serialise(async () => undefined);
    return this.serialise(async () => {
      const h = this.handle;
      if (!h) throw new JournalClosedError(`${this.label} is closed`);
      await h.write(records.map((r) => `\n${JSON.stringify(r)}\n`).join(''));
      await h.datasync();
      this.lines += records.length;
    });
  }

  /** Rewrites the file with exactly these records, atomically. */
  compact(records: readonly T[]): Promise<void> {
    return this.serialise(async () => {
      if (!this.handle) throw new JournalClosedError(`${this.label} is closed`);
      const body = records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
      await this.handle.close();
      this.handle = null;
      await writeFileAtomic(this.path, body);
      this.handle = await fsp.open(this.path, 'a', 0o600);
      this.lines = records.length;
    });
  }

  /** Waits for pending writes, then closes; later appends reject with JournalClosedError. */
  async close(): Promise<void> {
    await this.chain;
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }

  private serialise(job: () => Promise<void>): Promise<void> {
    const run = this.chain.then(job);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
