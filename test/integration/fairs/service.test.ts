// Swap fairs at the service, on PGlite and PostgreSQL: bad input is a 400
// naming the field (never a 500); the console's library administrator makes
// fairs only for their own school and sees no other school's; patrons reserve
// within the fair's per-patron limit, cannot touch another patron's slip, need
// the CSRF token; reservations lapse by stored time only, and two sweeps
// racing record one lapse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http } from '#test/support/client';
import { addDays, localDateOf } from '#shared/domain/dates';
import { FAIR_PATHS, type PortalFair, type PortalFairDetail, type PortalFairReservation } from '#shared/domain/fairs/wire';
import { isSlipCode } from '#shared/domain/fairs/slip-code';
import type { FairReservationRecord } from '#shared/domain/records';
import { sweepLapsed } from '#server/fairs/service';
import { ConsoleClient, code } from '#test/integration/console/support/console-client';
import { call, Patron, type ErrorAnswer } from '#test/integration/portal/support/portal-client';

const DAY = 86_400_000;
const PASSWORD = 'fair-service-password-1';

for (const backend of await backends()) {
  describe(`swap fairs at the service on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let nkust: ConsoleClient;
    let fairId: string;
    let items: PortalFairDetail['items'];
    const patrons: Patron[] = [];
    const today = localDateOf(Date.now(), 480);
    const body = (over: Record<string, unknown> = {}) => ({ title: '春季曬書祭', place: '一樓大廳', startsOn: addDays(today, -1), endsOn: addDays(today, 6), rules: '憑預約單入場', ...over });

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: 'Office', role: 'office', password: 'office-password-1' });
      const office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
      await office.call('POST', '/console/api/accounts', { username: 'nkust-admin', displayName: 'NKUST', role: 'library', libraryId: 'NKUST', password: 'nkust-password-1' });
      nkust = await ConsoleClient.signedIn(svc.url, 'nkust-admin', 'nkust-password-1');
      for (const [i, lib] of [[1, 'NKUST'], [2, 'NPTU']] as const) {
        const card = `2102000099000${i}`;
        await admin.patron(`p-fair-${i}`, lib, card, { name: i === 1 ? '林美玲' : 'Chen Wei' });
        await admin.call('POST', '/admin/portal/passwords', { patronId: `p-fair-${i}`, password: PASSWORD });
        const p = new Patron(svc.url);
        expect((await p.signIn(lib, card, PASSWORD)).status).toBe(200);
        patrons.push(p);
      }
    }, 60_000);
    afterAll(async () => svc?.dispose());

    it('bad input is a 400 naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ ...body(), libraryId: 'nkust' }, '/libraryId'],
        [{ ...body({ startsOn: '2026-13-01' }), libraryId: 'NKUST' }, '/startsOn'],
        [{ ...body({ endsOn: addDays(today, -5) }), libraryId: 'NKUST' }, '/endsOn'],
        [{ ...body({ title: '  ' }), libraryId: 'NKUST' }, '/title'],
        [{ ...body({ title: 'a\u0000b' }), libraryId: 'NKUST' }, '/title'],
        [{ ...body({ holdDays: 0 }), libraryId: 'NKUST' }, '/holdDays'],
        [{ ...body({ items: [{ title: 'x', isbn: '1' }] }), libraryId: 'NKUST' }, '/isbn'],
        [{ ...body({ items: 'x' }), libraryId: 'NKUST' }, '/items'],
        [{ ...body({ colour: 'red' }), libraryId: 'NKUST' }, '/colour'],
      ];
      for (const [b, field] of cases) {
        const r = await http<ErrorAnswer>(svc.url, 'POST', FAIR_PATHS.admin, { token: svc.adminToken, body: b });
        expect(r.status, JSON.stringify(b)).toBe(400);
        expect(r.body.error.message).toContain(field);
      }
      const unknown = await http<ErrorAnswer>(svc.url, 'POST', FAIR_PATHS.admin, { token: svc.adminToken, body: { ...body(), libraryId: 'NOPE' } });
      expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UNKNOWN_LIBRARY']);
      expect((await http(svc.url, 'POST', FAIR_PATHS.admin, { body: { ...body(), libraryId: 'NKUST' } })).status).toBe(401);
    });

    it('a library administrator creates a fair for their own school only, and sees only their own', async () => {
      const made = await nkust.call<{ fair: { id: string; libraryId: string; holdDays: number }; items: unknown[] }>('POST', FAIR_PATHS.console, body({ items: [{ title: '臺灣通史', author: '連橫' }, { title: '老人與海' }, { title: '小王子' }] }));
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.body.fair).toMatchObject({ libraryId: 'NKUST', holdDays: 3 });
      expect(made.body.items).toHaveLength(3);
      fairId = made.body.fair.id;
      const other = await nkust.call('POST', FAIR_PATHS.console, { ...body(), libraryId: 'NPTU' });
      expect([other.status, code(other)]).toEqual([403, 'OTHER_LIBRARY']);
      const nptuFair = await admin.call<{ fair: { id: string } }>('POST', FAIR_PATHS.admin, { ...body({ id: 'nptu-fair' }), libraryId: 'NPTU' });
      const seen = await nkust.call<{ fairs: Array<{ id: string }> }>('GET', FAIR_PATHS.console);
      expect(seen.body.fairs.map((f) => f.id)).toEqual([fairId]);
      const hidden = await nkust.call('GET', FAIR_PATHS.consoleFair.replace(':id', nptuFair.fair.id));
      expect([hidden.status, code(hidden)]).toEqual([404, 'FAIR_UNKNOWN']);
      const noCsrf = await nkust.call('POST', FAIR_PATHS.console, body(), { csrf: false });
      expect(noCsrf.status).toBe(403);
      const dup = await http<ErrorAnswer>(svc.url, 'POST', FAIR_PATHS.admin, { token: svc.adminToken, body: { ...body({ id: 'nptu-fair' }), libraryId: 'NPTU' } });
      expect([dup.status, dup.body.error.code]).toEqual([409, 'DUPLICATE_ID']);
    });

    it('patrons reserve within the limit; another patron\'s slip is not found; CSRF is required', async () => {
      const [p1, p2] = patrons as [Patron, Patron];
      const list = await call<{ fairs: PortalFair[] }>(svc.url, 'GET', FAIR_PATHS.portalFairs, { cookie: p2.cookie });
      expect(list.body.fairs.map((f) => f.id)).toContain(fairId);
      items = (await call<PortalFairDetail>(svc.url, 'GET', FAIR_PATHS.portalFair.replace(':id', fairId), { cookie: p1.cookie })).body.items;
      const reserve = (p: Patron, itemId: string, csrf = p.csrf) => call<PortalFairReservation & ErrorAnswer>(svc.url, 'POST', FAIR_PATHS.portalReserve.replace(':id', fairId), { cookie: p.cookie, csrf, body: { itemId } });
      expect((await reserve(p1, items[0]!.id, null)).status).toBe(403);
      const a = await reserve(p1, items[0]!.id);
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      expect(isSlipCode(a.body.slipCode)).toBe(true);
      expect(a.body).toMatchObject({ state: 'reserved', title: '臺灣通史', fairTitle: '春季曬書祭' });
      expect(Date.parse(a.body.holdUntil) - Date.parse(a.body.reservedAt)).toBe(3 * DAY);
      // A patron of another member library may reserve at NKUST's fair too.
      expect((await reserve(p2, items[1]!.id)).status).toBe(201);
      const taken = await reserve(p2, items[0]!.id);
      expect([taken.status, taken.body.error.code]).toEqual([409, 'FAIR_ITEM_TAKEN']);
      expect(taken.body.error.message).toContain('臺灣通史');
      const bad = await reserve(p1, '../x');
      expect(bad.status).toBe(400);
      const none = await reserve(p1, 'no-such-item');
      expect([none.status, none.body.error.code]).toEqual([404, 'FAIR_ITEM_UNKNOWN']);
      // Someone else's slip: as if it did not exist.
      const theirs = await call<ErrorAnswer>(svc.url, 'POST', FAIR_PATHS.portalCancel.replace(':slip', a.body.slipCode), { cookie: p2.cookie, csrf: p2.csrf });
      expect([theirs.status, theirs.body.error.code]).toEqual([404, 'FAIR_SLIP_UNKNOWN']);
      // The masked name is what the desk's record carries.
      const rec = await admin.record<FairReservationRecord>('fairReservations', a.body.slipCode);
      expect(rec?.patronMasked).toBe('林○玲');
      const console = await nkust.call<{ reservations: FairReservationRecord[] }>('GET', FAIR_PATHS.consoleFair.replace(':id', fairId));
      expect(console.body.reservations).toHaveLength(2);
    });

    it('reservations lapse by their stored hold time; two sweeps racing record one lapse each', async () => {
      const before = Date.now() + 2 * DAY;
      expect(await sweepLapsed(svc.db, before)).toBe(0);
      const later = Date.now() + 4 * DAY;
      const [x, y] = await Promise.all([sweepLapsed(svc.db, later), sweepLapsed(svc.db, later)]);
      expect(x + y).toBe(2);
      const lapses = (await admin.records<{ type: string; status: string }>('events')).documents.filter((e) => e.type === 'fair.reservation_lapsed');
      expect(lapses).toHaveLength(2);
      const detail = await call<PortalFairDetail>(svc.url, 'GET', FAIR_PATHS.portalFair.replace(':id', fairId), { cookie: patrons[0]!.cookie });
      expect(detail.body.items.every((i) => i.available)).toBe(true);
      const mine = await call<{ reservations: PortalFairReservation[] }>(svc.url, 'GET', FAIR_PATHS.portalReservations, { cookie: patrons[0]!.cookie });
      expect(mine.body.reservations.map((r) => r.state)).toEqual(['lapsed']);
    });
  });
}
