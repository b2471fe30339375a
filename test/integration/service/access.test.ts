// Who may read and write what, through the real service on every backend:
// library A (NKUST) and library B (NPTU) with staff and kiosk desks, a third
// library C (NUK) lending to both, and real circulation driven through push.
// Every collection is checked on every verb (pull, push, stream) against an
// oracle written from the rules (access-fixtures.ts), plus device tokens,
// revocation, the administrator boundary and pairing codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { backends, startTestService, TIME_TRAVEL_BOUNDS } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { hashSecret } from '#server/pairing/auth';
import { reserve as reserveAtFair } from '#server/fairs/service';
import type { PatronRecord } from '#shared/domain/records';
import { EVENT_TYPES, type EventType } from '#shared/domain/events';
import {
  ALL_COLLECTIONS, KIOSK_EVENT_TYPES, KIOSK_HIDDEN, STAFF_EVENT_TYPES, allRecords, canReadCollection, expectError, healthSeq, pairOnDb,
  samplePayload, visibleTo, type ErrorShape, type StoredRecord,
} from './access-fixtures';
import { SseStream, type ChangeBatch } from './access-sse';

const A = 'NKUST';
const B = 'NPTU';
const C = 'NUK';
const DAY_MS = 86_400_000;

type Svc = Awaited<ReturnType<typeof startTestService>>;
type Doc = Record<string, unknown> & { id: string };

const who = (d: DeskClient) => ({ deviceId: d.deviceId, libraryId: d.libraryId, role: d.role });
const label = (d: DeskClient) => `${d.role}@${d.libraryId}`;
const byId = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const asPulled = (r: StoredRecord): Doc => ({ ...r.data, id: r.id, _deleted: r.deleted });

for (const backend of await backends()) {
  describe(`access control on ${backend}`, () => {
    let svc: Svc;
    let admin: AdminClient;
    let staffA: DeskClient;
    let staffA2: DeskClient;
    let kioskA: DeskClient;
    let staffB: DeskClient;
    let kioskB: DeskClient;
    let staffC: DeskClient;
    let desks: DeskClient[];
    const streams = new Map<string, SseStream>();
    /** What each stream had carried when the scenario finished, and the records at that moment. */
    const streamed = new Map<string, Array<{ collection: string; doc: ChangeBatch['documents'][number] }>>();
    let streamStartSeq = 0;
    let atBarrier: StoredRecord[] = [];
    const req = { AB: '', AC: '', BC: '' };
    const cards = { AB: '', BC: '', BA: '' };

    const libraryBody = async (id: string): Promise<Record<string, unknown>> => {
      const lib = await admin.record<Record<string, unknown>>('libraries', id);
      if (!lib) throw new Error(`no library ${id}`);
      const { id: _id, updatedAt: _u, ...rest } = lib;
      return rest;
    };
    const item = (barcode: string, title: string) => ({ item: { barcode, title, author: '作者', callNumber: 'QA76', location: '3F', parts: 1 } });

    async function scenario(): Promise<void> {
      await admin.call('PUT', `/admin/policies/${A}`, { loanLimit: 6 });
      await admin.patron('pat-A', A, '2001000000001');
      await admin.patron('pat-B', B, '2002000000001', { name: '陳秘密' });
      await admin.patron('pat-C', C, '2003000000001');
      req.AB = (await admin.request(A, B, 'pat-A', 'BC-AB-0001', item('BC-AB-0001', 'A borrows from B'))).id;
      req.AC = (await admin.request(A, C, 'pat-A', 'BC-AC-0001', item('BC-AC-0001', 'A borrows from C'))).id;
      req.BC = (await admin.request(B, C, 'pat-B', 'BC-BC-0001', item('BC-BC-0001', 'SECRET-TITLE-OF-B'))).id;

      // C lends to A and to B; B lends to A (packed and sealed, not yet dispatched).
      expect((await staffC.push('request.pull_slip_printed', { requestIds: [req.AC, req.BC] })).status).toBe('applied');
      for (const [parcel, to, requestId, barcode, tracking] of [['par-CA', A, req.AC, 'BC-AC-0001', 'HCT-CA'], ['par-CB', B, req.BC, 'BC-BC-0001', 'HCT-SECRET-CB']] as const) {
        expect((await staffC.push('item.packed', { parcelId: parcel, toLibraryId: to, requestId, itemBarcode: barcode })).status).toBe('applied');
        expect((await staffC.push('parcel.sealed', { parcelId: parcel })).status).toBe('applied');
        expect((await staffC.push('parcel.dispatched', { parcelId: parcel, courier: '新竹物流', trackingNumber: tracking })).status).toBe('applied');
      }
      expect((await staffB.push('request.pull_slip_printed', { requestIds: [req.AB] })).status).toBe('applied');
      expect((await staffB.push('item.packed', { parcelId: 'par-BA', toLibraryId: A, requestId: req.AB, itemBarcode: 'BC-AB-0001' })).status).toBe('applied');
      expect((await staffB.push('parcel.sealed', { parcelId: 'par-BA' })).status).toBe('applied');

      // Each borrower receives its item onto the hold shelf, its kiosk lends it, and it comes back late: a hold, a loan and a fine per library.
      for (const [staff, kiosk, parcel, barcode, patron, tag] of [[staffA, kioskA, 'par-CA', 'BC-AC-0001', 'pat-A', 'A'], [staffB, kioskB, 'par-CB', 'BC-BC-0001', 'pat-B', 'B']] as const) {
        const received = await staff.push('item.received', { itemBarcode: barcode, parcelId: parcel, ownerLibraryId: null, holdId: `hold-${tag}` });
        expect(received).toMatchObject({ status: 'applied', outcome: { kind: 'hold_shelf', holdId: `hold-${tag}` } });
        expect((await staff.push('parcel.closed', { parcelId: parcel })).status).toBe('applied');
        expect((await kiosk.push('loan.started', { loanId: `loan-${tag}`, holdId: `hold-${tag}`, patronId: patron })).status).toBe('applied');
        staff.at = new Date(Date.now() + 90 * DAY_MS).toISOString();
        const ended = await staff.push('loan.ended', { loanId: `loan-${tag}`, fineId: `fine-${tag}` });
        staff.at = null;
        expect(ended).toMatchObject({ status: 'applied', outcome: { kind: 'returned' } });
        expect((ended.outcome as { fineAmount: number }).fineAmount).toBeGreaterThan(0);
      }

      // Virtual cards: one A and B see (A's patron at B), one only B and C see, one every library sees; a key rotation (public).
      const issueCard = async (desk: DeskClient, body: Record<string, unknown>) => {
        const res = await http<{ card: Doc; cardText: string }>(svc.url, 'POST', '/api/cards', { token: desk.token, body });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.card as Doc & { hostLibraryId: string; validFrom: string; validUntil: string; loanLimit: number; holderName: string; homeLibraryId: string | null; organisation: string | null };
      };
      const visitor = (c: Awaited<ReturnType<typeof issueCard>>) => ({
        cardId: c.id, holderName: c.holderName, homeLibraryId: c.homeLibraryId, organisation: c.organisation,
        hostLibraryId: c.hostLibraryId, validFrom: c.validFrom, validUntil: c.validUntil, loanLimit: c.loanLimit,
      });
      // (pat-A and pat-B now owe fines above the block threshold: cards go to patrons in good standing.)
      await admin.patron('pat-A-card', A, '2001000000002');
      await admin.patron('pat-B-card', B, '2002000000002', { name: '林訪客' });
      cards.AB = (await issueCard(staffA, { patronId: 'pat-A-card', hostLibraryId: B, loanLimit: 1 })).id;
      cards.BC = (await issueCard(staffB, { patronId: 'pat-B-card', hostLibraryId: C })).id;
      const toA = await issueCard(staffB, { patronId: 'pat-B-card', hostLibraryId: A, loanLimit: 1 });
      cards.BA = toA.id;
      const partner = await http<{ card: Doc }>(svc.url, 'POST', '/admin/cards', { token: svc.adminToken, body: { holderName: '李大同', holderId: 'CSC-1', organisation: '中鋼公司', hostLibraryId: '*', validUntil: new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10) } });
      expect(partner.status).toBe(200);
      expect((await http(svc.url, 'POST', '/admin/card-keys/rotate', { token: svc.adminToken, body: {} })).status).toBe(200);
      // Over the limit at B (A may not see the exception) and at A (every device of A sees it).
      const abCard = (await admin.record<Doc>('cards', cards.AB))!;
      for (const [n, d] of [[1, staffB], [2, staffB]] as const) {
        expect((await d.push('loan.visitor_started', { loanId: `vloan-B-${n}`, itemBarcode: `VB-000${n}`, title: '訪客借閱', card: visitor(abCard as never) })).status).toBe('applied');
      }
      for (const [n, d] of [[1, staffA], [2, staffA2]] as const) {
        expect((await d.push('loan.visitor_started', { loanId: `vloan-A-${n}`, itemBarcode: `VA-000${n}`, title: '訪客借閱', card: visitor(toA) })).status).toBe('applied');
      }
      expect((await staffB.push('card.revoked', { cardId: cards.BC, reason: '讀者掛失' })).status).toBe('applied');
      // A swap fair at A and at B, each with a reservation (as the portal makes them).
      for (const [lib, patronId] of [[A, 'pat-A-card'], [B, 'pat-B-card']] as const) {
        const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
        const made = await admin.call<{ fair: Doc; items: Doc[] }>('POST', '/admin/fairs', { libraryId: lib, id: `fair-${lib}`, title: '曬書祭', place: '大廳', startsOn: today, endsOn: today, items: [{ title: '樣本' }] });
        await reserveAtFair(svc.db, (await admin.record<PatronRecord>('patrons', patronId))!, String(made.fair['id']), String(made.items[0]!['id']), Date.now());
      }

      // A refusal becomes an exception record for the staff desk that sent it, and only for it;
      // a kiosk's is its library's (nobody works at a kiosk), so every device of that library gets it.
      for (const d of desks) {
        const r = d.role === 'kiosk'
          ? await d.push('loan.ended', { loanId: `no-such-loan-${d.deviceId}`, fineId: `fine-${d.deviceId}` })
          : await d.push('loan.renewed', { loanId: `no-such-loan-${d.deviceId}` });
        expect(r).toMatchObject({ status: 'rejected', reason: 'UNKNOWN_LOAN' });
      }
    }

    beforeAll(async () => {
      svc = await startTestService(backend, { eventTimeBounds: TIME_TRAVEL_BOUNDS });
      admin = new AdminClient(svc.url, svc.adminToken);
      staffA = await pairOnDb(svc, A, 'staff', 'NKUST 流通櫃台 1');
      staffA2 = await pairOnDb(svc, A, 'staff', 'NKUST 流通櫃台 2');
      kioskA = await pairOnDb(svc, A, 'kiosk', 'NKUST 自助借書機');
      staffB = await pairOnDb(svc, B, 'staff', 'NPTU 流通櫃台');
      kioskB = await pairOnDb(svc, B, 'kiosk', 'NPTU 自助借書機');
      staffC = await pairOnDb(svc, C, 'staff', 'NUK 流通櫃台');
      desks = [staffA, staffA2, kioskA, staffB, kioskB, staffC];

      streamStartSeq = await healthSeq(svc.url);
      for (const d of desks) streams.set(d.deviceId, await SseStream.open(svc.url, d.token));
      await scenario();
      // A public change is a barrier: changes reach each stream in commit order, so once every stream has it, they have everything before it.
      await admin.call('PUT', `/admin/libraries/${C}`, { ...(await libraryBody(C)), contact: 'barrier' });
      await Promise.all(desks.map((d) => streams.get(d.deviceId)!.waitForDocument('libraries', C, 15_000)));
      for (const d of desks) streamed.set(d.deviceId, [...streams.get(d.deviceId)!.documents]);
      atBarrier = await allRecords(svc);
    });

    afterAll(async () => {
      for (const s of streams.values()) s.close();
      await svc?.dispose();
    });

    /** Runs fn and checks that no replicated record (and the sequence) changed. */
    async function expectNothingChanges(fn: () => Promise<void>): Promise<void> {
      const before = await allRecords(svc);
      const seq = await healthSeq(svc.url);
      await fn();
      expect(await healthSeq(svc.url)).toBe(seq);
      expect(await allRecords(svc)).toEqual(before);
    }

    it('the scenario puts records of every collection both inside and outside library A', () => {
      // cardKeys are public: there is nothing A may not see.
      for (const c of ['patrons', 'requests', 'parcels', 'holds', 'loans', 'fines', 'exceptions', 'events', 'cards']) {
        const docs = atBarrier.filter((r) => r.collection === c);
        expect(docs.some((r) => visibleTo(c, r.data, who(staffA))), `${c}: something A may see`).toBe(true);
        expect(docs.some((r) => !visibleTo(c, r.data, who(staffA))), `${c}: something A may not see`).toBe(true);
      }
    });

    it('pull: every device gets exactly the records in its scope, in every collection', async () => {
      const records = await allRecords(svc);
      for (const d of desks) {
        for (const c of ALL_COLLECTIONS) {
          if (!canReadCollection(d.role, c)) {
            expectError(await http(svc.url, 'GET', `/replication/${c}/pull`, { token: d.token }), 403, 'FORBIDDEN_COLLECTION');
            continue;
          }
          const pulled = await d.pullAll<Doc>(c);
          const expected = records.filter((r) => r.collection === c && visibleTo(c, r.data, who(d))).map(asPulled);
          expect(byId(pulled.documents), `${label(d)} ${d.deviceId} pulls ${c}`).toEqual(byId(expected));
        }
      }
      // Spelled out for library A's first staff desk.
      const ids = async (c: string) => (await staffA.pullAll<Doc>(c)).documents.map((x) => x.id);
      expect(await ids('requests')).toEqual(expect.arrayContaining([req.AB, req.AC]));
      expect(await ids('requests')).not.toContain(req.BC);
      expect((await ids('parcels')).sort()).toEqual(['par-BA', 'par-CA']);
      expect(await ids('holds')).toEqual(['hold-A']);
      expect(await ids('loans')).toEqual(['loan-A', 'vloan-A-1', 'vloan-A-2']);
      expect((await ids('cards')).sort()).toEqual([cards.AB, cards.BA, (await admin.records<Doc & { kind: string }>('cards')).documents.find((c) => c.kind === 'partner')!.id].sort());
      expect(await ids('fines')).toEqual(['fine-A']);
      expect(await ids('patrons')).not.toContain('pat-B');
      const mine = (await staffA.pullAll<Doc & { deviceId: string }>('events')).documents;
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((e) => e.deviceId === staffA.deviceId)).toBe(true);
      const exceptionsOfA = (await staffA.pullAll<Doc & { deviceId: string; audience?: string }>('exceptions')).documents;
      expect(exceptionsOfA.filter((e) => e.audience !== 'library').map((e) => e.deviceId)).toEqual([staffA.deviceId]);
      expect(exceptionsOfA.filter((e) => e.audience === 'library').map((e) => e.deviceId).sort()).toEqual([staffA2.deviceId, kioskA.deviceId].sort());
      // Library B's kiosk's refusal stays in library B.
      expect(exceptionsOfA.map((e) => e.deviceId)).not.toContain(kioskB.deviceId);
      expect((await staffB.pullAll<Doc>('holds')).documents.map((x) => x.id)).toEqual(['hold-B']);
    });

    it('pull: paging one record at a time never crosses the scope either', async () => {
      for (const c of ['events', 'requests', 'patrons'] as const) {
        const seen: string[] = [];
        let seq = 0;
        for (let i = 0; i < 500; i++) {
          const res = await http<{ documents: Doc[]; checkpoint: { seq: number } }>(svc.url, 'GET', `/replication/${c}/pull?seq=${seq}&limit=1`, { token: staffA.token });
          expect(res.status).toBe(200);
          if (res.body.documents.length === 0) break;
          expect(res.body.documents).toHaveLength(1);
          expect(res.body.checkpoint.seq).toBeGreaterThan(seq);
          seq = res.body.checkpoint.seq;
          seen.push(res.body.documents[0]!.id);
        }
        const expected = (await allRecords(svc)).filter((r) => r.collection === c && visibleTo(c, r.data, who(staffA))).map((r) => r.id);
        expect(seen.sort()).toEqual(expected.sort());
      }
    });

    it('stream: every device was sent exactly the changes in its scope, in every collection', () => {
      const changed = atBarrier.filter((r) => r.seq > streamStartSeq);
      for (const d of desks) {
        const s = streams.get(d.deviceId)!;
        expect(s.messages[0]).toMatchObject({ event: 'hello', data: { deviceId: d.deviceId } });
        expect(s.messages[1]?.event).toBe('resync');
        const docs = streamed.get(d.deviceId)!;
        for (const { collection, doc } of docs) expect(visibleTo(collection, doc, who(d)), `${label(d)} was streamed ${collection}/${doc.id}`).toBe(true);
        const seen = [...new Set(docs.map((x) => `${x.collection}/${x.doc.id}`))].sort();
        const expected = changed.filter((r) => visibleTo(r.collection, r.data, who(d))).map((r) => `${r.collection}/${r.id}`).sort();
        expect(seen, `${label(d)} stream`).toEqual(expected);
      }
      const collections = (d: DeskClient) => [...new Set(streamed.get(d.deviceId)!.map((x) => x.collection))].sort();
      expect(collections(staffA)).toEqual([...ALL_COLLECTIONS].sort());
      // Library-wide exceptions reach every device of the library over the stream, kiosks too.
      for (const d of [staffA, staffA2, kioskA]) {
        expect(streamed.get(d.deviceId)!.filter((x) => x.collection === 'exceptions' && x.doc['reason'] === 'CARD_OVER_LIMIT').map((x) => x.doc['libraryId'])).toEqual([A]);
      }
      expect(collections(kioskA)).toEqual(ALL_COLLECTIONS.filter((c) => !KIOSK_HIDDEN.includes(c)).sort());
    });

    it('push: every collection but events is read-only, for every device', async () => {
      await expectNothingChanges(async () => {
        for (const d of desks) {
          for (const c of ALL_COLLECTIONS) {
            if (c === 'events') continue;
            const own = atBarrier.find((r) => r.collection === c && visibleTo(c, r.data, who(d)))?.data ?? { id: 'x-1' };
            const res = await http(svc.url, 'POST', `/replication/${c}/push`, { token: d.token, body: [{ assumedMasterState: own, newDocumentState: { ...own, updatedAt: 'forged' } }] });
            if (canReadCollection(d.role, c)) expectError(res, 403, 'READ_ONLY_COLLECTION');
            else {
              expect(res.status, `${label(d)} ${c}`).toBe(403);
              expect(['FORBIDDEN_COLLECTION', 'READ_ONLY_COLLECTION']).toContain((res.body as ErrorShape).error.code);
            }
          }
        }
      });
    });

    it('push: an event for another library or another device is refused 403 for every event type, and changes nothing', async () => {
      await expectNothingChanges(async () => {
        for (const d of [staffA, kioskA]) {
          const sibling = d === staffA ? staffA2 : staffA;
          for (const type of EVENT_TYPES) {
            const allowed = (d.role === 'kiosk' ? KIOSK_EVENT_TYPES : STAFF_EVENT_TYPES).includes(type);
            const cases: Array<[string, Record<string, unknown>, string, string]> = [
              ['library B', { libraryId: B }, 'FORBIDDEN_LIBRARY', B],
              ['library B, device of B', { libraryId: B, deviceId: staffB.deviceId }, 'FORBIDDEN_DEVICE', B],
              ['another device of A', { deviceId: sibling.deviceId }, 'FORBIDDEN_DEVICE', A],
              ['the administrator', { deviceId: 'admin' }, 'FORBIDDEN_DEVICE', A],
            ];
            for (const [what, overrides, code, lib] of cases) {
              const res = await d.pushRaw([d.event(type, samplePayload(type, lib, 'cross'), overrides)]);
              const context = `${label(d)} ${type} as ${what}: ${JSON.stringify(res.body)}`;
              expect(res.status, context).toBe(403);
              // A kiosk pushing a staff type for B may be told either.
              const codes = allowed || code === 'FORBIDDEN_DEVICE' ? [code] : [code, 'FORBIDDEN_EVENT_TYPE'];
              expect(codes, context).toContain((res.body as unknown as ErrorShape).error.code);
            }
          }
          // A valid row does not slip through ahead of a forbidden one.
          const ok = d.event('loan.ended', { loanId: 'no-such-loan', fineId: 'f-mixed' });
          const bad = d.event('loan.ended', { loanId: 'no-such-loan', fineId: 'f-mixed-2' }, { libraryId: B });
          expectError(await d.pushRaw([ok, bad]), 403, 'FORBIDDEN_LIBRARY');
        }
      });
    });

    it('push: a kiosk may record only loan.started and loan.ended; staff every desk type, never the administrator\'s', async () => {
      expect(KIOSK_EVENT_TYPES).toHaveLength(2);
      for (const d of [staffA, kioskA, kioskB]) {
        const allowed = d.role === 'kiosk' ? KIOSK_EVENT_TYPES : STAFF_EVENT_TYPES;
        for (const type of EVENT_TYPES) {
          const ev = d.event(type, samplePayload(type, d.libraryId, `${d.deviceId}-${type}`));
          const seq = await healthSeq(svc.url);
          const res = await d.pushRaw([ev]);
          const context = `${label(d)} ${type}: ${JSON.stringify(res.body)}`;
          if (allowed.includes(type)) {
            expect(res.status, context).toBe(200);
            expect(res.body.results).toHaveLength(1);
            expect(res.body.results[0]!.id).toBe(ev.id);
            expect(['applied', 'rejected'], context).toContain(res.body.results[0]!.status);
          } else {
            expectError(res, 403, 'FORBIDDEN_EVENT_TYPE');
            expect(await healthSeq(svc.url), context).toBe(seq);
            expect((await allRecords(svc)).some((r) => r.id === ev.id), context).toBe(false);
          }
        }
      }
    });

    it('push: acting on records of another library is rejected, changes nothing of theirs and reveals nothing of theirs', async () => {
      const seen = new Set((await allRecords(svc)).filter((r) => visibleTo(r.collection, r.data, who(staffA))).map((r) => `${r.collection}/${r.id}`));
      const theirs = (rs: StoredRecord[]) => rs.filter((r) => r.collection !== 'events' && r.collection !== 'exceptions');
      const before = theirs(await allRecords(svc));
      // Values only B (and C) may know: the item and title of B's request, B's patron, B's incoming parcel.
      const secrets = ['SECRET-TITLE-OF-B', 'BC-BC-0001', '陳秘密', '2002000000001', 'HCT-SECRET-CB'];
      expect(seen.has(`requests/${req.BC}`)).toBe(false);
      const attempts: Array<[EventType, Record<string, unknown>]> = [
        ['request.cancelled', { requestId: req.BC, reason: 'not ours' }],
        ['request.cannot_supply', { requestId: req.BC, reason: 'not ours' }],
        ['request.pull_slip_printed', { requestIds: [req.BC] }],
        ['request.pull_slip_printed', { requestIds: [req.AB] }],
        ['item.packed', { parcelId: 'par-A-steal', toLibraryId: B, requestId: req.BC, itemBarcode: 'WRONG-0001' }],
        ['item.unpacked', { parcelId: 'par-CB', itemBarcode: 'BC-BC-0001' }],
        ['parcel.sealed', { parcelId: 'par-CB' }],
        ['parcel.dispatched', { parcelId: 'par-BA', courier: 'x', trackingNumber: 'y' }],
        ['parcel.closed', { parcelId: 'par-CB' }],
        ['item.received', { itemBarcode: 'BC-BC-0001', parcelId: 'par-CB', ownerLibraryId: null, holdId: 'hold-A-steal' }],
        ['hold.expired', { holdId: 'hold-B' }],
        ['loan.started', { loanId: 'loan-A-steal', holdId: 'hold-B', patronId: 'pat-B' }],
        ['loan.ended', { loanId: 'loan-B', fineId: 'fine-A-steal' }],
        ['loan.renewed', { loanId: 'loan-B' }],
        ['fine.paid', { fineId: 'fine-B' }],
        ['fine.waived', { fineId: 'fine-B', reason: 'not ours' }],
        ['patron.upserted', { patron: { id: 'pat-B', homeLibraryId: B, cardNumbers: ['1'], name: 'x', status: 'active', expiresOn: '2099-12-31', blocks: [] } }],
        ['patron.upserted', { patron: { id: 'pat-B', homeLibraryId: A, cardNumbers: ['1'], name: 'x', status: 'active', expiresOn: '2099-12-31', blocks: [] } }],
        ['request.created', { requestId: 'req-A-steal', patronId: 'pat-B', lenderLibraryId: C, item: { barcode: '1', title: 't', author: '', callNumber: '', location: '', parts: 1 }, neededBy: null, note: '' }],
        ['card.revoked', { cardId: cards.BC, reason: 'not ours' }],
        ['card.revoked', { cardId: cards.BA, reason: 'A hosts it, B issued it' }],
        ['loan.visitor_started', { loanId: 'vloan-A-steal', itemBarcode: 'VA-0099', title: 't', card: { cardId: cards.BC, holderName: 'x', homeLibraryId: B, organisation: null, hostLibraryId: '*', validFrom: '2025-01-01', validUntil: '2099-12-31', loanLimit: 9 } }],
        ['exception.resolved', { exceptionId: (await allRecords(svc)).find((r) => r.collection === 'exceptions' && r.data['reason'] === 'CARD_OVER_LIMIT' && r.data['libraryId'] === B)!.id, note: 'not ours' }],
      ];
      const leaks: string[] = [];
      for (const [type, payload] of attempts) {
        const ev = staffA.event(type, payload as never);
        const res = await staffA.pushRaw([ev]);
        const context = `${type} ${JSON.stringify(payload)} → ${JSON.stringify(res.body)}`;
        expect(res.status, context).toBe(200);
        expect(res.body.results[0], context).toMatchObject({ id: ev.id, status: 'rejected' });
        const exception = (await allRecords(svc)).find((r) => r.collection === 'exceptions' && r.id === ev.id);
        expect(exception?.data['deviceId'], context).toBe(staffA.deviceId);
        const answer = JSON.stringify(res.body) + JSON.stringify(exception?.data ?? {});
        const sent = JSON.stringify(ev);
        for (const s of secrets) if (!sent.includes(s) && answer.includes(s)) leaks.push(`${type} reveals "${s}": ${JSON.stringify(res.body.results[0])}`);
      }
      expect(theirs(await allRecords(svc))).toEqual(before);
      expect(leaks, 'a device learnt values of records outside its scope from push answers').toEqual([]);
    });

    it('push: reusing the id of another device\'s event does not hand that event over (conflict answer)', async () => {
      const shared = (await staffA.pullAll<Doc & { history: Array<{ eventId: string; deviceId: string }> }>('requests')).documents.find((r) => r.id === req.AB)!;
      const foreignIds = shared.history.filter((h) => h.deviceId === staffB.deviceId).map((h) => h.eventId);
      expect(foreignIds.length).toBeGreaterThan(0);
      const before = await allRecords(svc);
      const ev = staffA.event('loan.renewed', { loanId: 'no-such-loan' }, { id: foreignIds[0] });
      const res = await staffA.pushRaw([ev]);
      // Refusing the row or answering with a conflict are both fine; handing over B's event is not.
      if (res.status === 200) {
        for (const c of res.body.conflicts as Array<Record<string, unknown>>) {
          expect(visibleTo('events', c, who(staffA)), `staff desk of ${A} was handed ${JSON.stringify(c)}`).toBe(true);
        }
      } else {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      const original = before.find((r) => r.collection === 'events' && r.id === foreignIds[0])!;
      expect((await allRecords(svc)).find((r) => r.collection === 'events' && r.id === foreignIds[0])).toEqual(original);
    });

    it('device endpoints: missing, malformed and forged tokens are refused 401 everywhere', async () => {
      const token = staffA.token;
      const forged = `rdt_${randomBytes(32).toString('base64url')}`;
      const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      const variants: Array<[string, string | undefined, readonly string[]]> = [
        ['no header', undefined, ['TOKEN_MISSING']],
        ['empty header', '', ['TOKEN_MISSING']],
        ['scheme only', 'Bearer', ['TOKEN_MISSING']],
        ['Basic credentials', 'Basic dXNlcjpwYXNzd29yZA==', ['TOKEN_MISSING', 'TOKEN_INVALID']],
        ['token without scheme', token, ['TOKEN_MISSING', 'TOKEN_INVALID']],
        ['two tokens', `Bearer ${token} ${token}`, ['TOKEN_MISSING', 'TOKEN_INVALID']],
        ['forged token', `Bearer ${forged}`, ['TOKEN_INVALID']],
        ['forged, lower-case scheme', `bearer ${forged}`, ['TOKEN_INVALID']],
        ['one character changed', `Bearer ${flipped}`, ['TOKEN_INVALID']],
        ['truncated', `Bearer ${token.slice(0, -1)}`, ['TOKEN_INVALID']],
        ['without its prefix', `Bearer ${token.slice(4)}`, ['TOKEN_INVALID']],
        ['overlong', `Bearer ${token}${'A'.repeat(400)}`, ['TOKEN_INVALID']],
        ['the administrator token', `Bearer ${svc.adminToken}`, ['TOKEN_INVALID']],
      ];
      const endpoints: Array<[string, string]> = [
        ['GET', '/me'],
        ['GET', '/replication/stream'],
        ...ALL_COLLECTIONS.flatMap((c): Array<[string, string]> => [['GET', `/replication/${c}/pull`], ['POST', `/replication/${c}/push`]]),
        ['GET', '/replication/no-such-collection/pull'],
      ];
      await expectNothingChanges(async () => {
        for (const [method, path] of endpoints) {
          for (const [what, authorization, codes] of variants) {
            const headers: Record<string, string> = {};
            if (authorization !== undefined) headers['authorization'] = authorization;
            let body: string | undefined;
            if (method === 'POST') {
              headers['content-type'] = 'application/json';
              body = JSON.stringify([{ newDocumentState: staffA.event('loan.renewed', { loanId: 'x' }) }]);
            }
            const res = await fetch(svc.url + path, { method, headers, ...(body ? { body } : {}) });
            const parsed = (await res.json()) as ErrorShape;
            const context = `${method} ${path} with ${what}: ${res.status} ${JSON.stringify(parsed)}`;
            expect(res.status, context).toBe(401);
            expect(codes, context).toContain(parsed.error.code);
            expect(parsed.error.message.length, context).toBeGreaterThan(0);
          }
        }
      });
    });

    it('admin endpoints refuse device tokens (and no token) with 401 ADMIN_TOKEN_INVALID and change nothing', async () => {
      const lib = await libraryBody(A);
      const endpoints: Array<[string, string, unknown?]> = [
        ['GET', '/admin/records/patrons'],
        ['GET', '/admin/records/events'],
        ['GET', '/admin/devices'],
        ['GET', '/admin/stats'],
        ['PUT', `/admin/libraries/${A}`, { ...lib, nameEn: 'Hijacked' }],
        ['PUT', '/admin/policies/consortium', { loanLimit: 100 }],
        ['PUT', `/admin/policies/${A}`, { finePerDay: 0 }],
        ['PUT', '/admin/patrons/pat-evil', { homeLibraryId: A, cardNumbers: ['666'], name: 'x', status: 'active', expiresOn: '2099-12-31', blocks: [] }],
        ['POST', '/admin/requests', { borrowerLibraryId: A, lenderLibraryId: B, patronId: 'pat-A', item: { barcode: '1', title: 't', author: '', callNumber: '', location: '', parts: 1 } }],
        ['POST', '/admin/pairing-codes', { libraryId: A, role: 'staff' }],
        ['POST', `/admin/devices/${staffB.deviceId}/revoke`],
        ['POST', '/admin/cards', { holderName: 'x', holderId: 'x', organisation: 'x', hostLibraryId: '*', validUntil: '2099-01-01' }],
        ['GET', `/admin/cards/${cards.AB}`],
        ['POST', '/admin/card-keys/rotate', {}],
        ['GET', '/admin/stats/cards'],
      ];
      const tokens: Array<[string, string | undefined]> = [
        ['staff device token', staffA.token],
        ['kiosk device token', kioskA.token],
        ['no token', undefined],
        ['forged administrator token', `rda_${randomBytes(24).toString('base64url')}`],
        ['administrator token plus a character', `${svc.adminToken}x`],
      ];
      const codes = async () => Number((await svc.db.query<{ n: number | string }>('select count(*) as n from pairing_codes')).rows[0]!.n);
      const pairingCodes = await codes();
      await expectNothingChanges(async () => {
        for (const [method, path, body] of endpoints) {
          for (const [what, token] of tokens) {
            const res = await http(svc.url, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
            expectError(res, 401, 'ADMIN_TOKEN_INVALID');
            expect(res.status, `${method} ${path} with ${what}`).toBe(401);
          }
        }
      });
      expect(await codes()).toBe(pairingCodes);
      expect((await http(svc.url, 'GET', '/replication/libraries/pull', { token: staffB.token })).status).toBe(200);
    });

    it('a revoked device is refused 401 TOKEN_REVOKED on every endpoint; other devices are not affected', async () => {
      const doomed = await pairOnDb(svc, B, 'staff', 'stolen laptop');
      expect((await http(svc.url, 'GET', '/replication/patrons/pull', { token: doomed.token })).status).toBe(200);
      const revoke = await http(svc.url, 'POST', `/admin/devices/${doomed.deviceId}/revoke`, { token: svc.adminToken });
      expect(revoke).toMatchObject({ status: 200, body: { ok: true, id: doomed.deviceId } });

      const ev = doomed.event('loan.renewed', { loanId: 'x' });
      await expectNothingChanges(async () => {
        const calls: Array<[string, string, unknown?]> = [
          ['GET', '/me'],
          ['GET', '/replication/stream'],
          ...ALL_COLLECTIONS.map((c): [string, string] => ['GET', `/replication/${c}/pull`]),
          ...ALL_COLLECTIONS.map((c): [string, string, unknown] => ['POST', `/replication/${c}/push`, [{ newDocumentState: ev }]]),
        ];
        for (const [method, path, body] of calls) {
          const res = await http(svc.url, method, path, { token: doomed.token, ...(body !== undefined ? { body } : {}) });
          expectError(res, 401, 'TOKEN_REVOKED');
        }
      });
      expectError(await http(svc.url, 'POST', `/admin/devices/${doomed.deviceId}/revoke`, { token: svc.adminToken }), 404, 'UNKNOWN_DEVICE');
      expectError(await http(svc.url, 'POST', '/admin/devices/dev-no-such-device/revoke', { token: svc.adminToken }), 404, 'UNKNOWN_DEVICE');
      const { devices } = await admin.call<{ devices: Array<{ id: string; revokedAt: string | null }> }>('GET', '/admin/devices');
      expect(devices.find((x) => x.id === doomed.deviceId)?.revokedAt).not.toBeNull();
      expect(devices.find((x) => x.id === staffB.deviceId)?.revokedAt).toBeNull();
      expect((await http(svc.url, 'GET', '/replication/patrons/pull', { token: staffB.token })).status).toBe(200);
      expect((await http(svc.url, 'GET', '/me', { token: kioskB.token })).status).toBe(200);
    });

    it('a revoked device stops receiving changes on a stream it opened before it was revoked', async () => {
      const doomed = await pairOnDb(svc, A, 'staff', 'stolen laptop 2');
      const s = await SseStream.open(svc.url, doomed.token);
      try {
        expect((await http(svc.url, 'POST', `/admin/devices/${doomed.deviceId}/revoke`, { token: svc.adminToken })).status).toBe(200);
        await admin.patron('pat-A-after-revoke', A, '2001000000777');
        // staffA's stream is the yardstick: once it has the change, the revoked stream would have it too.
        await streams.get(staffA.deviceId)!.waitForDocument('patrons', 'pat-A-after-revoke');
        const leaked = await s.waitForDocument('patrons', 'pat-A-after-revoke', 1000).then(() => true, () => false);
        expect(leaked, `revoked device ${doomed.deviceId} still received ${A}'s patron over its open stream`).toBe(false);
      } finally {
        s.close();
      }
    });

    it('stream: a change in A\'s scope reaches only A\'s stream; a public change reaches every stream', async () => {
      const sA = await SseStream.open(svc.url, staffA.token);
      const sB = await SseStream.open(svc.url, staffB.token);
      const sKB = await SseStream.open(svc.url, kioskB.token);
      try {
        expect(sA.messages.map((m) => m.event).slice(0, 2)).toEqual(['hello', 'resync']);
        expect(sA.messages[0]!.data).toMatchObject({ deviceId: staffA.deviceId });
        expect(sB.messages[0]!.data).toMatchObject({ deviceId: staffB.deviceId });

        await admin.patron('pat-A-live', A, '2001000000888');
        const ev = staffA.event('loan.renewed', { loanId: 'no-such-loan-live' });
        expect((await staffA.pushRaw([ev])).status).toBe(200);
        await sA.waitForDocument('patrons', 'pat-A-live');
        await sA.waitForDocument('events', ev.id);
        await sA.waitForDocument('exceptions', ev.id);

        await admin.call('PUT', `/admin/libraries/${A}`, { ...(await libraryBody(A)), contact: 'live@nkust.edu.tw' });
        for (const s of [sA, sB, sKB]) {
          const batch = await s.waitForDocument('libraries', A);
          expect(batch.documents.find((d) => d.id === A)).toMatchObject({ contact: 'live@nkust.edu.tw', _deleted: false });
          expect(batch.checkpoint.seq).toBeGreaterThan(0);
        }
        // Changes arrive in commit order, so B's streams have seen everything before the public change: nothing of A's.
        for (const s of [sB, sKB]) expect(s.documents.filter((x) => x.collection !== 'libraries')).toEqual([]);
        const seqs = sA.changes.map((c) => c.checkpoint.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      } finally {
        sA.close();
        sB.close();
        sKB.close();
      }
    });

    it('pairing: a code works once, not after expiry, and a wrong code is refused 401 PAIRING_CODE_INVALID', async () => {
      const newCode = async (role: 'staff' | 'kiosk') => (await admin.call<{ code: string; expiresAt: string }>('POST', '/admin/pairing-codes', { libraryId: A, role }));
      const pair = (code: unknown, name: unknown = 'desk') => http<{ deviceId: string; token: string; libraryId: string; role: string }>(svc.url, 'POST', '/pair', { body: { code, name } });

      const { code, expiresAt } = await newCode('kiosk');
      expect(code).toMatch(/^\d{4}-\d{4}$/);
      expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
      const first = await pair(code, '自助借書機 2');
      expect(first).toMatchObject({ status: 200, body: { libraryId: A, role: 'kiosk' } });
      expect(first.body.token).toMatch(/^rdt_/);
      const me = await http<{ device: { id: string; role: string; libraryId: string } }>(svc.url, 'GET', '/me', { token: first.body.token });
      expect(me.body.device).toMatchObject({ id: first.body.deviceId, role: 'kiosk', libraryId: A });

      expectError(await pair(code), 401, 'PAIRING_CODE_INVALID');
      expectError(await pair(code.replace('-', '')), 401, 'PAIRING_CODE_INVALID');

      // Typed without the dash, a fresh code still works.
      const second = await newCode('staff');
      expect((await pair(second.code.replace('-', ''))).status).toBe(200);

      const expired = await newCode('staff');
      await svc.db.query(`update pairing_codes set expires_at = now() - interval '1 minute' where code_hash = $1`, [hashSecret(expired.code)]);
      expectError(await pair(expired.code), 401, 'PAIRING_CODE_INVALID');
      const { rows } = await svc.db.query<{ used_at: unknown }>('select used_at from pairing_codes where code_hash = $1', [hashSecret(expired.code)]);
      expect(rows[0]?.used_at).toBeNull();

      const digits = Number(expired.code.replace('-', ''));
      const wrong = String((digits + 1) % 100_000_000).padStart(8, '0');
      expectError(await pair(`${wrong.slice(0, 4)}-${wrong.slice(4)}`), 401, 'PAIRING_CODE_INVALID');
      expectError(await pair('not-a-code'), 401, 'PAIRING_CODE_INVALID');
    });
  });

  describe(`pairing brute force on ${backend}`, () => {
    let svc: Svc;
    beforeAll(async () => {
      svc = await startTestService(backend, { eventTimeBounds: TIME_TRAVEL_BOUNDS });
    });
    afterAll(async () => svc?.dispose());

    it('POST /pair stays limited to 10 a minute per address even when each guess carries a different Authorization header', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const guess = String(i).padStart(8, '0');
        const res = await http(svc.url, 'POST', '/pair', { token: `rdt_${randomBytes(16).toString('hex')}`, body: { code: `${guess.slice(0, 4)}-${guess.slice(4)}`, name: 'x' } });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses, 'guesses with a fresh made-up bearer token each escape the per-address limit').toContain(429);
    });

    it('POST /pair without a token is limited to 10 a minute (429 RATE_LIMITED)', async () => {
      const other = await startTestService(backend);
      try {
        const statuses: number[] = [];
        let last: Awaited<ReturnType<typeof http>> | null = null;
        for (let i = 0; i < 11; i++) {
          last = await http(other.url, 'POST', '/pair', { body: { code: '0000-0000', name: 'x' } });
          statuses.push(last.status);
        }
        expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
        expectError(last!, 429, 'RATE_LIMITED');
      } finally {
        await other.dispose();
      }
    });
  });
}
