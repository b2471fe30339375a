// The borrowing library asks its own library system about a patron before a
// hold goes out (SIP2 Patron Information over TCP, the simulator as the
// library system): a patron the system knows and allows borrows; one it bars
// or does not know is refused at the desk with nothing recorded; when the
// system cannot be reached the desk keeps lending on what its replica knows,
// but does not forget a "no" it was given earlier.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '#server/service';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { PROFILE_CASES } from '../sip2/profiles';
import type { IlsSettings } from '#shared/bridge/ils';
import type { HomeCheck } from '#desk-core/home-check';
import type { ActionResult } from '#desk-core/workflows';
import { AdminClient } from '#test/support/client';
import { RemoteDesk } from '#test/support/remote-desk';
import { ok, until } from '#test/support/until';

const PATRONS = [
  { id: 'p-ok', card: '21021000000017', item: '31302000000101' },
  { id: 'p-barred', card: '21021000000025', item: '31302000000102' },
  { id: 'p-gone', card: '21021000000033', item: '31302000000103' },
  { id: 'p-ok', card: '21021000000017', item: '31302000000104' },
] as const;

describe.each(PROFILE_CASES)('patron validation at the borrowing desk through its library system ($profile server)', (pc) => {
  let dir: string;
  let svc: RunningService;
  let sim: Sip2ServerSimulator;
  let desk: RemoteDesk;
  const adminToken = 'rda_sip2_patron_test_admin_token_00000';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-sip2-patron-'));
    svc = await startService({ port: 0, dataDir: join(dir, 'service'), adminToken, inMemory: true, rateLimitPerMinute: 100_000 });
    const admin = new AdminClient(svc.url, adminToken);
    sim = new Sip2ServerSimulator({
      institutionId: 'NKUST', libraryName: '高雄科技大學圖書館', accounts: [{ userId: 'relay', password: 's3cret' }], profile: pc.profile,
      // p-gone left the university: the consortium's records still list the card, the library's system does not.
      patrons: [{ id: PATRONS[0].card, pin: '1234', name: '林雅婷' }, { id: PATRONS[1].card, pin: '5678', name: '陳志明', blocked: true }],
      items: [],
    });
    const simPort = await sim.start();
    for (const p of PATRONS.slice(0, 3)) await admin.patron(p.id, 'NKUST', p.card);
    const nkust = await admin.pairDesk('NKUST', 'staff', 'NKUST receiving');
    // Each item arrives at the borrowing library and goes onto its hold shelf.
    for (const [i, p] of PATRONS.entries()) {
      await admin.request('NKUST', 'NPTU', p.id, p.item);
      const r = await nkust.push('item.received', { itemBarcode: p.item, parcelId: null, ownerLibraryId: null, holdId: `H-${i}` });
      expect(r.status, JSON.stringify(r)).toBe('applied');
    }
    const d = await admin.pairDesk('NKUST');
    const settings: IlsSettings = {
      enabled: true, host: '127.0.0.1', port: simPort, tls: { enabled: false, rejectUnauthorized: true, caPem: '' },
      institutionId: 'NKUST', loginUserId: 'relay', loginPassword: 's3cret', locationCode: 'CIRC', terminalPassword: '',
      errorDetection: true, requestTimeoutMs: 3000,
      operations: { dispatchCheckout: false, returnCheckin: false, patronValidation: true },
      accounts: {}, offlinePinRule: 'refuse',
      ...(pc.settings as Partial<IlsSettings>),
    };
    desk = await RemoteDesk.start({ serviceUrl: svc.url, deviceToken: d.token, deviceId: d.deviceId, libraryId: 'NKUST', role: 'staff' }, 'memory', { dataDir: join(dir, 'desk'), settings });
    await desk.call('awaitConverged', 30_000);
    await until('the four holds at the desk', async () => {
      for (let i = 0; i < PATRONS.length; i++) if (!(await desk.call('record', 'holds', `H-${i}`))) return false;
      return true;
    });
  }, 60_000);

  afterAll(async () => {
    await desk?.stop();
    await sim?.stop();
    await svc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const checkout = (i: number) => desk.call<ActionResult>('checkoutScan', PATRONS[i]!.id, PATRONS[i]!.item);

  it('lends to a patron the system allows', async () => {
    expect(await desk.call<HomeCheck>('checkAtHome', PATRONS[0].card)).toEqual({ kind: 'valid', screenMessage: '' });
    expect(ok(await checkout(0))).toMatchObject({ kind: 'loan' });
    // The desk asked with the card scanned, in a Patron Information (63) message.
    expect(sim.received.some((l) => l.startsWith('63') && l.includes(`AA${PATRONS[0].card}|`))).toBe(true);
  });

  it('refuses a patron the system bars, and one it does not know, recording nothing', async () => {
    expect(await desk.call<HomeCheck>('checkAtHome', PATRONS[1].card)).toMatchObject({ kind: 'refused', reason: 'HOME_SYSTEM_BLOCKED' });
    expect(await checkout(1)).toMatchObject({ ok: false, reason: 'HOME_SYSTEM_BLOCKED' });
    expect(await desk.call<HomeCheck>('checkAtHome', PATRONS[2].card)).toMatchObject({ kind: 'refused', reason: 'HOME_SYSTEM_UNKNOWN_PATRON', params: { card: PATRONS[2].card } });
    expect(await checkout(2)).toMatchObject({ ok: false, reason: 'HOME_SYSTEM_UNKNOWN_PATRON' });
    for (const i of [1, 2]) expect(await desk.call('record', 'holds', `H-${i}`)).toMatchObject({ state: 'waiting' });
    // Nothing recorded about either hold (the first test's loan may still be on its way to the service: not counted).
    expect(await desk.call('eventsAboutHolds', ['H-1', 'H-2'])).toBe(0);
  });

  it('keeps lending while the system is down, without forgetting an earlier refusal', async () => {
    await sim.goDown();
    expect(await desk.call<HomeCheck>('checkAtHome', PATRONS[3].card)).toMatchObject({ kind: 'unreachable' });
    expect(ok(await checkout(3))).toMatchObject({ kind: 'loan' });
    expect(await desk.call<HomeCheck>('checkAtHome', PATRONS[1].card)).toMatchObject({ kind: 'unreachable' });
    expect(await checkout(1)).toMatchObject({ ok: false, reason: 'HOME_SYSTEM_BLOCKED' });
  });
});
