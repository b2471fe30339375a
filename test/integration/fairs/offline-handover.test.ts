// A swap fair (曬書祭) at NKUST with two entry desks through an outage.
// Patrons reserve on the portal; the desks hold the reservations; the network
// goes down; both desks keep scanning slips — one slip at both desks, a repeat
// at one, a slip the patron cancelled online meanwhile — and once back online
// every desk and the service agree: one hand-over per slip (the first to reach
// the service stands, the second is a no-op, not a problem), the cancelled
// slip stays cancelled with an exception for the desk that handed it over,
// and a later lapse sweep reaches the desks as the service's own event.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '#server/service';
import { addDays, localDateOf } from '#shared/domain/dates';
import { slipCodeOf } from '#shared/domain/fairs/slip-code';
import { FAIR_PATHS, type PortalFairDetail, type PortalFairReservation } from '#shared/domain/fairs/wire';
import type { FairReservationRecord } from '#shared/domain/records';
import type { FairScan } from '#desk-core/fairs';
import { AdminClient } from '#test/support/client';
import { LinkProxy } from '#test/support/link-proxy';
import { RemoteDesk } from '#test/support/remote-desk';
import { until } from '#test/support/until';
import { call, Patron, type ErrorAnswer } from '#test/integration/portal/support/portal-client';

const PASSWORD = 'fair-test-password-1';
const DAY = 86_400_000;

describe('a swap fair with two entry desks through an outage', () => {
  let dir: string;
  let svc: RunningService;
  let admin: AdminClient;
  const links: LinkProxy[] = [];
  const desks: RemoteDesk[] = [];
  const deviceIds: string[] = [];
  let fairId: string;
  const slips: Record<string, string> = {};
  const patrons: Record<string, Patron> = {};

  const reserve = (p: Patron, itemId: string) => call<PortalFairReservation & ErrorAnswer>(svc.url, 'POST', FAIR_PATHS.portalReserve.replace(':id', fairId), { cookie: p.cookie, csrf: p.csrf, body: { itemId } });
  const scan = (d: RemoteDesk, code: string) => d.call<FairScan>('fairScan', code);
  const atDesk = (d: RemoteDesk, slip: string) => d.call<FairReservationRecord | null>('record', 'fairReservations', slip);
  const onService = async (slip: string) => (await admin.records<FairReservationRecord>('fairReservations')).documents.find((r) => r.id === slip);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-fair-'));
    svc = await startService({ port: 0, dataDir: join(dir, 'service'), adminToken: 'rda_fair_two_desks_admin_token_00000', inMemory: true, rateLimitPerMinute: 100_000 });
    admin = new AdminClient(svc.url, svc.adminToken);
    const people = [['p-1', '21020000000011', '王小明'], ['p-2', '21020000000022', '李大華'], ['p-3', '21020000000033', '陳怡君']] as const;
    for (const [id, card, name] of people) {
      await admin.patron(id, 'NKUST', card, { name });
      await admin.call('POST', '/admin/portal/passwords', { patronId: id, password: PASSWORD });
      const p = new Patron(svc.url);
      const signed = await p.signIn('NKUST', card, PASSWORD);
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      patrons[id] = p;
    }
    const today = localDateOf(Date.now(), 480);
    const made = await admin.call<{ fair: { id: string } }>('POST', FAIR_PATHS.admin, {
      libraryId: 'NKUST', title: '冬季曬書祭', place: '圖資大樓一樓', startsOn: addDays(today, -1), endsOn: addDays(today, 5), rules: '憑預約單條碼入場；每人限預約 2 本。', perPatron: 2,
      items: [{ title: '臺灣通史', author: '連橫' }, { title: '老人與海', author: '海明威' }, { title: '百年孤寂', author: '馬奎斯' }, { title: '小王子', author: '聖修伯里' }],
    });
    fairId = made.fair.id;

    const detail = await call<PortalFairDetail>(svc.url, 'GET', FAIR_PATHS.portalFair.replace(':id', fairId), { cookie: patrons['p-1']!.cookie });
    const ids = detail.body.items.map((i) => i.id);
    const wants: Array<[string, string, number]> = [['A', 'p-1', 0], ['B', 'p-1', 1], ['C', 'p-2', 2], ['D', 'p-3', 3]];
    for (const [slip, who, k] of wants) {
      const res = await reserve(patrons[who]!, ids[k]!);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      slips[slip] = res.body.slipCode;
    }

    for (let i = 0; i < 2; i++) {
      const link = await LinkProxy.start(svc.port);
      links.push(link);
      const d = await admin.pairDesk('NKUST', 'staff', `曬書祭入口 ${i + 1}`);
      deviceIds.push(d.deviceId);
      desks.push(await RemoteDesk.start({ serviceUrl: link.url, deviceToken: d.token, deviceId: d.deviceId, libraryId: 'NKUST', role: 'staff' }, 'memory'));
    }
    for (const d of desks) {
      await d.call('awaitConverged', 30_000);
      for (const s of Object.values(slips)) await until(`slip ${s} at the desk`, async () => (await atDesk(d, s)) !== null);
    }
  }, 120_000);

  afterAll(async () => {
    for (const d of desks) await d.stop();
    for (const l of links) await l.close();
    await svc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the portal refuses a taken book and a third reservation; the desk has the patron\'s name masked', async () => {
    const detail = await call<PortalFairDetail>(svc.url, 'GET', FAIR_PATHS.portalFair.replace(':id', fairId), { cookie: patrons['p-2']!.cookie });
    expect(detail.body.items.every((i) => !i.available)).toBe(true);
    const taken = await reserve(patrons['p-2']!, detail.body.items[0]!.id);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('FAIR_ITEM_TAKEN');
    const third = await reserve(patrons['p-1']!, detail.body.items[2]!.id);
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: 'FAIR_PATRON_LIMIT', details: { limit: 2, count: 2 } });
    expect(await atDesk(desks[0]!, slips['A']!)).toMatchObject({ patronMasked: '王○明', title: '臺灣通史', state: 'reserved' });
  });

  it('hand-overs made offline at both desks converge once online', async () => {
    const cancelled = await call<PortalFairReservation>(svc.url, 'POST', FAIR_PATHS.portalCancel.replace(':slip', slips['D']!), { cookie: patrons['p-3']!.cookie, csrf: patrons['p-3']!.csrf });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    for (const l of links) l.down();
    const [one, two] = desks as [RemoteDesk, RemoteDesk];

    expect(await scan(one, slips['A']!)).toMatchObject({ ok: true, kind: 'handed_over', reservation: { state: 'handed_over', handedOverBy: deviceIds[0] } });
    // The same slip again at the same desk: a neutral notice saying when, nothing recorded.
    const pendingBefore = await one.call<number>('pendingCount');
    expect(await scan(one, slips['A']!)).toMatchObject({ ok: true, kind: 'repeat', reservation: { state: 'handed_over' } });
    expect(await one.call<number>('pendingCount')).toBe(pendingBefore);
    // The other desk does not know yet: it hands the same slip over too.
    expect(await scan(two, slips['A']!)).toMatchObject({ ok: true, kind: 'handed_over' });
    expect(await scan(two, slips['C']!)).toMatchObject({ ok: true, kind: 'handed_over' });
    // Desk one never heard of the cancellation (it happened online after the outage began).
    expect(await scan(one, slips['D']!)).toMatchObject({ ok: true, kind: 'handed_over' });
    // A digit misread is caught by the check digit; a well-formed code nobody reserved is unknown.
    const wrong = slips['B']!.slice(0, 9) + String((Number(slips['B']!.at(-1)) + 1) % 10);
    expect(await scan(one, wrong)).toMatchObject({ ok: false, reason: 'FAIR_SLIP_MISREAD' });
    expect(await scan(one, slipCodeOf('999999999'))).toMatchObject({ ok: false, reason: 'FAIR_SLIP_UNKNOWN' });

    for (const l of links) l.up();
    for (const d of desks) await d.call('awaitConverged', 60_000);

    const a = await onService(slips['A']!);
    expect(a?.state).toBe('handed_over');
    expect(deviceIds).toContain(a?.handedOverBy);
    expect((await onService(slips['C']!))?.handedOverBy).toBe(deviceIds[1]);
    expect((await onService(slips['D']!))?.state).toBe('cancelled');
    expect((await onService(slips['B']!))?.state).toBe('reserved');
    for (const d of desks) {
      for (const s of ['A', 'B', 'C', 'D']) {
        const want = await onService(slips[s]!);
        await until(`slip ${s} as the service has it`, async () => {
          const have = await atDesk(d, slips[s]!);
          return have?.state === want?.state && have?.handedOverBy === want?.handedOverBy;
        }, 30_000);
      }
    }
    // Only the cancelled slip is a problem, for the desk that handed it over; the double hand-over of A is none.
    const exceptions = (await admin.records<{ reason: string; deviceId: string }>('exceptions')).documents.filter((e) => e.reason.startsWith('FAIR_'));
    expect(exceptions.map((e) => [e.reason, e.deviceId])).toEqual([['FAIR_SLIP_CANCELLED', deviceIds[0]]]);
    // Once converged, a scan of A at either desk is a repeat.
    for (const d of desks) expect(await scan(d, slips['A']!)).toMatchObject({ ok: true, kind: 'repeat' });
    // The portal tells the patron.
    const mine = await call<{ reservations: PortalFairReservation[] }>(svc.url, 'GET', FAIR_PATHS.portalReservations, { cookie: patrons['p-1']!.cookie });
    expect(mine.body.reservations.find((r) => r.slipCode === slips['A'])?.state).toBe('handed_over');
  }, 120_000);

  it('a reservation not collected lapses by the service\'s sweep, and the desks see it', async () => {
    const swept = await svc.relay.app.fairs.sweep(Date.now() + 4 * DAY);
    expect(swept).toBe(1);
    expect(await svc.relay.app.fairs.sweep(Date.now() + 4 * DAY)).toBe(0);
    expect((await onService(slips['B']!))?.state).toBe('lapsed');
    for (const d of desks) await until('the lapse at the desk', async () => (await atDesk(d, slips['B']!))?.state === 'lapsed', 30_000);
    const detail = await call<PortalFairDetail>(svc.url, 'GET', FAIR_PATHS.portalFair.replace(':id', fairId), { cookie: patrons['p-1']!.cookie });
    expect(detail.body.items.filter((i) => i.available).map((i) => i.title).sort()).toEqual(['小王子', '老人與海'].sort());
  }, 60_000);
});
