// The lender's desk through its own library system (SIP2 over TCP, the
// simulator as the library system): dispatching a parcel checks its own items
// out to the borrowing library's account; an item the system refuses reaches
// needs-attention with the system's screen message; the items coming back are
// received at the desk and checked in. The desk runs in its own process with
// the connector beside it, as the main process runs it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '#server/service';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { PROFILE_CASES } from '../sip2/profiles';
import type { IlsSettings, IlsOpView } from '#shared/bridge/ils';
import type { ActionResult, Routing } from '#desk-core/workflows';
import type { Attention } from '#desk-core/queries';
import { AdminClient, type DeskClient } from '#test/support/client';
import { RemoteDesk } from '#test/support/remote-desk';
import { ok, until } from '#test/support/until';

const ITEMS = ['31302000000011', '31302000000029', '31302000000037'];
const REFUSED = ITEMS[2]!;
const ACCOUNT = 'ILL-NKUST';

describe.each(PROFILE_CASES)('a lender desk with its library system on SIP2 ($profile server)', (pc) => {
  let dir: string;
  let svc: RunningService;
  let sim: Sip2ServerSimulator;
  let admin: AdminClient;
  let nkust: DeskClient;
  let desk: RemoteDesk;
  const requests: string[] = [];
  const adminToken = 'rda_sip2_cycle_test_admin_token_0000000';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-sip2-cycle-'));
    svc = await startService({ port: 0, dataDir: join(dir, 'service'), adminToken, inMemory: true, rateLimitPerMinute: 100_000 });
    admin = new AdminClient(svc.url, adminToken);
    sim = new Sip2ServerSimulator({
      institutionId: 'NPTU', libraryName: '屏東大學圖書館', accounts: [{ userId: 'relay', password: 's3cret' }], profile: pc.profile,
      patrons: [{ id: ACCOUNT, pin: '0000', name: '高雄科大館際合作' }],
      items: ITEMS.map((id, i) => ({ id, title: `館藏 ${i + 1}` })),
    });
    const simPort = await sim.start();
    await admin.patron('p-1', 'NKUST', '21021000000017', { name: '林雅婷' });
    for (const b of ITEMS) requests.push((await admin.request('NKUST', 'NPTU', 'p-1', b)).id);
    nkust = await admin.pairDesk('NKUST');
    const d = await admin.pairDesk('NPTU');
    const settings: IlsSettings = {
      enabled: true, host: '127.0.0.1', port: simPort, tls: { enabled: false, rejectUnauthorized: true, caPem: '' },
      institutionId: 'NPTU', loginUserId: 'relay', loginPassword: 's3cret', locationCode: 'ILL', terminalPassword: '',
      errorDetection: true, requestTimeoutMs: 5000,
      operations: { dispatchCheckout: true, returnCheckin: true, patronValidation: true },
      accounts: { NKUST: ACCOUNT }, offlinePinRule: 'refuse',
      ...(pc.settings as Partial<IlsSettings>),
    };
    desk = await RemoteDesk.start({ serviceUrl: svc.url, deviceToken: d.token, deviceId: d.deviceId, libraryId: 'NPTU', role: 'staff' }, 'memory', { dataDir: join(dir, 'desk'), settings });
    await desk.call('awaitConverged', 30_000);
  }, 60_000);

  afterAll(async () => {
    await desk?.stop();
    await sim?.stop();
    await svc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('dispatch charges the items to the borrowing library; a refusal becomes an exception with the system\'s words', async () => {
    sim.refuse({ operation: 'checkout', itemId: REFUSED, screenMessage: '此書已有他人預約 Item on hold for another patron' });
    let parcelId = '';
    for (const b of ITEMS) parcelId = (ok(await desk.call<ActionResult>('packScan', b)) as { parcelId: string }).parcelId;
    ok(await desk.call<ActionResult>('seal', parcelId));
    ok(await desk.call<ActionResult>('dispatch', parcelId, '新竹物流 HCT', 'HCT0001'));

    const done = await until('the connector to finish', async () => {
      await desk.call('ilsIdle');
      const ops = await desk.call<IlsOpView[]>('ilsOps');
      return ops.length === 3 && ops.every((o) => o.state === 'done' || o.state === 'reported') ? ops : null;
    });
    expect(done.filter((o) => o.state === 'done').map((o) => o.itemId).sort()).toEqual(ITEMS.slice(0, 2));
    for (const b of ITEMS.slice(0, 2)) expect(sim.library.loans.get(b)?.patronId).toBe(ACCOUNT);
    expect(sim.library.loans.has(REFUSED)).toBe(false);
    // Exactly one checkout per item went over the wire.
    for (const b of ITEMS) expect(sim.received.filter((l) => l.startsWith('11') && l.includes(`AB${b}|`))).toHaveLength(1);

    const attention = await until('the refusal in needs attention', async () => {
      const a = await desk.call<Attention[]>('needsAttention');
      return a.find((x) => x.kind === 'exception' && x.exception.reason === 'ILS_REFUSED');
    });
    if (attention.kind !== 'exception') throw new Error('not an exception');
    expect(attention.exception.params).toMatchObject({ itemBarcode: REFUSED, screenMessage: '此書已有他人預約 Item on hold for another patron' });
    await desk.call('awaitConverged', 20_000);
    const onService = (await admin.records<{ id: string; reason: string; resolved: boolean }>('exceptions')).documents.filter((e) => e.reason === 'ILS_REFUSED');
    expect(onService).toHaveLength(1);

    // Staff deal with it in the library system, then close it here.
    ok(await desk.call<ActionResult>('resolveException', attention.exception.id));
    expect((await desk.call<Attention[]>('needsAttention')).some((x) => x.kind === 'exception' && x.exception.reason === 'ILS_REFUSED')).toBe(false);
  }, 60_000);

  it('the items come back and receiving them checks them in', async () => {
    // The borrowing library receives, lends, takes back and ships home the two charged items.
    const back = ITEMS.slice(0, 2);
    const returnParcel = 'PRETURN0001';
    for (const [i, b] of back.entries()) {
      const holdId = `H-${i}`;
      const loanId = `L-${i}`;
      for (const [type, payload] of [
        ['item.received', { itemBarcode: b, parcelId: null, ownerLibraryId: null, holdId }],
        ['loan.started', { loanId, holdId, patronId: 'p-1' }],
        ['loan.ended', { loanId, fineId: `F-${i}` }],
        ['item.packed', { parcelId: returnParcel, toLibraryId: 'NPTU', requestId: requests[i]!, itemBarcode: b }],
      ] as const) {
        const r = await nkust.push(type as never, payload as never);
        expect(r.status, `${type} ${JSON.stringify(r)}`).toBe('applied');
      }
    }
    expect((await nkust.push('parcel.sealed', { parcelId: returnParcel })).status).toBe('applied');
    expect((await nkust.push('parcel.dispatched', { parcelId: returnParcel, courier: '新竹物流 HCT', trackingNumber: 'HCT0002' })).status).toBe('applied');

    await until('the return parcel at the lender desk', async () => (await desk.call<{ id: string } | null>('record', 'parcels', returnParcel)));
    for (const b of back) {
      const routing = ok(await desk.call<ActionResult<Routing>>('receiveScan', b, returnParcel));
      expect(routing.route).toBe('home');
    }
    await until('both checkins', async () => {
      await desk.call('ilsIdle');
      const ops = await desk.call<IlsOpView[]>('ilsOps');
      return ops.filter((o) => o.kind === 'checkin' && o.state === 'done').length === 2;
    });
    for (const b of back) expect(sim.library.loans.has(b)).toBe(false);
    expect(sim.received.filter((l) => l.startsWith('09'))).toHaveLength(2);
  }, 60_000);
});
