// A kiosk that asks for the patron's PIN, checked by the library's own
// system (the bridge's ils.validatePatron; here its answers are given per
// card, as the connector would return them): a right PIN opens the visit,
// wrong PINs count down to "see the desk", and when the system cannot be
// reached the library's rule decides — card alone, or refuse.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { until } from '#test/support/until';
import type { KioskScreen } from '#renderer/kiosk/kiosk-core';
import { RemoteKiosk } from './support/remote-kiosk';
import { KioskSeed, type Patron } from './support/kiosk-seed';

describe('a kiosk that asks for a PIN', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let kiosk: RemoteKiosk;
  let dataDir: string;
  const p: Record<string, Patron> = {};

  beforeAll(async () => {
    svc = await startTestService('pglite');
    const admin = new AdminClient(svc.url, svc.adminToken);
    const [nkust, nptu] = await Promise.all([admin.pairDesk('NKUST'), admin.pairDesk('NPTU')]);
    const seed = new KioskSeed(admin, { NKUST: nkust as DeskClient, NPTU: nptu as DeskClient });
    for (const name of ['right', 'wrong', 'cardOnly', 'refuse', 'noSystem', 'silent']) p[name] = await seed.patron('NKUST', `讀者${name}`);
    const ok = { reachable: true, valid: true, pinOk: true, blocked: false, name: '', screenMessage: '' };
    const home: Record<string, unknown> = {
      [`${p['right']!.card}:2468`]: ok,
      [p['right']!.card]: { ...ok, pinOk: false },
      [`${p['wrong']!.card}:2468`]: ok,
      [p['wrong']!.card]: { ...ok, pinOk: false },
      [p['cardOnly']!.card]: { reachable: false, code: 'TIMEOUT', reason: 'no answer', offlinePinRule: 'accept-card-only' },
      [p['refuse']!.card]: { reachable: false, code: 'CONNECTION_REFUSED', reason: 'down', offlinePinRule: 'refuse' },
      [p['noSystem']!.card]: { reachable: false, code: 'DISABLED', reason: 'off', offlinePinRule: 'accept-card-only' },
      [p['silent']!.card]: { ...ok, pinOk: null },
    };
    const k = await admin.pairDesk('NKUST', 'kiosk', 'NKUST 自助借書機 PIN');
    dataDir = await mkdtemp(join(tmpdir(), 'relay-kiosk-pin-'));
    kiosk = await RemoteKiosk.start({
      config: { serviceUrl: svc.url, deviceToken: k.token, deviceId: k.deviceId, libraryId: 'NKUST', role: 'kiosk' },
      dataDir, storage: 'memory', printer: { kind: 'simulated' }, device: { idleSeconds: null, pin: 'required' }, home,
    });
    await kiosk.call('awaitConverged');
    await until('the patrons on the kiosk', async () => (await kiosk.call('record', 'patrons', p['silent']!.id)) !== null);
  }, 90_000);

  afterAll(async () => {
    await kiosk?.stop();
    await svc?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('the right PIN opens the visit; three wrong ones send the patron to the desk', async () => {
    expect(await kiosk.call<KioskScreen>('identify', p['right']!.card)).toMatchObject({ kind: 'pin', triesLeft: 3 });
    expect(await kiosk.call<KioskScreen>('enterPin', '2468')).toMatchObject({ kind: 'visit', visit: { patronId: p['right']!.id } });
    await kiosk.call('timeout');

    await kiosk.call('identify', p['wrong']!.card);
    expect(await kiosk.call<KioskScreen>('enterPin', '1111')).toMatchObject({ kind: 'pin', triesLeft: 2, problem: { code: 'PIN_WRONG', params: { left: 2 } } });
    expect(await kiosk.call<KioskScreen>('enterPin', '12')).toMatchObject({ kind: 'pin', triesLeft: 2, problem: { code: 'PIN_WRONG' } });
    expect(await kiosk.call<KioskScreen>('enterPin', '2222')).toMatchObject({ kind: 'pin', triesLeft: 1 });
    expect(await kiosk.call<KioskScreen>('enterPin', '3333')).toMatchObject({ kind: 'blocked', problems: [{ code: 'PIN_LOCKED' }] });
    await kiosk.call('timeout');
    // Scanning the card again gives no fresh tries.
    expect(await kiosk.call<KioskScreen>('identify', p['wrong']!.card)).toMatchObject({ kind: 'blocked', problems: [{ code: 'PIN_LOCKED' }] });
    await kiosk.call('timeout');
  });

  it('wrong tries carry over a rescan until the right PIN clears them', async () => {
    await kiosk.call('identify', p['right']!.card);
    expect(await kiosk.call<KioskScreen>('enterPin', '9999')).toMatchObject({ kind: 'pin', triesLeft: 2 });
    await kiosk.call('timeout');
    expect(await kiosk.call<KioskScreen>('identify', p['right']!.card)).toMatchObject({ kind: 'pin', triesLeft: 2 });
    expect(await kiosk.call<KioskScreen>('enterPin', '2468')).toMatchObject({ kind: 'visit' });
    await kiosk.call('timeout');
    expect(await kiosk.call<KioskScreen>('identify', p['right']!.card)).toMatchObject({ kind: 'pin', triesLeft: 3 });
    await kiosk.call('timeout');
  });

  it('unreachable system: the library\'s rule (card alone, or refuse); no system or no PIN answer: refuse', async () => {
    await kiosk.call('identify', p['cardOnly']!.card);
    expect(await kiosk.call<KioskScreen>('enterPin', '1234')).toMatchObject({ kind: 'visit', visit: { patronId: p['cardOnly']!.id } });
    await kiosk.call('timeout');
    for (const who of ['refuse', 'noSystem', 'silent']) {
      await kiosk.call('identify', p[who]!.card);
      expect(await kiosk.call<KioskScreen>('enterPin', '1234'), who).toMatchObject({ kind: 'blocked', problems: [{ code: 'PIN_UNCHECKED' }] });
      await kiosk.call('timeout');
    }
  });
});
