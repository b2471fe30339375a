// The queue's journal: one JSON line per op change, replayed at open (the last
// line for a key wins) and compacted now and then. The same key twice is one
// op, forever: finished ops beyond keepFinished are shrunk to their key by
// compaction, never forgotten, so a late duplicate is still recognised.
import { JsonlJournal } from '#main/durable/jsonl-journal';
import { isArchived, isJournalRecord } from './op-records';
import type { IlsArchivedKey, IlsOp, JournalRecord } from './queue-types';

export const ILS_JOURNAL_FILE = 'ils-ops.jsonl';

export function openIlsJournal(dir: string): ReturnType<typeof JsonlJournal.open<JournalRecord>> {
  return JsonlJournal.open<JournalRecord>({
    dir,
    file: ILS_JOURNAL_FILE,
    validate: isJournalRecord,
    idOf: (record) => record.key,
    name: 'ILS journal',
  });
}

/** Replays the loaded records into the live ops and archived keys; returns the highest seq seen. */
export function replay(records: readonly JournalRecord[], ops: Map<string, IlsOp>, archived: Map<string, IlsArchivedKey>): number {
  let seq = 0;
  for (const record of records) {
    if (isArchived(record)) archived.set(record.key, record);
    else ops.set(record.key, record);
    seq = Math.max(seq, record.seq);
  }
  return seq;
}

/** At open: compact when the journal is mostly superseded lines or too many finished ops are kept whole. */
export function compactAtOpen(lineCount: number, keys: number, finished: number, keepFinished: number): boolean {
  return lineCount > 2 * keys + 200 || finished > keepFinished;
}

/** While running: a looser bound, so a busy queue does not rewrite its journal after every op. */
export function compactWhileRunning(lineCount: number, keys: number): boolean {
  return lineCount > 4 * keys + 1000;
}

/**
 * Shrinks the oldest finished ops (beyond keepFinished) to archived keys and
 * returns every record to rewrite the journal with, in seq order.
 */
export function shrinkFinished(
  finished: readonly IlsOp[],
  keepFinished: number,
  ops: Map<string, IlsOp>,
  archived: Map<string, IlsArchivedKey>,
): JournalRecord[] {
  const shrink = finished.slice(0, Math.max(0, finished.length - keepFinished));
  for (const op of shrink) {
    ops.delete(op.key);
    archived.set(op.key, { key: op.key, archived: true, state: op.state === 'reported' ? 'reported' : 'done', seq: op.seq });
  }
  return [...archived.values(), ...ops.values()].sort((a, b) => a.seq - b.seq);
}
