// The print queue's durable store: the generic JSON-lines journal
// (src/main/durable/jsonl-journal.ts) holding one full job snapshot per
// change, the last line for an id winning on replay. Each append is fsync'd
// before the queue acts on it, so "printing" is on disk before the first byte
// goes to the printer; a torn last line after a crash is skipped; compaction
// is write-to-temp, fsync, rename.
import { JsonlJournal } from '#main/durable/jsonl-journal';
import { isSlip } from '#shared/slips/model';
import type { Slip } from '#shared/slips/model';

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

/** The print queue's view of the generic journal (kept so print-queue.ts reads as before). */
export class JobJournal {
  private constructor(private readonly inner: JsonlJournal<PrintJob>) {}

  static async open(dir: string): Promise<{ journal: JobJournal; load: JournalLoad }> {
    const { journal, load } = await JsonlJournal.open<PrintJob>({
      dir,
      file: JOURNAL_FILE,
      validate: isJob,
      idOf: (job) => job.id,
      name: 'print journal',
    });
    return { journal: new JobJournal(journal), load: { jobs: load.records, skipped: load.skipped } };
  }

  get lineCount(): number {
    return this.inner.lineCount;
  }

  /** Appends and fsyncs one snapshot; resolves once it is on disk. Appends never overlap. */
  append(job: PrintJob): Promise<void> {
    return this.inner.append(job);
  }

  /** Rewrites the file with exactly these jobs (atomically). */
  compact(jobs: readonly PrintJob[]): Promise<void> {
    return this.inner.compact(jobs);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
