// A virtual library card's QR code at the kiosk, against the real service:
// the cards are issued over the API by the home libraries' staff desks and
// reach the kiosk by replication, with the consortium's public keys. Our own
// patron's card opens their pickup like their plastic card; a visitor's
// valid card is told to see the desk (the kiosk hands out holds, and holds
// live at the patron's home library); a tampered, revoked or other
// library's card is refused with the verifier's reason; a bad QR in the
// middle of a visit does not end it. All of it with the link to the service
// cut, since verification reads only the replica.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { LinkProxy } from '#test/support/link-proxy';
import { until } from '#test/support/until';
import type { KioskScreen } from '#renderer/kiosk/kiosk-core';
import { describeProblem, type KioskProblem } from '#renderer/kiosk/i18n-kiosk';
import type { CardRecord } from '#shared/domain/records';
import type { SyncStatus } from '#desk-core/sync-monitor';
import { RemoteKiosk } from './support/remote-kiosk';
import { KioskSeed, tagsOf, type Patron } from './support/kiosk-seed';

interface Issued { card: CardRecord; cardText: string }

describe('virtual library cards at the kiosk', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  let seed: KioskSeed;
  let kiosk: RemoteKiosk;
  let link: LinkProxy;
  let dataDir: string;
  let nkust: DeskClient;
  let nptu: DeskClient;

  const issue = async (desk: DeskClient, patronId: string, hostLibraryId: string): Promise<Issued> => {
    const res = await http<Issued>(svc.url, 'POST', '/api/cards', { token: desk.token, body: { patronId, hostLibraryId } });
    if (res.status !== 200) throw new Error(`issue → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const problemOf = (s: KioskScreen): KioskProblem | null => (s.kind === 'welcome' ? s.problem : s.kind === 'visit' ? s.notice : null);

  let own: Patron;
  let ownCard: Issued;
  let visitorCard: Issued;
  let revokedCard: Issued;
  let elsewhereCard: Issued;
  let hold: Awaited<ReturnType<KioskSeed['onShelf']>>[number];

  beforeAll(async () => {
    svc = await startTestService('pglite');
    admin = new AdminClient(svc.url, svc.adminToken);
    [nkust, nptu] = (await Promise.all([admin.pairDesk('NKUST'), admin.pairDesk('NPTU')])) as [DeskClient, DeskClient];
    seed = new KioskSeed(admin, { NKUST: nkust, NPTU: nptu });
    own = await seed.patron('NKUST', '陳怡君');
    hold = (await seed.onShelf('NKUST', 'NPTU', own, 1))[0]!;
    const visitor = await seed.patron('NPTU', '林志明');
    const gone = await seed.patron('NKUST', '黃雅婷');
    ownCard = await issue(nkust, own.id, '*');
    visitorCard = await issue(nptu, visitor.id, 'NKUST');
    revokedCard = await issue(nkust, gone.id, '*');
    elsewhereCard = await issue(nptu, visitor.id, 'NUK');
    const revoked = await http(svc.url, 'POST', `/api/cards/${revokedCard.card.id}/revoke`, { token: nkust.token, body: { reason: '掛失 / reported lost' } });
    expect(revoked.status).toBe(200);

    link = await LinkProxy.start(svc.port);
    const k = await admin.pairDesk('NKUST', 'kiosk', 'NKUST 自助借書機 QR');
    dataDir = await mkdtemp(join(tmpdir(), 'relay-kiosk-qr-'));
    kiosk = await RemoteKiosk.start({
      config: { serviceUrl: link.url, deviceToken: k.token, deviceId: k.deviceId, libraryId: 'NKUST', role: 'kiosk' },
      dataDir, storage: 'memory', printer: { kind: 'simulated' },
    });
    await kiosk.call('awaitConverged');
    await until('cards, keys and the hold on the kiosk', async () =>
      (await kiosk.call<{ revokedAt: string | null } | null>('record', 'cards', revokedCard.card.id))?.revokedAt != null
      && (await kiosk.call('record', 'cards', visitorCard.card.id)) !== null
      && (await kiosk.call('record', 'holds', hold!.holdId)) !== null);
    // Everything below happens with the service out of reach.
    link.down();
    await until('the kiosk offline', async () => (await kiosk.call<SyncStatus>('status')).phase === 'offline', 20_000);
  }, 90_000);

  afterAll(async () => {
    await kiosk?.stop();
    await link?.close();
    await svc?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('our own patron\'s card opens their pickup, offline, and the hold is checked out on it', async () => {
    const hello = await kiosk.call<KioskScreen>('identify', ownCard.cardText);
    expect(hello).toMatchObject({ kind: 'visit', visit: { mode: 'pickup', patronId: own.id, card: own.card } });
    const s = await kiosk.call<KioskScreen>('place', tagsOf(hold!));
    expect(s.kind === 'visit' ? s.visit.lines : []).toEqual([expect.objectContaining({ barcode: hold!.barcode, kind: 'checked_out', offline: true, securityOk: true })]);

    // A bad QR in the middle of the visit is a notice; the visit goes on.
    const tampered = `${ownCard.cardText.slice(0, -6)}${ownCard.cardText.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    const during = await kiosk.call<KioskScreen>('identify', tampered);
    expect(during).toMatchObject({ kind: 'visit', visit: { patronId: own.id }, notice: { source: 'card', code: 'BAD_SIGNATURE' } });
    await kiosk.call('timeout');
  });

  it('a visitor\'s valid card is told, by name, to borrow at the desk', async () => {
    const s = await kiosk.call<KioskScreen>('identify', visitorCard.cardText);
    expect(s).toMatchObject({ kind: 'welcome', problem: { source: 'kiosk', code: 'VIRTUAL_CARD_VISITOR' } });
    const words = describeProblem('zh-TW', problemOf(s)!);
    expect(words).toContain('林志明');
    expect(words).toContain(visitorCard.card.validUntil);
    expect(words).toContain('服務台');
  });

  it('revoked, another library\'s and damaged cards are refused with the verifier\'s reason in the patron\'s language', async () => {
    const cases: Array<[string, string, string]> = [
      [revokedCard.cardText, 'REVOKED', '已被註銷'],
      [elsewhereCard.cardText, 'WRONG_LIBRARY', 'NUK'],
      [`${visitorCard.cardText.slice(0, 30)}`, 'MALFORMED', '不完整'],
    ];
    for (const [text, code, zh] of cases) {
      const s = await kiosk.call<KioskScreen>('identify', text);
      expect(s, code).toMatchObject({ kind: 'welcome', problem: { source: 'card', code } });
      expect(describeProblem('zh-TW', problemOf(s)!)).toContain(zh);
      expect(describeProblem('en', problemOf(s)!)).not.toMatch(/[\u4e00-\u9fff]/);
    }
    // Nothing was recorded for any of them: the only pending event is the one loan.
    expect(await kiosk.call<number>('pendingCount')).toBe(1);
  });

  it('the kiosk\'s workflows refuse what only a staff desk may record, before storing it (the service would refuse the whole push)', async () => {
    expect(await kiosk.call('staffAction', 'expireHold', hold!.holdId)).toMatchObject({ ok: false, reason: 'NOT_FOR_THIS_DEVICE', params: { type: 'hold.expired', role: 'kiosk' } });
    expect(await kiosk.call('staffAction', 'visitorCheckout', visitorCard.cardText, '3100000999999')).toMatchObject({ ok: false, reason: 'NOT_FOR_THIS_DEVICE', params: { type: 'loan.visitor_started' } });
    expect(await kiosk.call<number>('pendingCount')).toBe(1);
  });
});
