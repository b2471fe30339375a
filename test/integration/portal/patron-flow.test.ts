// A patron's portal, on PGlite and PostgreSQL: rules, catalogue search, a
// title request (duplicate, limit, no lender, pickup library), its timeline
// as desks move it along through their own pushes (review, routing, pull
// slip, packing, dispatch, arrival, hold shelf, loan), cancelling before it
// ships and not after, renewal granted then refused, the account view, notice
// preferences — and patron B learning nothing of patron A's requests or loans
// on any route (404, as for what does not exist).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { until } from '#test/support/until';
import { PORTAL_PATHS, portalPath, type NoticePreferences, type PortalAccount, type PortalRequest, type PortalRules, type RenewalAnswer, type SearchResponse, type TimelineEntry } from '#shared/portal/wire';
import type { RequestRecord } from '#shared/domain/records';
import { call, loadPortalCatalogue, Patron } from './support/portal-client';

const PASSWORD = 'correct horse battery';
const steps = (t: TimelineEntry[]) => t.map((e) => `${e.step}:${e.state}`).join(' ');

for (const backend of await backends()) {
  describe(`portal for a signed-in patron (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let nptu: DeskClient;
    let works: { statsWork: string; birdsWork: string; miningWork: string };
    const a = () => new Patron(svc.url);
    let pa: Patron;
    let pb: Patron;
    let requestA: PortalRequest;
    let loanA: string;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      works = await loadPortalCatalogue(admin);
      await admin.patron('p-a', 'NPTU', '21020000111113', { name: '讀者甲' });
      await admin.patron('p-b', 'NPTU', '21020000222224', { name: '讀者乙' });
      for (const id of ['p-a', 'p-b']) await admin.call('POST', '/admin/portal/passwords', { patronId: id, password: PASSWORD });
      nptu = await admin.pairDesk('NPTU');
      pa = a();
      pb = a();
      expect((await pa.signIn('NPTU', '21020000111113', PASSWORD)).status).toBe(200);
      expect((await pb.signIn('NPTU', '21020000222224', PASSWORD)).status).toBe(200);
    }, 60_000);

    afterAll(async () => svc?.dispose());

    it('rules: the limits and periods that apply, what the patron has now, free, pickup at home', async () => {
      const r = await pa.get<PortalRules>(PORTAL_PATHS.rules);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        loanLimit: 6, current: { loans: 0, openRequests: 0 }, loanDays: 28, pickupDays: 7, finePerDay: 5, maxFinePerItem: 500,
        renewals: 1, renewalDays: 14, free: true, pickupLibraries: [{ id: 'NPTU', name: '屏東大學' }],
      });
    });

    it('search: the union catalogue as the desks search it; a bad query is a 400 naming why', async () => {
      const r = await pa.get<SearchResponse>(`${PORTAL_PATHS.search}?q=${encodeURIComponent('統計學')}`);
      expect(r.status).toBe(200);
      expect(r.body.works.map((w) => w.id)).toContain(works.statsWork);
      expect(r.body).toMatchObject({ q: '統計學', field: 'any', page: 1 });
      const empty = await pa.get(PORTAL_PATHS.search);
      expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await pa.get(`${PORTAL_PATHS.search}?q=x&field=colour`)).status).toBe(400);
      expect((await pa.get(`${PORTAL_PATHS.search}?q=${'書'.repeat(300)}`)).body.error.details).toMatchObject({ reason: 'QUERY_TOO_LONG' });
    });

    it('places a title request: it waits for review at home; a second for the same work, another pickup library, no lender, no such work are refused', async () => {
      const noCsrf = await http<{ error: { code: string } }>(svc.url, 'POST', PORTAL_PATHS.requests, { body: { workId: works.statsWork, pickupLibraryId: 'NPTU' } });
      expect(noCsrf.status).toBe(401); // no cookie either
      const placed = await pa.send<PortalRequest>('POST', PORTAL_PATHS.requests, { workId: works.statsWork, pickupLibraryId: 'NPTU', neededBy: '2099-01-31', note: '報告用' });
      expect(placed.status).toBe(201);
      requestA = placed.body;
      expect(requestA).toMatchObject({ workId: works.statsWork, pickupLibraryId: 'NPTU', lenderLibraryId: null, neededBy: '2099-01-31', note: '報告用', hold: null, dueOn: null, canCancel: true, notified: false });
      expect(steps(requestA.timeline)).toBe('placed:current reviewed:upcoming sent_to_lender:upcoming shipped:upcoming arrived:upcoming on_hold_shelf:upcoming checked_out:upcoming returned:upcoming complete:upcoming');
      const stored = await admin.record<RequestRecord>('requests', requestA.id);
      expect(stored?.review).toMatchObject({ state: 'pending', placedBy: 'patron' });

      const dup = await pa.send('POST', PORTAL_PATHS.requests, { workId: works.statsWork, pickupLibraryId: 'NPTU' });
      expect([dup.status, dup.body.error.code]).toEqual([409, 'DUPLICATE_REQUEST']);
      const elsewhere = await pa.send('POST', PORTAL_PATHS.requests, { workId: works.miningWork, pickupLibraryId: 'NKUST' });
      expect([elsewhere.status, elsewhere.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      const nobody = await pa.send('POST', PORTAL_PATHS.requests, { workId: works.birdsWork, pickupLibraryId: 'NPTU' });
      expect([nobody.status, nobody.body.error.code]).toEqual([422, 'NO_LENDER']);
      const missing = await pa.send('POST', PORTAL_PATHS.requests, { workId: 'w-no-such-work', pickupLibraryId: 'NPTU' });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
      expect((await pa.get<PortalRules>(PORTAL_PATHS.rules)).body.current).toEqual({ loans: 0, openRequests: 1 });
    });

    it('at the loan limit (loans plus open requests) another request is LIMIT_REACHED', async () => {
      await admin.call('PUT', '/admin/policies/NPTU', { loanLimit: 1 });
      try {
        const r = await pa.send('POST', PORTAL_PATHS.requests, { workId: works.miningWork, pickupLibraryId: 'NPTU' });
        expect([r.status, r.body.error.code]).toEqual([409, 'LIMIT_REACHED']);
        expect(r.body.error.details).toMatchObject({ limit: 1, used: 1 });
      } finally {
        await admin.call('PUT', '/admin/policies/NPTU', { loanLimit: 6 });
      }
    });

    it('cancels before shipping: a service event the desks receive by sync; a second cancel is refused', async () => {
      const placed = await pb.send<PortalRequest>('POST', PORTAL_PATHS.requests, { workId: works.miningWork, pickupLibraryId: 'NPTU' });
      expect(placed.status).toBe(201);
      // Patron A cannot cancel it, nor see it: the same answer as for no request at all.
      const other = await pa.send('POST', portalPath(PORTAL_PATHS.cancel, placed.body.id));
      expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND']);
      expect((await pa.get(portalPath(PORTAL_PATHS.request, placed.body.id))).status).toBe(404);
      expect((await pa.get(portalPath(PORTAL_PATHS.request, 'no-such-request'))).body.error.code).toBe('NOT_FOUND');
      const noToken = await call<{ error: { code: string } }>(svc.url, 'POST', portalPath(PORTAL_PATHS.cancel, placed.body.id), { cookie: pb.cookie });
      expect([noToken.status, noToken.body.error.code]).toEqual([403, 'CSRF_REFUSED']);
      const done = await pb.send<PortalRequest>('POST', portalPath(PORTAL_PATHS.cancel, placed.body.id));
      expect(done.status).toBe(200);
      const cancelled = (await pb.get<PortalRequest>(portalPath(PORTAL_PATHS.request, placed.body.id))).body;
      expect(done.body).toEqual(cancelled);
      expect(cancelled.canCancel).toBe(false);
      expect(cancelled.timeline.at(-1)).toMatchObject({ step: 'cancelled', state: 'current' });
      expect(steps(cancelled.timeline)).toBe('placed:done cancelled:current');
      const seen = await until('the desk sees the cancel', async () => (await nptu.pullAll<RequestRecord>('requests')).documents.find((r) => r.id === placed.body.id && r.borrowerState === 'cancelled'));
      expect(seen.history.at(-1)).toMatchObject({ type: 'request.cancelled', deviceId: 'admin', libraryId: 'NPTU' });
      const again = await pb.send('POST', portalPath(PORTAL_PATHS.cancel, placed.body.id));
      expect([again.status, again.body.error.code]).toEqual([409, 'CANNOT_CANCEL']);
      expect((await pb.get<{ requests: PortalRequest[] }>(PORTAL_PATHS.requests)).body.requests.map((r) => r.id)).toEqual([placed.body.id]);
      expect((await pa.get<{ requests: PortalRequest[] }>(PORTAL_PATHS.requests)).body.requests.map((r) => r.id)).toEqual([requestA.id]);
    });

    it('the timeline follows the desks: review, routing, shipping (then no cancel), arrival on the hold shelf, the loan', async () => {
      const view = async () => (await pa.get<PortalRequest>(portalPath(PORTAL_PATHS.request, requestA.id))).body;
      expect((await nptu.push('request.reviewed', { requestId: requestA.id, decision: 'approve', reason: '' })).status).toBe('applied');
      const routed = await until('routed', async () => {
        const r = await admin.record<RequestRecord>('requests', requestA.id);
        return r && r.rotaIndex === 0 && r;
      });
      let v = await view();
      expect(steps(v.timeline)).toBe('placed:done reviewed:done sent_to_lender:current shipped:upcoming arrived:upcoming on_hold_shelf:upcoming checked_out:upcoming returned:upcoming complete:upcoming');
      expect(v.timeline[2]).toMatchObject({ libraryId: routed.lenderLibraryId });
      expect(v.timeline[2]!.at).not.toBeNull();
      expect(v.lenderLibraryId).toBe(routed.lenderLibraryId);
      expect(v.canCancel).toBe(true);

      const lender = await admin.pairDesk(routed.lenderLibraryId);
      const barcode = routed.rota[0]!.copies[0]!.barcode!;
      expect((await lender.push('request.pull_slip_printed', { requestIds: [requestA.id] })).status).toBe('applied');
      expect((await lender.push('item.packed', { parcelId: 'par-p1', toLibraryId: 'NPTU', requestId: requestA.id, itemBarcode: barcode })).status).toBe('applied');
      expect((await view()).canCancel).toBe(false); // packed: on its way
      expect((await lender.push('parcel.sealed', { parcelId: 'par-p1' })).status).toBe('applied');
      expect((await lender.push('parcel.dispatched', { parcelId: 'par-p1', courier: '黑貓宅急便', trackingNumber: 'T-1' })).status).toBe('applied');
      v = await view();
      expect(steps(v.timeline)).toContain('sent_to_lender:done shipped:current arrived:upcoming');
      expect(v.timeline.find((t) => t.step === 'shipped')).toMatchObject({ libraryId: routed.lenderLibraryId });
      const refused = await pa.send('POST', portalPath(PORTAL_PATHS.cancel, requestA.id));
      expect([refused.status, refused.body.error.code]).toEqual([409, 'CANNOT_CANCEL']);

      expect((await nptu.push('item.received', { itemBarcode: barcode, parcelId: 'par-p1', ownerLibraryId: null, holdId: 'hold-p1' })).status).toBe('applied');
      v = await view();
      expect(steps(v.timeline)).toContain('shipped:done arrived:done on_hold_shelf:current checked_out:upcoming');
      expect(v.hold).toMatchObject({ shelfSpot: expect.stringMatching(/^H-/), pickupBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      const account = (await pa.get<PortalAccount>(PORTAL_PATHS.account)).body;
      expect(account.holds).toEqual([expect.objectContaining({ id: 'hold-p1', libraryId: 'NPTU', shelfSpot: v.hold!.shelfSpot, pickupBy: v.hold!.pickupBy })]);

      loanA = 'loan-p1';
      expect((await nptu.push('loan.started', { loanId: loanA, holdId: 'hold-p1', patronId: 'p-a' })).status).toBe('applied');
      v = await view();
      expect(steps(v.timeline)).toContain('on_hold_shelf:done checked_out:current returned:upcoming');
      expect(v.hold).toBeNull();
      expect(v.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((await pa.get<PortalRules>(PORTAL_PATHS.rules)).body.current).toEqual({ loans: 1, openRequests: 0 });
    });

    it('renewal: granted by the policy with a later due date; the next is refused in words (limit reached); another patron gets 404', async () => {
      const before = (await pa.get<PortalAccount>(PORTAL_PATHS.account)).body.loans[0]!;
      expect(before).toMatchObject({ id: loanA, ownerLibraryId: expect.any(String), pickupLibraryId: 'NPTU', overdueDays: 0, renewalsLeft: 1, renewal: null });
      const byB = await pb.send('POST', portalPath(PORTAL_PATHS.renewal, loanA));
      expect([byB.status, byB.body.error.code]).toEqual([404, 'NOT_FOUND']);
      const granted = await pa.send<RenewalAnswer>('POST', portalPath(PORTAL_PATHS.renewal, loanA));
      expect(granted.status).toBe(200);
      expect(granted.body).toMatchObject({ state: 'granted', decidedBy: 'policy' });
      expect(granted.body.dueOn! > before.dueOn).toBe(true);
      const seen = await until('the desk sees the renewal', async () => (await nptu.pullAll<{ id: string; renewals: number; dueDate: string }>('loans')).documents.find((l) => l.id === loanA && l.renewals === 1));
      expect(seen.dueDate).toBe(granted.body.dueOn);
      const refused = await pa.send<RenewalAnswer>('POST', portalPath(PORTAL_PATHS.renewal, loanA));
      expect(refused.body).toMatchObject({ state: 'refused', dueOn: null, decidedBy: 'policy' });
      expect(refused.body.reason).toContain('續借上限');
      const after = (await pa.get<PortalAccount>(PORTAL_PATHS.account)).body.loans[0]!;
      expect(after).toMatchObject({ dueOn: granted.body.dueOn, renewalsLeft: 0, renewal: { state: 'refused' } });
      expect((await pa.get<PortalRequest>(portalPath(PORTAL_PATHS.request, requestA.id))).body.dueOn).toBe(granted.body.dueOn);
    });

    it('notified: true once a notice about the request\'s current step was sent (not one about an earlier step)', async () => {
      const notified = async () => (await pa.get<PortalRequest>(portalPath(PORTAL_PATHS.request, requestA.id))).body.notified;
      // Delivery is the notices feature's; here its table is written as a sent notice would leave it.
      const sent = (kind: string) => svc.db.query(
        `insert into notices (id, dedupe_key, kind, patron_id, library_id, request_id, state, sent_at) values ($1, $1, $2, 'p-a', 'NPTU', $3, 'sent', now())`,
        [`test-${kind}-${requestA.id}`, kind, requestA.id],
      );
      await svc.db.query(`delete from notices where request_id = $1`, [requestA.id]);
      expect(await notified()).toBe(false);
      await sent('ready_for_pickup'); // the hold shelf: no longer the current step (it is out on loan)
      expect(await notified()).toBe(false);
      await sent('due_soon');
      expect(await notified()).toBe(true);
      expect((await pb.get<{ requests: PortalRequest[] }>(PORTAL_PATHS.requests)).body.requests.every((r) => !r.notified)).toBe(true);
    });

    it('account: loans, holds, fines and virtual cards are the patron\'s own; patron B sees none of A\'s', async () => {
      const issued = await http<{ card: { id: string } }>(svc.url, 'POST', '/api/cards', { token: nptu.token, body: { patronId: 'p-a', hostLibraryId: 'NKUST' } });
      expect(issued.status).toBe(200);
      const mine = (await pa.get<PortalAccount>(PORTAL_PATHS.account)).body;
      expect(mine.cards).toEqual([expect.objectContaining({ id: issued.body.card.id, hostLibraryId: 'NKUST', url: expect.stringMatching(new RegExp(`^/cards/${issued.body.card.id}\\?k=`)) })]);
      expect(mine.fines).toEqual({ total: 0, items: [] });
      const page = await fetch(svc.url + mine.cards[0]!.url);
      expect(page.status).toBe(200);
      const theirs = (await pb.get<PortalAccount>(PORTAL_PATHS.account)).body;
      expect(theirs).toEqual({ loans: [], holds: [], fines: { total: 0, items: [] }, cards: [] });
      expect((await pb.get(portalPath(PORTAL_PATHS.request, requestA.id))).status).toBe(404);
    });

    it('notice preferences: read, set, and checked field by field (CSRF needed)', async () => {
      const got = await pa.get<NoticePreferences>(PORTAL_PATHS.preferences);
      expect(got.status).toBe(200);
      expect(got.body.language).toBe('zh-TW');
      const want: NoticePreferences = { email: 'reader@example.edu.tw', language: 'en', kinds: { ...got.body.kinds, pickup_reminder: false } };
      const put = await pa.send<NoticePreferences>('PUT', PORTAL_PATHS.preferences, want);
      expect([put.status, put.body]).toEqual([200, want]);
      for (const bad of [
        { ...want, email: 'not an address' },
        { ...want, language: 'fr' },
        { ...want, kinds: { ...want.kinds, overdue: 'yes' } },
        { ...want, kinds: { due_soon: true } },
        { ...want, colour: 'red' },
      ]) {
        const r = await pa.send('PUT', PORTAL_PATHS.preferences, bad);
        expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const noCsrf = await http<{ error: { code: string } }>(svc.url, 'PUT', PORTAL_PATHS.preferences, { body: want });
      expect(noCsrf.status).toBe(401);
    });
  });
}
