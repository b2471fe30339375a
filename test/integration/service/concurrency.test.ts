// Idempotency and concurrency: the same push twice changes nothing; two desks
// racing for one hold get one winner and one exception; concurrent pushes
// never let a pulling desk skip a record; every service process streams every
// change (LISTEN/NOTIFY).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSE_EVENTS, SYNC_PATHS, collectionPullPath, pullQuery } from '#shared/sync/protocol';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { SseClient } from '#test/support/sse';
import { createPairingCode, pairDevice } from '#server/pairing/auth';
import type { Database } from '#server/db/database';

async function quickDesk(db: Database, base: string, libraryId: string, name: string): Promise<DeskClient> {
  const { code } = await createPairingCode(db, libraryId, 'staff');
  const res = await pairDevice(db, code, name);
  if (!res.ok) throw new Error('pairing failed');
  const { DeskClient: Desk } = await import('#test/support/client');
  return new Desk(base, res.device.id, libraryId, res.token, 'staff');
}

/** Put one item on NKUST's hold shelf for patron p-1; returns its hold id. */
async function holdOnShelf(admin: AdminClient, lender: DeskClient, borrower: DeskClient, n: number): Promise<string> {
  const barcode = `3100000000${n.toString().padStart(4, '0')}`;
  const { id } = await admin.request('NKUST', 'NPTU', 'p-1', barcode);
  await lender.push('item.packed', { parcelId: `par-c-${n}`, toLibraryId: 'NKUST', requestId: id, itemBarcode: barcode });
  await lender.push('parcel.sealed', { parcelId: `par-c-${n}` });
  await lender.push('parcel.dispatched', { parcelId: `par-c-${n}`, courier: 'HCT', trackingNumber: `T${n}` });
  const r = await borrower.push('item.received', { itemBarcode: barcode, parcelId: `par-c-${n}`, ownerLibraryId: null, holdId: `hold-c-${n}` });
  expect(r.status).toBe('applied');
  return `hold-c-${n}`;
}

for (const backend of await backends()) {
  describe(`idempotency and concurrency on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let lender: DeskClient;
    let deskA: DeskClient;
    let deskB: DeskClient;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      lender = await quickDesk(svc.db, svc.url, 'NPTU', 'NPTU desk');
      deskA = await quickDesk(svc.db, svc.url, 'NKUST', 'NKUST desk 1');
      deskB = await quickDesk(svc.db, svc.url, 'NKUST', 'NKUST desk 2');
      await admin.patron('p-1', 'NKUST', '2001000012345');
      await admin.patron('p-2', 'NKUST', '2001000099999');
    });
    afterAll(async () => svc?.dispose());

    it('treats the same push twice as one: no new sequence numbers, same records', async () => {
      const { id } = await admin.request('NKUST', 'NPTU', 'p-1', '31000000009001');
      const e = lender.event('request.pull_slip_printed', { requestIds: [id] });
      const first = await lender.pushRaw([e]);
      expect(first.body.results[0]).toMatchObject({ status: 'applied' });
      const seqBefore = ((await http<{ seq: number }>(svc.url, 'GET', SYNC_PATHS.health)).body).seq;
      const before = await admin.record('requests', id);
      const second = await lender.pushRaw([e]);
      expect(second.status).toBe(200);
      // A known event is answered with the stored copy as the conflict, so a desk that lost the first answer converges to it.
      expect(second.body.results).toEqual([{ id: e.id, status: 'duplicate' }]);
      expect(second.body.conflicts).toEqual([{ ...e, status: 'applied', reason: '', _deleted: false }]);
      expect(((await http<{ seq: number }>(svc.url, 'GET', SYNC_PATHS.health)).body).seq).toBe(seqBefore);
      expect(await admin.record('requests', id)).toEqual(before);
      // The same id with different content is a conflict: the server's version comes back, nothing changes.
      const tampered = { ...e, payload: { requestIds: [id, id] } };
      const third = await lender.pushRaw([tampered]);
      expect(third.body.conflicts).toHaveLength(1);
      expect(third.body.conflicts[0]).toMatchObject({ id: e.id, status: 'applied', payload: { requestIds: [id] } });
    });

    it('lets exactly one of two desks check out the same hold; the loser gets an exception record', async () => {
      const holdId = await holdOnShelf(admin, lender, deskA, 1);
      const [a, b] = await Promise.all([
        deskA.pushRaw([deskA.event('loan.started', { loanId: 'loan-race-a', holdId, patronId: 'p-1' })]),
        deskB.pushRaw([deskB.event('loan.started', { loanId: 'loan-race-b', holdId, patronId: 'p-1' })]),
      ]);
      const results = [a.body.results[0]!, b.body.results[0]!];
      expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected')!;
      expect(lost.reason).toBe('HOLD_NOT_WAITING');
      const loser = lost === results[0] ? deskA : deskB;
      const winner = loser === deskA ? deskB : deskA;
      const exceptions = (await loser.pullAll<{ eventId: string; reason: string; nextStep: string; deviceId: string }>('exceptions')).documents;
      expect(exceptions).toEqual([expect.objectContaining({ eventId: lost.id, reason: 'HOLD_NOT_WAITING', deviceId: loser.deviceId })]);
      expect(exceptions[0]!.nextStep.length).toBeGreaterThan(0);
      // The winner has no exception, and its event replicates back as applied.
      expect((await winner.pullAll('exceptions')).documents).toHaveLength(0);
      const events = (await winner.pullAll<{ type: string; status: string }>('events')).documents;
      expect(events.filter((e) => e.type === 'loan.started').map((e) => e.status)).toEqual(['applied']);
      const loans = (await admin.records<{ state: string; id: string }>('loans')).documents.filter((l) => l.id.startsWith('loan-race'));
      expect(loans).toHaveLength(1);
    });

    it('never lets a pulling desk skip a record while many desks push at once', async () => {
      const desks = await Promise.all(Array.from({ length: 6 }, (_, i) => quickDesk(svc.db, svc.url, 'NKUST', `burst ${i}`)));
      const puller = await quickDesk(svc.db, svc.url, 'NKUST', 'puller');
      const start = await puller.pullAll<{ id: string }>('requests');
      const seen = new Set(start.documents.map((d) => d.id));
      let checkpoint = start.checkpoint.seq;
      let pushing = true;
      const seqs: number[] = [];
      const pulling = (async () => {
        while (pushing) {
          const page = await http<{ documents: Array<{ id: string }>; checkpoint: { seq: number } }>(svc.url, 'GET', `${collectionPullPath('requests')}${pullQuery(checkpoint, 50)}`, { token: puller.token });
          for (const d of page.body.documents) seen.add(d.id);
          if (page.body.checkpoint.seq < checkpoint) throw new Error('checkpoint went backwards');
          seqs.push(page.body.checkpoint.seq);
          checkpoint = page.body.checkpoint.seq;
        }
      })();
      const created: string[] = [];
      await Promise.all(desks.map(async (desk, d) => {
        for (let round = 0; round < 8; round++) {
          const batch = Array.from({ length: 5 }, (_, k) => {
            const requestId = `burst-${d}-${round}-${k}`;
            created.push(requestId);
            return desk.event('request.created', {
              requestId, patronId: 'p-2', lenderLibraryId: 'NPTU', neededBy: null, note: '',
              item: { barcode: `3200${d}${round}${k}0000000`, title: '書', author: '', callNumber: '', location: '', parts: 1 },
            });
          });
          const res = await desk.pushRaw(batch);
          expect(res.status).toBe(200);
          expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
        }
      }));
      pushing = false;
      await pulling;
      // Catch up with whatever committed after the last page, then nothing may be missing.
      const rest = await puller.pullAll<{ id: string }>('requests', checkpoint);
      for (const d of rest.documents) seen.add(d.id);
      expect(created.filter((id) => !seen.has(id))).toEqual([]);
      expect(created).toHaveLength(240);
    });

    it('streams a RESYNC on every (re)connect, then each change in scope', async () => {
      const s1 = await SseClient.connect(`${svc.url}${SYNC_PATHS.stream}`, deskA.token);
      await s1.waitFor((e) => e.event === SSE_EVENTS.resync);
      const { id } = await admin.request('NKUST', 'NPTU', 'p-1', '31000000009002');
      // Every record collection of a committed range comes as one `records` message, with the range's checkpoint.
      const change = await s1.waitFor((e) => e.event === SSE_EVENTS.records && JSON.stringify(e.data).includes(id));
      expect(change.data).toMatchObject({ rows: expect.arrayContaining([{ collection: 'requests', deleted: false, doc: expect.objectContaining({ id }) }]), checkpoint: { seq: expect.any(Number) } });
      s1.close();
      const s2 = await SseClient.connect(`${svc.url}${SYNC_PATHS.stream}`, deskA.token);
      await s2.waitFor((e) => e.event === SSE_EVENTS.resync);
      s2.close();
    });

    // Several processes on one database exist only with a PostgreSQL server (PGlite is one process's file).
    if (backend === 'postgres') it('streams changes made through another service process on the same database', async () => {
      const other = await startTestService('postgres', { databaseUrl: svc.databaseUrl! });
      try {
        const stream = await SseClient.connect(`${other.url}/replication/stream`, deskA.token);
        await stream.waitFor((e) => e.event === SSE_EVENTS.resync);
        // Pushed to the first process, streamed by the second.
        const { id } = await admin.request('NKUST', 'NPTU', 'p-1', '31000000009003');
        await stream.waitFor((e) => e.event === SSE_EVENTS.records && JSON.stringify(e.data).includes(id));
        stream.close();
      } finally {
        await other.stop();
      }
    });
  });
}
