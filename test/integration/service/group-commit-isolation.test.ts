// One push the database refuses must not fail the other desks' pushes that
// share its group commit, and within the refused push only the event that
// caused it is rejected. The poison is made by the database itself: a
// wrapper turns a marker in one event's note into "\u0000" inside the JSON
// the service writes, which PostgreSQL's jsonb refuses (SQLSTATE 22P05) —
// text the service's own screens cannot see, as a cut made by a rule could be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '#test/support/service';
import { startInterceptedService, type InterceptedService } from '#test/support/faulty-db';
import { AdminClient, type DeskClient } from '#test/support/client';
import { pairOnDb } from './access-fixtures';

const MARKER = 'POISON-MARKER';
const LENDER = 'NKUST';
const BORROWERS = ['NPTU', 'NUK', 'KMU', 'STUST', 'WZU', 'CSU', 'FYU', 'STU', 'KSU', 'CNU'];
const PUSHES_PER_BORROWER = 5;

const item = (barcode: string) => ({ barcode, title: '資料結構與演算法 𠮷', author: '李四', callNumber: 'QA76.9', location: '3F', parts: 1 });

/**
 * In a batch of records being written (a JSON array of {collection, …} rows), the marker becomes a JSON
 * "\u0000" in every record the rules wrote — not in the event itself, as when a rule's own cut makes text
 * the database refuses: the event stored as rejected is then storable.
 */
function poisonRecords(param: unknown): unknown {
  if (typeof param !== 'string' || !param.includes(MARKER) || !param.startsWith('[')) return param;
  const rows = JSON.parse(param) as Array<{ collection?: string }>;
  return `[${rows.map((r) => (r.collection === 'events' ? JSON.stringify(r) : JSON.stringify(r).replaceAll(MARKER, '\\u0000'))).join(',')}]`;
}

for (const backend of await backends()) {
  describe(`group commit isolation on ${backend}`, () => {
    let svc: InterceptedService;
    let poisoner: DeskClient;
    const desks: DeskClient[] = [];

    beforeAll(async () => {
      svc = await startInterceptedService(backend, (_text, params) => params?.map(poisonRecords));
      const admin = new AdminClient(svc.url, svc.adminToken);
      poisoner = await pairOnDb(svc, 'NKUST');
      await admin.patron('p-NKUST', 'NKUST', '2000000000001');
      for (const [i, lib] of BORROWERS.entries()) {
        await admin.patron(`p-${lib}`, lib, `20000000001${i.toString().padStart(2, '0')}`);
        desks.push(await pairOnDb(svc, lib));
      }
    });
    afterAll(async () => svc?.dispose());

    it('one poisoned push among 50 concurrent clean pushes from other libraries: all 50 applied; in the poisoned push only the poisoned event is rejected', async () => {
      let n = 0;
      const created = (desk: DeskClient, note = '') =>
        desk.event('request.created', { requestId: `req-${desk.libraryId.toLowerCase()}-${n}`, patronId: `p-${desk.libraryId}`, lenderLibraryId: desk.libraryId === LENDER ? 'NPTU' : LENDER, item: item(`31000000${(n++).toString().padStart(6, '0')}`), neededBy: null, note });
      const clean = desks.flatMap((d) => Array.from({ length: PUSHES_PER_BORROWER }, () => [created(d)]));
      expect(clean).toHaveLength(50);
      const before = created(poisoner);
      const poisoned = created(poisoner, `note ${MARKER}`);
      const after = created(poisoner);
      const cleanDesk = (i: number) => desks[Math.floor(i / PUSHES_PER_BORROWER)]!;
      // The poisoned push goes in the middle of the clean ones, so it shares a group commit with many of them.
      const sends = clean.map((docs, i) => () => cleanDesk(i).pushRaw(docs));
      sends.splice(10, 0, () => poisoner.pushRaw([before, poisoned, after]));
      const answers = await Promise.all(sends.map((send) => send()));

      const poisonAnswer = answers.splice(10, 1)[0]!;
      const statuses = answers.map((a) => `${a.status} ${a.body.results?.[0]?.status ?? JSON.stringify(a.body)}`);
      expect(statuses.filter((s) => s === '200 applied'), statuses.join('\n')).toHaveLength(50);

      expect(poisonAnswer.status).toBe(200);
      const byId = new Map(poisonAnswer.body.results.map((r) => [r.id, r]));
      expect(byId.get(before.id)?.status).toBe('applied');
      expect(byId.get(after.id)?.status).toBe('applied');
      expect(byId.get(poisoned.id)).toMatchObject({ status: 'rejected', reason: 'UNPROCESSABLE_EVENT' });

      // The desk's replica gets the rejection and its exception, so its queue moves on.
      const events = (await poisoner.pullAll<{ id: string; status: string }>('events')).documents;
      expect(events.find((e) => e.id === poisoned.id)?.status).toBe('rejected');
      const exceptions = (await poisoner.pullAll<{ eventId: string; reason: string }>('exceptions')).documents;
      expect(exceptions.find((e) => e.eventId === poisoned.id)?.reason).toBe('UNPROCESSABLE_EVENT');
      // Every clean request is there, once.
      const requests = (await desks[0]!.pullAll<{ id: string }>('requests')).documents.map((r) => r.id);
      expect(requests.filter((id) => id.startsWith('req-nptu-'))).toHaveLength(PUSHES_PER_BORROWER);
    });
  });
}
