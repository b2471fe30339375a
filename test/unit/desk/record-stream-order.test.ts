// The record stream never stores an older copy over a newer one. The service
// sends 'resync' first on a connection and then live changes; a change read
// before a pull but written after it carries records the pull already stored
// in a later state. That order is what a restarted kiosk saw: its hold stayed
// 'waiting' beside the loan that picked it up.
import { afterEach, describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { recordsRxSchema } from '#desk-core/sync/replica';
import { COMPACT_AT, RecordStream, replayPages, type RecordPage, type RecordPageRow } from '#desk-core/sync/record-stream';
import type { RecordDoc, StreamEmission } from '#desk-core/sync/http-replication';
import type { Checkpoint } from '#shared/sync/protocol';

addRxPlugin(RxDBLocalDocumentsPlugin);

const hold = (state: string): RecordDoc => ({ key: 'holds|h-1', kind: 'holds', doc: { id: 'h-1', state }, _deleted: false });
const loan: RecordDoc = { key: 'loans|l-1', kind: 'loans', doc: { id: 'l-1', state: 'out' }, _deleted: false };

let db: RxDatabase | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

async function setUp(pages: RecordPage[]) {
  db = await createRxDatabase({ name: `rs-${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory(), multiInstance: false });
  const { record_pages: records } = await db.addCollections({ record_pages: { schema: recordsRxSchema() as never, localDocuments: true } });
  const stream$ = new Subject<StreamEmission<RecordDoc>>();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const served: Array<Checkpoint | undefined> = [];
  const rs = new RecordStream({
    records: records as RxCollection<RecordPageRow>,
    pull: async (checkpoint) => {
      served.push(checkpoint);
      await gate; // the pull is slow: live changes arrive while it runs
      const from = checkpoint?.seq ?? 0;
      return pages.find((p) => p.checkpoint.seq > from) ?? { documents: [], checkpoint: checkpoint ?? { seq: 0 } };
    },
    stream$,
    checkpointId: 'cp',
    batchSize: 1000,
    retryTimeMs: 10,
  });
  return { records: records as RxCollection<RecordPageRow>, stream$, rs, release, served };
}

/** A record as the desk would show it: the page log replayed. */
async function current(records: RxCollection<RecordPageRow>): Promise<Map<string, RecordDoc>> {
  const pages = await records.find({ selector: {}, sort: [{ key: 'asc' }] }).exec();
  return replayPages(pages.map((p) => p.toJSON() as unknown as RecordPageRow));
}

async function stateOf(records: RxCollection<RecordPageRow>, key: string): Promise<unknown> {
  return (await current(records)).get(key)?.doc['state'];
}

describe('the record stream', () => {
  it('drops a live change the pull before it already covered (no older copy over a newer one)', async () => {
    // The pull (read after both commits) has the hold picked up and the loan, up to seq 25.
    const { records, stream$, rs, release } = await setUp([{ documents: [hold('picked_up'), loan], checkpoint: { seq: 25 } }]);
    rs.start();
    // The range up to 20 was read before the checkout committed: the hold still waiting.
    stream$.next({ documents: [hold('waiting')], checkpoint: { seq: 20 } });
    release();
    await rs.awaitInSync();
    expect(await stateOf(records, 'holds|h-1')).toBe('picked_up');
    expect(await stateOf(records, 'loans|l-1')).toBe('out');
    await rs.cancel();
  });

  it('stores a live change past the checkpoint, and moves the checkpoint on', async () => {
    const { records, stream$, rs, release } = await setUp([{ documents: [hold('waiting')], checkpoint: { seq: 20 } }]);
    rs.start();
    stream$.next({ documents: [hold('picked_up'), loan], checkpoint: { seq: 25 } });
    release();
    await rs.awaitInSync();
    expect(await stateOf(records, 'holds|h-1')).toBe('picked_up');
    const cp = await records.getLocal<Checkpoint>('cp');
    expect(cp?.get('seq')).toBe(25);
    await rs.cancel();
  });

  it('a restarted stream reads its stored checkpoint before judging a change', async () => {
    const first = await setUp([{ documents: [hold('picked_up'), loan], checkpoint: { seq: 25 } }]);
    first.release();
    first.rs.start();
    await first.rs.awaitInSync();
    await first.rs.cancel();
    // A second stream on the same collection (the kiosk after kill -9): a stale change arrives first.
    const stream$ = new Subject<StreamEmission<RecordDoc>>();
    const again = new RecordStream({
      records: first.records, pull: async (cp) => ({ documents: [], checkpoint: cp ?? { seq: 0 } }), stream$,
      checkpointId: 'cp', batchSize: 1000, retryTimeMs: 10,
    });
    stream$.next({ documents: [hold('waiting')], checkpoint: { seq: 20 } });
    again.start();
    stream$.next({ documents: [hold('waiting')], checkpoint: { seq: 20 } });
    await again.awaitInSync();
    expect(await stateOf(first.records, 'holds|h-1')).toBe('picked_up');
    await again.cancel();
  });

  it('folds a long log into a few rows of current copies, and the replay is unchanged', async () => {
    const { records, stream$, rs, release } = await setUp([]);
    release();
    rs.start();
    await rs.awaitInSync();
    // Many small changes: a hold going back and forth, loans coming and one deleted.
    for (let i = 1; i <= COMPACT_AT + 5; i++) {
      const loanI: RecordDoc = { key: `loans|l-${i % 7}`, kind: 'loans', doc: { id: `l-${i % 7}`, state: `s${i}` }, _deleted: i % 7 === 3 && i > COMPACT_AT - 10 };
      stream$.next({ documents: [hold(i % 2 ? 'waiting' : 'picked_up'), loanI], checkpoint: { seq: 100 + i } });
    }
    await rs.awaitInSync();
    const rows = await records.find().exec();
    expect(rows.length).toBeLessThan(20);
    const now = await current(records);
    expect(now.get('holds|h-1')?.doc['state']).toBe((COMPACT_AT + 5) % 2 ? 'waiting' : 'picked_up');
    expect(now.has('loans|l-3')).toBe(false);
    expect(now.get(`loans|l-${(COMPACT_AT + 5) % 7}`)?.doc['state']).toBe(`s${COMPACT_AT + 5}`);
    expect((await records.getLocal<Checkpoint>('cp'))?.get('seq')).toBe(100 + COMPACT_AT + 5);
    await rs.cancel();
  });
});
