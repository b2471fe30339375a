// When embedded PGlite re-analyzes the record tables: as PostgreSQL's
// autovacuum would, after a tenth of the table has changed (and not for a
// handful of changes on a small table).
import { describe, expect, it } from 'vitest';
import { needsAnalyze } from '#server/records/planner-stats';

const limits = { minChanges: 5_000, scaleFactor: 0.1 };

describe('planner statistics for PGlite', () => {
  it('waits for a tenth of the table and at least the minimum', () => {
    expect(needsAnalyze(0, 4_999, limits)).toBe(false);
    expect(needsAnalyze(0, 5_000, limits)).toBe(true);
    expect(needsAnalyze(100_000, 109_999, limits)).toBe(false);
    expect(needsAnalyze(100_000, 110_000, limits)).toBe(true);
  });
});
