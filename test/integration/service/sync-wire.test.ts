// The sync wire: the one record pull returns exactly what the per-collection
// pulls return for the device's role (a kiosk reads no requests or parcels),
// with the stored JSON intact; pulls and the live stream
// are gzipped when the client accepts it (and the stream is flushed per
// event); open streams are capped per device, the oldest closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_COLLECTIONS } from '#shared/domain/access';
import { SYNC_PATHS, pullQuery, type RecordsPage } from '#shared/sync/protocol';
import { STREAM_CAP } from '#server/sync/stream';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { SseClient } from '#test/support/sse';
import { until } from '#test/support/until';

for (const backend of await backends()) {
  describe(`the sync wire on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let staff: DeskClient;
    let kiosk: DeskClient;

    beforeAll(async () => {
      svc = await startTestService(backend, { demo: true });
      admin = new AdminClient(svc.url, svc.adminToken);
      staff = await admin.pairDesk('NKUST');
      kiosk = await admin.pairDesk('NKUST', 'kiosk');
    }, 60_000);
    afterAll(async () => svc?.dispose());

    async function pullRecords(d: DeskClient, limit: number): Promise<RecordsPage['rows'][number][]> {
      const rows: RecordsPage['rows'][number][] = [];
      let seq = 0;
      for (;;) {
        const res = await http<RecordsPage>(svc.url, 'GET', `${SYNC_PATHS.pull}${pullQuery(seq, limit)}`, { token: d.token });
        expect(res.status).toBe(200);
        if (res.body.rows.length === 0) return rows;
        rows.push(...res.body.rows);
        seq = res.body.checkpoint.seq;
      }
    }

    it('the one record pull equals the per-collection pulls of the role, page by page', async () => {
      for (const d of [staff, kiosk]) {
        const rows = await pullRecords(d, 37);
        const expected: string[] = [];
        for (const c of ROLE_COLLECTIONS[d.role as 'staff' | 'kiosk'].filter((x) => x !== 'events')) {
          for (const doc of (await d.pullAll<{ id: string; _deleted: boolean }>(c)).documents) {
            expected.push(`${c}/${doc.id}`);
            const row = rows.find((r) => r.collection === c && r.doc.id === doc.id);
            const { _deleted, ...stored } = doc;
            expect(row?.doc).toEqual(stored);
            expect(row?.deleted).toBe(_deleted);
          }
        }
        expect(rows.map((r) => `${r.collection}/${r.doc.id}`).sort()).toEqual(expected.sort());
        expect(rows.length).toBeGreaterThan(30);
      }
      const kioskRows = await pullRecords(kiosk, 1000);
      expect(kioskRows.filter((r) => r.collection === ('requests' as string) || r.collection === ('parcels' as string))).toEqual([]);
      expect((await pullRecords(staff, 1000)).some((r) => r.collection === 'requests')).toBe(true);
    });

    it('refuses a bad page size with a 400 naming the parameter', async () => {
      for (const q of ['?limit=0', '?limit=2001', '?seq=-1', '?seq=x']) {
        const res = await http<{ error: { code: string; message: string } }>(svc.url, 'GET', `${SYNC_PATHS.pull}${q}`, { token: staff.token });
        expect(res.status, q).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
    });

    it('gzips a pull when the client accepts it, and only then', async () => {
      const get = (enc: string) => fetch(`${svc.url}${SYNC_PATHS.pull}${pullQuery(0, 1000)}`, { headers: { authorization: `Bearer ${staff.token}`, 'accept-encoding': enc } });
      const zipped = await get('gzip');
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      const a = (await zipped.json()) as RecordsPage;
      const plain = await get('identity');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect((await plain.json()) as RecordsPage).toEqual(a);
    });

    it('gzips the live stream and flushes each event', async () => {
      const ac = new AbortController();
      const res = await fetch(`${svc.url}${SYNC_PATHS.stream}`, { headers: { authorization: `Bearer ${staff.token}`, 'accept-encoding': 'gzip' }, signal: ac.signal });
      try {
        expect(res.headers.get('content-encoding')).toBe('gzip');
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let text = '';
        // hello and resync arrive at once, not when the compressor's buffer fills.
        const deadline = Date.now() + 5000;
        while (!text.includes('event: resync') && Date.now() < deadline) text += decoder.decode((await reader.read()).value, { stream: true });
        expect(text).toContain('event: hello');
        expect(text).toContain('event: resync');
      } finally {
        ac.abort();
      }
    });

    it(`caps open streams per device (staff ${STREAM_CAP.staff}, kiosk ${STREAM_CAP.kiosk}): the oldest is closed`, async () => {
      for (const d of [staff, kiosk]) {
        const cap = STREAM_CAP[d.role as 'staff' | 'kiosk'];
        const streams: SseClient[] = [];
        for (let i = 0; i < cap + 1; i++) {
          streams.push(await SseClient.connect(`${svc.url}${SYNC_PATHS.stream}`, d.token));
          await streams.at(-1)!.waitFor((e) => e.event === 'resync');
        }
        let oldestEnded = false;
        void streams[0]!.done.then(() => (oldestEnded = true));
        await until('the oldest stream closed', async () => oldestEnded);
        // The newest ones still get changes.
        await admin.patron(`p-cap-${d.role}`, 'NKUST', d.role === 'staff' ? '21010000888880' : '21010000888881');
        for (const s of streams.slice(1)) await s.waitFor((e) => e.event === 'records' && JSON.stringify(e.data).includes(`p-cap-${d.role}`));
        for (const s of streams) s.close();
      }
    });
  });
}
