// The consortium's own e-book counts per title, school and month: one upsert
// per loan, read and turn-away, in the transaction of what it counts (a
// turn-away in its own, since the refused borrow writes nothing).
import type { Sql } from '#server/db/database';
import { taipeiMonth } from './clock';

export type UsageMetric = 'loans' | 'reads' | 'turnaways';

export async function countUsage(tx: Sql, titleId: string, libraryId: string, nowMs: number, metric: UsageMetric): Promise<void> {
  // The column name comes from the closed union above, never from input.
  await tx.query(
    `insert into ebook_usage (title_id, library_id, month, ${metric}) values ($1, $2, $3::date, 1)
     on conflict (title_id, library_id, month) do update set ${metric} = ebook_usage.${metric} + 1`,
    [titleId, libraryId, taipeiMonth(nowMs)],
  );
}
