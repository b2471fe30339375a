// The kiosk with its network cut: pickups of holds already on this library's
// shelf go on within the policy's offline limit per patron, their receipt is
// marked as made offline, and when the link is back everything syncs. A
// pickup the service can no longer accept (staff lent the same hold at the
// counter meanwhile) is not dropped: it comes back rejected, with an
// exception the kiosk shows staff.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { LinkProxy } from '#test/support/link-proxy';
import { until } from '#test/support/until';
import type { KioskScreen, VisitLine } from '#renderer/kiosk/kiosk-core';
import type { SyncStatus } from '#desk-core/sync-monitor';
import type { Attention } from '#desk-core/queries';
import type { RfidTagView } from '#shared/bridge';
import { LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { RemoteKiosk } from './support/remote-kiosk';
import { KioskSeed, tagsOf } from './support/kiosk-seed';

const lineOf = (s: KioskScreen, barcode: string): VisitLine | undefined => (s.kind === 'visit' ? s.visit.lines.find((l) => l.barcode === barcode) : undefined);

describe('kiosk pickup through a network outage', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  let seed: KioskSeed;
  let kiosk: RemoteKiosk;
  let proxy: LinkProxy;
  let dataDir: string;
  let staffDesk: DeskClient;

  beforeAll(async () => {
    svc = await startTestService('pglite');
    admin = new AdminClient(svc.url, svc.adminToken);
    const [nkust, nptu] = await Promise.all([admin.pairDesk('NKUST'), admin.pairDesk('NPTU')]);
    seed = new KioskSeed(admin, { NKUST: nkust as DeskClient, NPTU: nptu as DeskClient });
    staffDesk = nkust as DeskClient;
    await admin.call('PUT', '/admin/policies/NKUST', { kioskReceipt: 'print', offlineKioskMaxCheckoutsPerPatron: 2, offlineKioskMaxHours: 24 });
    proxy = await LinkProxy.start(svc.port);
    const k = await admin.pairDesk('NKUST', 'kiosk', 'NKUST 自助借書機');
    dataDir = await mkdtemp(join(tmpdir(), 'relay-kiosk-offline-'));
    kiosk = await RemoteKiosk.start({
      config: { serviceUrl: proxy.url, deviceToken: k.token, deviceId: k.deviceId, libraryId: 'NKUST', role: 'kiosk' },
      dataDir, storage: 'memory', printer: { kind: 'simulated' },
    });
    await kiosk.call('awaitConverged');
  }, 90_000);

  afterAll(async () => {
    await kiosk?.stop();
    await proxy?.close();
    await svc?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lends within the offline limit, marks the receipt, syncs later, and turns a conflict into an exception', async () => {
    const patron = await seed.patron('NKUST', '陳美玲');
    const holds = await seed.onShelf('NKUST', 'NPTU', patron, 3);
    const other = await seed.patron('NKUST', '黃志偉');
    const [contested] = await seed.onShelf('NKUST', 'NPTU', other, 1);
    await until('the holds on the kiosk', async () => (await kiosk.call<unknown[]>('holdsOf', patron.id)).length === 3 && (await kiosk.call('record', 'holds', contested!.holdId)) !== null);

    proxy.down();
    await until('the kiosk offline', async () => (await kiosk.call<SyncStatus>('status')).phase === 'offline', 20_000);

    await kiosk.call('identify', patron.card);
    const s = await kiosk.call<KioskScreen>('place', holds.flatMap((h) => tagsOf(h)));
    const lent = holds.filter((h) => lineOf(s, h.barcode)?.kind === 'checked_out');
    const refused = holds.filter((h) => lineOf(s, h.barcode)?.kind === 'refused');
    expect(lent).toHaveLength(2);
    expect(refused).toHaveLength(1);
    expect(lineOf(s, refused[0]!.barcode)?.problem).toMatchObject({ source: 'kiosk', code: 'OFFLINE_LIMIT', params: { limit: 2 } });
    for (const h of lent) expect(lineOf(s, h.barcode)).toMatchObject({ offline: true, securityOk: true });
    const tags = await kiosk.call<RfidTagView[]>('tags');
    expect(tags.find((t) => t.uid === tagsOf(refused[0]!)[0]!.uid)?.afi).toBe(LIBRARY_AFI.SECURED);
    for (const h of lent) expect(tags.find((t) => t.uid === tagsOf(h)[0]!.uid)?.afi).toBe(LIBRARY_AFI.UNSECURED);

    expect(await kiosk.call<KioskScreen>('finish')).toMatchObject({ kind: 'goodbye', receipt: { kind: 'printed' } });
    const receipt = await until('the offline receipt', async () => (await kiosk.call<Array<{ text: string }>>('printed')).map((p) => p.text).find((t) => t.includes(lent[0]!.title)));
    expect(receipt).toContain('** 離線作業 **');
    expect(receipt).toContain('網路中斷時辦理，連線後由系統確認。');
    expect(receipt).toContain('借出 2 件');
    await kiosk.call('remove');

    // The same patron again, still offline: the limit counts what is not yet confirmed.
    expect(await kiosk.call<KioskScreen>('identify', patron.card)).toMatchObject({ kind: 'blocked', problems: [{ code: 'OFFLINE_LIMIT' }] });

    // Another patron's pickup offline, while staff lend the same hold at the counter.
    await kiosk.call('identify', other.card);
    const o = await kiosk.call<KioskScreen>('place', tagsOf(contested!));
    expect(lineOf(o, contested!.barcode)).toMatchObject({ kind: 'checked_out', offline: true });
    await kiosk.call('timeout');
    await kiosk.call('remove');
    await seed.push('NKUST', 'loan.started', { loanId: `L-STAFF-${contested!.holdId}`, holdId: contested!.holdId, patronId: other.id });
    // Nothing reached the service while the link was down.
    expect((await admin.records<{ patronId: string }>('loans')).documents.filter((l) => l.patronId === patron.id)).toHaveLength(0);

    proxy.up();
    await kiosk.call('awaitConverged', 30_000);
    const loans = (await admin.records<{ id: string; patronId: string; state: string; holdId?: string; itemBarcode: string }>('loans')).documents;
    expect(loans.filter((l) => l.patronId === patron.id && l.state === 'active').map((l) => l.itemBarcode).sort()).toEqual(lent.map((h) => h.barcode).sort());
    expect(loans.filter((l) => l.itemBarcode === contested!.barcode).map((l) => l.id)).toEqual([`L-STAFF-${contested!.holdId}`]);

    // The kiosk's pickup of the contested hold was rejected, kept as an exception for staff.
    const [ev] = await kiosk.call<Array<{ id: string; status: string }>>('eventsMentioning', contested!.holdId);
    expect(ev?.status).toBe('rejected');
    const exceptions = (await admin.records<{ eventId: string; reason: string }>('exceptions')).documents;
    expect(exceptions.find((x) => x.eventId === ev!.id)?.reason).toBe('HOLD_NOT_WAITING');
    const attention = await until('the exception on the kiosk', async () => {
      const list = await kiosk.call<Attention[]>('attention');
      return list.some((a) => a.kind === 'exception' && a.exception.eventId === ev!.id) && list;
    });
    expect(attention.length).toBeGreaterThan(0);
    // Nobody works at a kiosk: the exception is the library's, so the staff desks replicate it and any of them can resolve it.
    const atStaffDesk = (await staffDesk.pullAll<{ eventId: string; audience?: string }>('exceptions')).documents.find((x) => x.eventId === ev!.id);
    expect(atStaffDesk?.audience).toBe('library');
  });
});
