// The print queue's durable store: an append-only file of JSON lines, one
// full job snapshot per change (the last line for an id wins on replay).
// Each append is fsync'd before the queue acts on it, so "printing" is on
// disk before the first byte goes to the printer. A crash mid-append leaves
// at most a torn last line, which replay skips. When the file has grown well
// past the live jobs it is rewritten with write-to-temp, fsync, rename, so a
// crash during compaction leaves either the old or the new file.
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isSlip } from '../../../shared/slips/model';
import type { Slip } from '../../../shared/slips/model';

export type PrintJobState = 'queued' | 'printing' | 'printed' | 'failed';

export interface PrintJob {
  readonly id: string;
  /** Idempotency key from the caller: the same key twice is one job. */
  readonly key: string;
  readonly slip: Slip;
  readonly state: PrintJobState;
  /** Times the job's bytes were sent to a printer. */
  readonly attempts: number;
  /** The next (or last) print is marked "COPY / 補印": an earlier attempt's outcome is unknown. */
  readonly copy: boolean;
  /** Why it failed, or why it waits. */
  readonly reason: string | null;
  readonly warnings: readonly string[];
  /** Enqueue order (survives restarts). */
  readonly seq: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly printedAt: string | null;
}

const STATES: readonly PrintJobState[] = ['queued', 'printing', 'printed', 'failed'];

function isJob(v: unknown): v is PrintJob {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Record<string, unknown>;
  return (
    typeof j.id === 'string' &&
    typeof j.key === 'string' &&
    STATES.includes(j.state as PrintJobState) &&
    typeof j.attempts === 'number' &&
    typeof j.copy === 'boolean' &&
    typeof j.seq === 'number' &&
    typeof j.createdAt === 'string' &&
    Array.isArray(j.warnings) &&
    isSlip(j.slip)
  );
}

export interface JournalLoad {
  readonly jobs: PrintJob[];
  /** Lines that could not be read (a torn last line after a crash, or damage). */
  readonly skipped: number;
}

export const JOURNAL_FILE = 'print-jobs.jsonl';

export class JobJournal {
  private handle: FileHandle | null = null;
  private lines = 0;
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(dir: string): Promise<{ journal: JobJournal; load: JournalLoad }> {
    await fsp.mkdir(dir, { recursive: true });
    const journal = new JobJournal(join(dir, JOURNAL_FILE));
    const load = await journal.read();
    journal.handle = await fsp.open(journal.file, 'a');
    return { journal, load };
  }

  private async read(): Promise<JournalLoad> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { jobs: [], skipped: 0 };
      throw error;
    }
    const byId = new Map<string, PrintJob>();
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      this.lines++;
      try {
        const job: unknown = JSON.parse(line);
        if (isJob(job)) byId.set(job.id, job);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    return { jobs: [...byId.values()], skipped };
  }

  get lineCount(): number {
    return this.lines;
  }

  /** Appends and fsyncs one snapshot; resolves once it is on disk. Appends never overlap. */
  append(job: PrintJob): Promise<void> {
    const run = this.chain.then(async () => {
      const h = this.handle;
      if (!h) throw new Error('print journal is closed');
      // A torn line from a crash would otherwise glue onto this one: every record starts on its own line.
      await h.write(`\n${JSON.stringify(job)}\n`);
      await h.datasync();
      this.lines++;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Rewrites the file with exactly these jobs (atomically). */
  compact(jobs: readonly PrintJob[]): Promise<void> {
    const run = this.chain.then(async () => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      const body = jobs.map((j) => JSON.stringify(j)).join('\n') + (jobs.length ? '\n' : '');
      const t = await fsp.open(tmp, 'w');
      try {
        await t.writeFile(body);
        await t.sync();
      } finally {
        await t.close();
      }
      await this.handle?.close();
      this.handle = null;
      await fsp.rename(tmp, this.file);
      // The rename is durable only once the directory entry is.
      const dir = await fsp.open(join(this.file, '..'), 'r').catch(() => null);
      if (dir) {
        await dir.sync().catch(() => undefined);
        await dir.close();
      }
      this.handle = await fsp.open(this.file, 'a');
      this.lines = jobs.length;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.chain;
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }
}
