// The whole front half of the cycle, desks in their own processes against the
// real service: a title request placed by staff at the borrowing desk, and
// one by a patron through the API and approved at review (審核) → the rota
// computed from a catalogue loaded through the MARC import → the first
// lender cannot supply → the second lender's desk has it on its pick list
// with the copy to pull → pack (the scanned copy is bound), dispatch,
// receive at the borrower, hold shelf.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { RemoteDesk } from '#test/support/remote-desk';
import { ok, until } from '#test/support/until';
import type { ActionResult, Routing } from '#desk-core/workflows';
import type { ParcelRecord, RequestRecord } from '#shared/domain/records';
import { loadCatalogue, STATS } from './catalogue-fixture';

const configOf = (svcUrl: string, d: DeskClient) => ({ serviceUrl: svcUrl, deviceToken: d.token, deviceId: d.deviceId, libraryId: d.libraryId, role: 'staff' as const });

for (const backend of await backends()) {
  describe(`title requests from the catalogue to the hold shelf (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let workId: string;
    let nptuClient: DeskClient;
    let borrower: RemoteDesk; // NPTU
    let nuk: RemoteDesk;
    let nkust: RemoteDesk;
    let staffRequestId: string;
    const work = () => ({ workId, title: `${STATS.title}：${STATS.sub}`, author: STATS.author, isbn: STATS.isbn, edition: '' });
    const onService = (id: string) => admin.record<RequestRecord>('requests', id);

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      workId = await loadCatalogue(admin);
      await admin.patron('p-teacher', 'NPTU', '21020000111113', { name: '陳老師' });
      await admin.patron('p-student', 'NPTU', '21020000222224', { name: '林同學' });
      await admin.patron('p-nuk', 'NUK', '21030000333335', { name: '高大讀者' });
      // NKUST is already lending one item: it is busier than NUK, so NUK comes first among the available lenders.
      await admin.patron('p-other', 'NPTU', '21020000444446');
      await admin.request('NPTU', 'NKUST', 'p-other', '31010000999991');
      const [b, u, k] = await Promise.all([admin.pairDesk('NPTU'), admin.pairDesk('NUK'), admin.pairDesk('NKUST')]);
      nptuClient = b;
      [borrower, nuk, nkust] = await Promise.all([RemoteDesk.start(configOf(svc.url, b)), RemoteDesk.start(configOf(svc.url, u)), RemoteDesk.start(configOf(svc.url, k))]);
      await Promise.all([borrower, nuk, nkust].map((d) => d.call('awaitConverged')));
    }, 90_000);

    afterAll(async () => {
      await Promise.all([borrower?.stop(), nuk?.stop(), nkust?.stop()]);
      await svc?.dispose();
    });

    it('staff at the borrowing desk search the catalogue and place a title request; the service routes it along a rota', async () => {
      const found = await borrower.call<{ ok: true; result: { works: Array<{ id: string; title: string }> } }>('searchCatalogue', '統計學');
      expect(found.ok).toBe(true);
      expect(found.result.works.map((w) => w.id)).toContain(workId);

      const placed = await borrower.call<ActionResult & { requestId: string }>('placeTitleRequest', { patronId: 'p-teacher', work: work(), neededBy: null, note: '課堂用書' });
      ok(placed);
      staffRequestId = placed.requestId;
      await borrower.call('awaitConverged');
      const routed = await until('the request routed', async () => {
        const r = await onService(staffRequestId);
        return r && r.rotaIndex === 0 && r;
      });
      // Placed by staff: approved as placed. The rota: available lenders first, the busier one later,
      // the copy of unknown status last; never the borrower, the reference-only library or the copy on loan.
      expect(routed.review).toMatchObject({ state: 'approved', placedBy: 'staff' });
      expect(routed.rota.map((p) => [p.libraryId, p.basis, p.load])).toEqual([['NUK', 'available', 0], ['NKUST', 'available', 1], ['WZU', 'unknown', 0]]);
      expect(routed.rota[1]!.copies.map((c) => c.barcode)).toEqual(['K5100001']);
      expect(routed).toMatchObject({ lenderLibraryId: 'NUK', borrowerState: 'sent', lenderState: 'new', item: { barcode: '', title: work().title } });
    });

    it('the first lender cannot supply: the second lender\'s desk gets it on its pick list with the copy to pull', async () => {
      await until('on NUK\'s pick list', async () => (await nuk.call<RequestRecord[]>('pickList')).some((r) => r.id === staffRequestId));
      ok(await nuk.call<ActionResult>('cannotSupply', staffRequestId, '書況不佳，無法外借'));
      await nuk.call('awaitConverged');

      const pick = await until('on NKUST\'s pick list', async () => (await nkust.call<RequestRecord[]>('pickList')).find((r) => r.id === staffRequestId));
      expect(pick.rota[pick.rotaIndex]!.copies[0]).toMatchObject({ barcode: 'K5100001', callNumber: '510 8345 2019' });
      const moved = await onService(staffRequestId);
      expect(moved?.rota.map((p) => p.outcome)).toEqual(['cannot_supply', 'asked', 'waiting']);
      expect(moved?.rota[0]?.note).toBe('書況不佳，無法外借');
      expect(moved?.history.map((h) => h.type)).toEqual(['request.placed', 'request.routed', 'request.cannot_supply']);
      // NUK keeps seeing the request it declined, now with its next lender.
      await until('NUK sees it moved on', async () => (await nuk.call<RequestRecord>('record', 'requests', staffRequestId))?.lenderLibraryId === 'NKUST');
      expect(await nuk.call<RequestRecord[]>('pickList')).toEqual([]);
    });

    it('the courier cycle proceeds as today: pack binds the scanned copy, dispatch, receive at the borrower, hold shelf', async () => {
      ok(await nkust.call<ActionResult>('pullSlipsPrinted', [staffRequestId]));
      const wrong = await nkust.call<ActionResult>('packScan', 'K5100002'); // the reference copy is not on the request
      expect(wrong).toMatchObject({ ok: false, reason: 'NO_REQUEST_FOR_ITEM' });
      const packed = ok(await nkust.call<ActionResult>('packScan', 'K5100001'));
      expect(packed).toMatchObject({ kind: 'packed', toLibraryId: 'NPTU', itemKind: 'outbound' });
      const parcelId = (packed as { parcelId: string }).parcelId;
      ok(await nkust.call<ActionResult>('seal', parcelId));
      ok(await nkust.call<ActionResult>('dispatch', parcelId, '黑貓宅急便', 'TRK-15-001'));
      await nkust.call('awaitConverged');
      expect(await onService(staffRequestId)).toMatchObject({ item: { barcode: 'K5100001', callNumber: '510 8345 2019' }, lenderState: 'shipped', borrowerState: 'shipped' });

      const parcel = await until('the parcel expected at NPTU', async () => (await borrower.call<ParcelRecord[]>('expectedParcels')).find((p) => p.id === parcelId));
      const routed = ok(await borrower.call<ActionResult<Routing>>('receiveScan', 'K5100001', parcel.id));
      expect(routed.route).toBe('hold_shelf');
      ok(await borrower.call<ActionResult>('closeParcel', parcel.id));
      await borrower.call('awaitConverged');
      expect(await onService(staffRequestId)).toMatchObject({ borrowerState: 'on_hold_shelf', lenderLibraryId: 'NKUST', item: { barcode: 'K5100001' } });
    });

    it('a patron\'s request through the API waits for review at the home library; approval routes it, and the time to review is on its history', async () => {
      const post = (body: unknown, token = nptuClient.token) => http<{ id: string; request: RequestRecord; error?: { code: string } }>(svc.url, 'POST', '/api/requests', { token, body });
      const res = await post({ cardNumber: '21020000222224', workId, neededBy: '2099-01-31', note: '' });
      expect(res.status).toBe(201);
      const id = res.body.id;
      expect(res.body.request).toMatchObject({ review: { state: 'pending', placedBy: 'patron' }, rotaIndex: -1, lenderLibraryId: '', borrowerState: 'sent' });

      // Limits and bad input, each a specific 4xx.
      expect((await post({ cardNumber: '21020000222224', workId })).body).toMatchObject({ error: { code: 'DUPLICATE_REQUEST' } });
      expect((await post({ patronId: 'p-student', workId: 'w-no-such-work' })).status).toBe(404);
      expect((await post({ patronId: 'p-nuk', workId })).body).toMatchObject({ error: { code: 'UNKNOWN_PATRON' } });
      const bad = await post({ patronId: 'p-student', cardNumber: 'x', workId });
      expect([bad.status, bad.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await post({ patronId: 'p-student', workId, neededBy: '31/01/2099' })).status).toBe(400);
      expect((await post({ patronId: 'p-student', workId, colour: 'red' })).status).toBe(400);
      expect((await http(svc.url, 'POST', '/api/requests', { body: { patronId: 'p-student', workId } })).status).toBe(401);

      const queued = await until('in NPTU\'s review queue', async () => (await borrower.call<RequestRecord[]>('reviewQueue')).find((r) => r.id === id));
      expect(queued.work?.workId).toBe(workId);
      // A rejection needs its reason; an approval may narrow the edition.
      expect(await borrower.call<ActionResult>('reviewRequest', id, 'reject', '  ')).toMatchObject({ ok: false, reason: 'REJECT_NEEDS_REASON' });
      ok(await borrower.call<ActionResult>('reviewRequest', id, 'approve', '', '2019 年版'));
      await borrower.call('awaitConverged');
      const routed = await until('routed after approval', async () => {
        const r = await onService(id);
        return r && r.rotaIndex === 0 && r;
      });
      expect(routed.work?.edition).toBe('2019 年版');
      expect(routed.rota.map((p) => p.libraryId).sort()).toEqual(['NKUST', 'NUK', 'WZU']);
      expect(routed.rota[2]?.libraryId).toBe('WZU');
      const placedAt = routed.history.find((h) => h.type === 'request.placed')!.at;
      const reviewedAt = routed.history.find((h) => h.type === 'request.reviewed')!.at;
      expect(Date.parse(reviewedAt)).toBeGreaterThanOrEqual(Date.parse(placedAt));
      expect(routed.review?.decidedAt).toBe(reviewedAt);
      expect(await borrower.call<RequestRecord[]>('reviewQueue')).toEqual([]);
    });

    it('a rejected request ends cancelled with its reason; the administrator may place one on a patron\'s behalf', async () => {
      const placed = await admin.call<{ id: string; request: RequestRecord }>('POST', '/admin/requests/title', { borrowerLibraryId: 'NPTU', patronId: 'p-other', workId });
      expect(placed.request.review).toMatchObject({ state: 'pending', placedBy: 'patron' });
      await until('in the review queue', async () => (await borrower.call<RequestRecord[]>('reviewQueue')).some((r) => r.id === placed.id));
      ok(await borrower.call<ActionResult>('reviewRequest', placed.id, 'reject', '本館已有館藏'));
      await borrower.call('awaitConverged');
      expect(await onService(placed.id)).toMatchObject({ borrowerState: 'cancelled', reason: '本館已有館藏', review: { state: 'rejected' }, rota: [] });
      const wrongLib = await http<{ error: { code: string } }>(svc.url, 'POST', '/admin/requests/title', { token: svc.adminToken, body: { borrowerLibraryId: 'NUK', patronId: 'p-other', workId } });
      expect([wrongLib.status, wrongLib.body.error.code]).toEqual([404, 'UNKNOWN_PATRON']);
    });

    it('a patron at the policy\'s loan limit (loans and open requests) cannot place another; a kiosk places none', async () => {
      await admin.patron('p-limit', 'NPTU', '21020000666668');
      await admin.call('PUT', '/admin/policies/NPTU', { loanLimit: 0 });
      const res = await http<{ error: { code: string; details: { limit: number } } }>(svc.url, 'POST', '/api/requests', { token: nptuClient.token, body: { patronId: 'p-limit', workId } });
      expect([res.status, res.body.error.code, res.body.error.details.limit]).toEqual([409, 'REQUEST_LIMIT_REACHED', 0]);
      const kiosk = await admin.pairDesk('NPTU', 'kiosk');
      const byKiosk = await http<{ error: { code: string } }>(svc.url, 'POST', '/api/requests', { token: kiosk.token, body: { patronId: 'p-limit', workId } });
      expect([byKiosk.status, byKiosk.body.error.code]).toEqual([403, 'NOT_FOR_THIS_DEVICE']);
    });
  });
}
