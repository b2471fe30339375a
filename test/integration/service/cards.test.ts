// Virtual library cards through the real service, on PGlite and PostgreSQL:
// a home library issues a card over the API, the host library's desks
// replicate the card and the consortium's public keys and verify its QR text
// offline; revocation and key rotation replicate and take effect at the desk;
// two host desks that were offline together take a card over its limit and
// the service keeps every loan and raises one exception for the library; the
// holder's page; the consortium's figures; and bad input everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backends, startTestService, TIME_TRAVEL_BOUNDS } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { expectError, expectErrorShape, healthSeq, pairOnDb } from './access-fixtures';
import { verifyCard, type CardPublicKey } from '#shared/cards/verify';
import { parseCard, signCard } from '#shared/cards/qr';
import { publicKeyOf } from '#shared/cards/ed25519';
import { visitorCardOf } from '#shared/domain/cards/visitor-loans';
import { addDays, localDateOf } from '#shared/domain/dates';
import { keySealer } from '#server/cards/card-secrets';
import { privateKeyOf } from '#server/cards/card-keys';
import type { CardKeyRecord, CardRecord, ExceptionRecord, FineRecord, LoanRecord } from '#shared/domain/records';

const HOME = 'NPTU';
const HOST = 'NKUST';
const THIRD = 'NUK';
const KEY_SECRET = 'test-card-key-secret-0123456789abcdef';
const DAY_MS = 86_400_000;

type Svc = Awaited<ReturnType<typeof startTestService>>;
interface Issued { card: CardRecord; cardText: string; pagePath: string; pageUrl: string }

const today = () => localDateOf(Date.now(), 480);
const keysOf = (docs: CardKeyRecord[]): CardPublicKey[] => docs.map((k) => ({ keyId: k.id, publicKey: k.publicKey, activeFrom: k.activeFrom, retiredAt: k.retiredAt }));

for (const backend of await backends()) {
  describe(`virtual cards on ${backend}`, () => {
    let svc: Svc;
    let admin: AdminClient;
    let homeDesk: DeskClient;
    let hostDesk1: DeskClient;
    let hostDesk2: DeskClient;
    let hostKiosk: DeskClient;
    let thirdDesk: DeskClient;
    let first: Issued;
    let limited: Issued;
    const previousSecret = process.env['CARD_KEY_SECRET'];

    const issue = async (body: Record<string, unknown>, desk = homeDesk): Promise<Issued> => {
      const res = await http<Issued>(svc.url, 'POST', '/api/cards', { token: desk.token, body });
      if (res.status !== 200) throw new Error(`issue → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    /** What a desk of `desk`'s library would pass to verifyCard, from what it replicated. */
    const deskContext = async (desk: DeskClient, now = new Date().toISOString()) => {
      const keys = keysOf((await desk.pullAll<CardKeyRecord>('cardKeys')).documents);
      const revoked = new Set((await desk.pullAll<CardRecord>('cards')).documents.filter((c) => c.revokedAt !== null).map((c) => c.id));
      return { keys, revokedCardIds: revoked, today: localDateOf(Date.parse(now), 480), now, hostLibraryId: desk.libraryId };
    };

    beforeAll(async () => {
      // Keys sealed at rest for this service (read when it starts).
      process.env['CARD_KEY_SECRET'] = KEY_SECRET;
      svc = await startTestService(backend, { eventTimeBounds: TIME_TRAVEL_BOUNDS });
      admin = new AdminClient(svc.url, svc.adminToken);
      homeDesk = await pairOnDb(svc, HOME, 'staff', 'NPTU 流通櫃台');
      hostDesk1 = await pairOnDb(svc, HOST, 'staff', 'NKUST 流通櫃台 1');
      hostDesk2 = await pairOnDb(svc, HOST, 'staff', 'NKUST 流通櫃台 2');
      hostKiosk = await pairOnDb(svc, HOST, 'kiosk', 'NKUST 自助借書機');
      thirdDesk = await pairOnDb(svc, THIRD, 'staff', 'NUK 流通櫃台');
      await admin.patron('pat-home', HOME, '2130200020114', { name: '王俊傑' });
      await admin.patron('pat-home-2', HOME, '2130200020377', { name: '吳淑惠', expiresOn: addDays(today(), 10) });
      await admin.patron('pat-blocked', HOME, '2130200020999', { blocks: [{ code: 'lost_item', note: '遺失圖書未賠償', since: new Date().toISOString() }] });
      await admin.patron('pat-expired', HOME, '2130200020888', { status: 'expired', expiresOn: '2024-01-31' });
      await admin.patron('pat-host', HOST, '2102100010231', { name: '陳怡君' });
    });
    afterAll(async () => {
      if (previousSecret === undefined) delete process.env['CARD_KEY_SECRET'];
      else process.env['CARD_KEY_SECRET'] = previousSecret;
      await svc?.dispose();
    });

    it('a new service publishes one signing key; its private half stays in the service, sealed', async () => {
      const keys = (await thirdDesk.pullAll<CardKeyRecord>('cardKeys')).documents;
      expect(keys).toHaveLength(1);
      const key = keys[0]!;
      expect(key.retiredAt).toBeNull();
      expect(Date.parse(key.activeFrom)).toBeLessThanOrEqual(Date.now());
      // Every paired device has it, kiosks too.
      expect((await hostKiosk.pullAll<CardKeyRecord>('cardKeys')).documents.map((k) => k.id)).toEqual([key.id]);
      const { rows } = await svc.db.query<{ private_key: string; public_key: string }>('select private_key, public_key from card_signing_keys where key_id = $1', [key.id]);
      expect(rows[0]!.public_key).toBe(key.publicKey);
      expect(rows[0]!.private_key).toMatch(/^aesgcm1\./);
      const privateKey = await privateKeyOf(svc.db, keySealer(KEY_SECRET), key.id);
      expect(await publicKeyOf(privateKey!)).toBe(key.publicKey);
      expect(await privateKeyOf(svc.db, keySealer('another secret'), key.id)).toBeNull();
      expect(JSON.stringify(await admin.records('cardKeys'))).not.toContain(privateKey);
    });

    it('the home library issues a card; host and home desks replicate it, a third library does not; its QR text verifies offline against the replicated keys', async () => {
      first = await issue({ patronId: 'pat-home', hostLibraryId: HOST });
      const t = today();
      expect(first.card).toMatchObject({
        kind: 'interlibrary', holderName: '王俊傑', holderId: 'pat-home', homeLibraryId: HOME, organisation: null, hostLibraryId: HOST,
        validFrom: t, validUntil: addDays(t, 30), loanLimit: 3, issuedBy: HOME, revokedAt: null, revokedReason: '',
      });
      expect(first.pageUrl).toBe(`${svc.url}${first.pagePath}`);
      expect(first.pagePath).toMatch(new RegExp(`^/cards/${first.card.id}\\?k=[A-Za-z0-9_-]{22}$`));

      const ids = async (d: DeskClient) => (await d.pullAll<CardRecord>('cards')).documents.map((c) => c.id);
      expect(await ids(hostDesk1)).toContain(first.card.id);
      expect(await ids(hostKiosk)).toContain(first.card.id);
      expect(await ids(homeDesk)).toContain(first.card.id);
      expect(await ids(thirdDesk)).not.toContain(first.card.id);
      const replicated = (await hostDesk1.pullAll<CardRecord>('cards')).documents.find((c) => c.id === first.card.id);
      expect(replicated).toEqual({ ...first.card, _deleted: false });
      // The signature never replicates: only the holder's page and the issuing library hold the QR text.
      const signature = first.cardText.split('.')[2]!;
      for (const d of [hostDesk1, homeDesk, thirdDesk]) for (const c of ['cards', 'cardKeys', 'events']) expect(JSON.stringify(await d.pullAll(c))).not.toContain(signature);

      const verified = await verifyCard(first.cardText, await deskContext(hostDesk1));
      expect(verified.ok).toBe(true);
      if (verified.ok) expect(visitorCardOf(verified.card)).toEqual(visitorCardOf(first.card));
      expect(await verifyCard(first.cardText, await deskContext(thirdDesk))).toMatchObject({ ok: false, code: 'WRONG_LIBRARY' });
      // Flipping a character of the signed text breaks it.
      const last = first.cardText.at(-2) === 'A' ? 'B' : 'A';
      const tampered = `${first.cardText.slice(0, -2)}${last}${first.cardText.at(-1)}`;
      expect((await verifyCard(tampered, await deskContext(hostDesk1))).ok).toBe(false);

      // The home library (and only it, or the administrator) can read the card's text again.
      const again = await http<Issued>(svc.url, 'GET', `/api/cards/${first.card.id}`, { token: homeDesk.token });
      expect(again.body).toMatchObject({ cardText: first.cardText, pagePath: first.pagePath });
      expectError(await http(svc.url, 'GET', `/api/cards/${first.card.id}`, { token: hostDesk1.token }), 403, 'CARD_NOT_YOURS');
      expectError(await http(svc.url, 'GET', `/api/cards/${first.card.id}`, { token: thirdDesk.token }), 404, 'CARD_UNKNOWN');
      expect((await http<Issued>(svc.url, 'GET', `/admin/cards/${first.card.id}`, { token: svc.adminToken })).body.cardText).toBe(first.cardText);
    });

    it('a card valid at every library and a partner card replicate to every library', async () => {
      const everywhere = await issue({ patronId: 'pat-home', hostLibraryId: '*', validUntil: addDays(today(), 7), loanLimit: 2 });
      const partner = await http<Issued>(svc.url, 'POST', '/admin/cards', {
        token: svc.adminToken,
        body: { holderName: '李大同', holderId: 'CSC-00042', organisation: '中鋼公司', hostLibraryId: '*', validUntil: addDays(today(), 90), loanLimit: 5 },
      });
      expect(partner.status).toBe(200);
      expect(partner.body.card).toMatchObject({ kind: 'partner', homeLibraryId: null, organisation: '中鋼公司', issuedBy: 'ADMIN', loanLimit: 5 });
      for (const d of [thirdDesk, hostKiosk]) {
        const ids = (await d.pullAll<CardRecord>('cards')).documents.map((c) => c.id);
        expect(ids).toEqual(expect.arrayContaining([everywhere.card.id, partner.body.card.id]));
        expect((await verifyCard(partner.body.cardText, await deskContext(d))).ok).toBe(true);
      }
      // Only the administrator revokes a partner card.
      expectError(await http(svc.url, 'POST', `/api/cards/${partner.body.card.id}/revoke`, { token: homeDesk.token, body: { reason: 'x' } }), 403, 'CARD_NOT_YOURS');
      const byAdmin = await http<{ card: CardRecord }>(svc.url, 'POST', `/api/cards/${partner.body.card.id}/revoke`, { token: svc.adminToken, body: { reason: '合約終止 / contract ended' } });
      expect(byAdmin.body.card.revokedReason).toBe('合約終止 / contract ended');
    });

    it('revocation replicates: the host desk\'s verifyCard says REVOKED, visitor loans are refused, the page shows no code', async () => {
      const doomed = await issue({ patronId: 'pat-home', hostLibraryId: HOST });
      expect((await verifyCard(doomed.cardText, await deskContext(hostDesk1))).ok).toBe(true);
      // Not the host's to revoke; a third library does not even know of it.
      expectError(await http(svc.url, 'POST', `/api/cards/${doomed.card.id}/revoke`, { token: hostDesk1.token, body: { reason: 'x' } }), 403, 'CARD_NOT_YOURS');
      expectError(await http(svc.url, 'POST', `/api/cards/${doomed.card.id}/revoke`, { token: thirdDesk.token, body: { reason: 'x' } }), 404, 'CARD_UNKNOWN');
      expectError(await http(svc.url, 'POST', `/api/cards/${doomed.card.id}/revoke`, { token: hostKiosk.token, body: { reason: 'x' } }), 403, 'FORBIDDEN_ROLE');

      const res = await http<{ card: CardRecord; alreadyRevoked: boolean }>(svc.url, 'POST', `/api/cards/${doomed.card.id}/revoke`, { token: homeDesk.token, body: { reason: '讀者掛失 / reported lost' } });
      expect(res.status).toBe(200);
      expect(res.body.alreadyRevoked).toBe(false);
      expect(res.body.card.revokedAt).not.toBeNull();
      const pulled = (await hostDesk1.pullAll<CardRecord>('cards')).documents.find((c) => c.id === doomed.card.id)!;
      expect(pulled.revokedAt).toBe(res.body.card.revokedAt);
      expect(await verifyCard(doomed.cardText, await deskContext(hostDesk1))).toMatchObject({ ok: false, code: 'REVOKED' });
      expect(await verifyCard(doomed.cardText, await deskContext(hostKiosk))).toMatchObject({ ok: false, code: 'REVOKED' });
      // Revoking twice changes nothing.
      const twice = await http<{ card: CardRecord; alreadyRevoked: boolean }>(svc.url, 'POST', `/api/cards/${doomed.card.id}/revoke`, { token: homeDesk.token, body: { reason: 'again' } });
      expect(twice.body).toMatchObject({ alreadyRevoked: true, card: { revokedReason: '讀者掛失 / reported lost' } });

      const parsed = parseCard(doomed.cardText);
      if (!parsed.ok) throw new Error('unparseable');
      const refused = await hostDesk1.push('loan.visitor_started', { loanId: 'vl-revoked', itemBarcode: '31021000000999', title: '不該借出', card: visitorCardOf(parsed.payload) });
      expect(refused).toMatchObject({ status: 'rejected', reason: 'CARD_REVOKED' });

      const page = await http<string>(svc.url, 'GET', doomed.pagePath);
      expect(page.status).toBe(200);
      expect(page.body).toContain('已註銷');
      expect(page.body).not.toContain('<svg');

      // A desk of the home library may also revoke by pushing the event (offline, say).
      const other = await issue({ patronId: 'pat-home', hostLibraryId: HOST });
      expect(await homeDesk.push('card.revoked', { cardId: other.card.id, reason: '換發新證 / replaced' })).toMatchObject({ status: 'applied' });
      expect(await hostDesk1.push('card.revoked', { cardId: first.card.id, reason: 'not ours' })).toMatchObject({ status: 'rejected', reason: 'CARD_NOT_YOURS' });
      expect((await verifyCard(other.cardText, await deskContext(hostDesk2)))).toMatchObject({ ok: false, code: 'REVOKED' });
    });

    it('two host desks offline together lend 4 items on a limit-3 card: the service keeps all 4 loans and raises one CARD_OVER_LIMIT for the host library', async () => {
      limited = await issue({ patronId: 'pat-home-2', hostLibraryId: HOST, loanLimit: 3 });
      expect(limited.card.validUntil).toBe(addDays(today(), 10)); // not past the patron's membership
      const parsed = parseCard(limited.cardText);
      if (!parsed.ok) throw new Error('unparseable');
      const card = visitorCardOf(parsed.payload);
      // Each desk verified the card and checked its own loans (none yet) before recording: both were offline.
      const batch = (d: DeskClient, items: string[]) => items.map((b, i) => d.event('loan.visitor_started', { loanId: `vl-${d.deviceId}-${i}`, itemBarcode: b, title: `書 ${b}`, card }));
      const one = batch(hostDesk1, ['31021000100011', '31021000100029']);
      const two = batch(hostDesk2, ['31021000100037', '31021000100045']);
      const r1 = await hostDesk1.pushRaw(one);
      const r2 = await hostDesk2.pushRaw(two);
      expect(r1.status).toBe(200);
      expect(r2.status).toBe(200);
      const results = [...r1.body.results, ...r2.body.results];
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
      expect(results.map((r) => (r.outcome as { loanCount: number }).loanCount)).toEqual([1, 2, 3, 4]);

      const loans = (await hostDesk1.pullAll<LoanRecord>('loans')).documents.filter((l) => l.patronId === limited.card.id);
      expect(loans).toHaveLength(4);
      expect(loans.every((l) => l.requestId === null && l.libraryId === HOST && l.ownerLibraryId === HOST && l.state === 'active')).toBe(true);
      expect((await thirdDesk.pullAll<LoanRecord>('loans')).documents.filter((l) => l.patronId === limited.card.id)).toEqual([]);

      const over = (d: DeskClient) => d.pullAll<ExceptionRecord>('exceptions').then((x) => x.documents.filter((e) => e.reason === 'CARD_OVER_LIMIT'));
      const seen = await over(hostDesk1);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ libraryId: HOST, deviceId: hostDesk2.deviceId, eventId: two[1]!.id, audience: 'library', resolved: false, params: { cardId: limited.card.id, count: 4, limit: 3 } });
      // Every device of the host library sees it (not only the desk that pushed the fourth loan); no other library does.
      expect((await over(hostDesk2)).map((e) => e.id)).toEqual([seen[0]!.id]);
      expect((await over(hostKiosk)).map((e) => e.id)).toEqual([seen[0]!.id]);
      expect(await over(homeDesk)).toEqual([]);
      expect(await over(thirdDesk)).toEqual([]);
      // Any host desk may close it.
      expect(await hostDesk1.push('exception.resolved', { exceptionId: seen[0]!.id, note: '已聯絡讀者 / holder contacted' })).toMatchObject({ status: 'applied' });
      expect((await over(hostDesk2))[0]!.resolved).toBe(true);

      // A return at the host, late: the fine is the card's, recorded at the host.
      hostDesk1.at = new Date(Date.now() + 45 * DAY_MS).toISOString();
      const ended = await hostDesk1.push('loan.ended', { loanId: loans[0]!.id, fineId: 'fine-visitor-1' });
      hostDesk1.at = null;
      expect(ended).toMatchObject({ status: 'applied', outcome: { kind: 'returned', returnTo: HOST } });
      const fine = (await hostDesk2.pullAll<FineRecord>('fines')).documents.find((f) => f.id === 'fine-visitor-1');
      expect(fine).toMatchObject({ patronId: limited.card.id, libraryId: HOST, state: 'owed' });
      expect(fine!.amount).toBeGreaterThan(0);
    });

    it('the service refuses a card it never issued and an item already out; service-only card events cannot be pushed', async () => {
      const forged = { ...visitorCardOf(first.card), cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXY9' };
      expect(await hostDesk1.push('loan.visitor_started', { loanId: 'vl-forged', itemBarcode: '31021000200013', title: 't', card: forged })).toMatchObject({ status: 'rejected', reason: 'CARD_UNKNOWN' });
      // 31021000100029 is still out on the limited card (the first of the four came back).
      expect(await hostDesk2.push('loan.visitor_started', { loanId: 'vl-dup-item', itemBarcode: '31021000100029', title: 't', card: visitorCardOf(first.card) }))
        .toMatchObject({ status: 'rejected', reason: 'ITEM_ALREADY_ON_LOAN' });
      const { revokedAt: _r, revokedReason: _rr, updatedAt: _u, ...issued } = { ...first.card, id: '01JQ7Z8X4M5N6P7R8S9T0VWXY8' };
      for (const [type, payload] of [
        ['card.issued', { card: issued }],
        ['cardKey.published', { key: { id: 'k-evil', publicKey: 'A'.repeat(43), activeFrom: new Date().toISOString() } }],
        ['cardKey.retired', { keyId: 'k-evil', retiredAt: new Date().toISOString() }],
      ] as const) {
        const seq = await healthSeq(svc.url);
        expectError(await hostDesk1.pushRaw([hostDesk1.event(type, payload as never)]), 403, 'FORBIDDEN_EVENT_TYPE');
        expect(await healthSeq(svc.url)).toBe(seq);
      }
      expectError(await hostKiosk.pushRaw([hostKiosk.event('loan.visitor_started', { loanId: 'vl-kiosk', itemBarcode: '1', title: 't', card: visitorCardOf(first.card) })]), 403, 'FORBIDDEN_EVENT_TYPE');
    });

    it('the holder\'s page: the QR code (inline SVG) and the rules in plain words; a wrong link is a 404 page', async () => {
      const res = await fetch(first.pageUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('<svg');
      expect(html).toContain('name="viewport"');
      expect(html).toContain('@media print');
      for (const text of ['王俊傑', '屏東大學', 'National Pingtung University', '高雄科技大學', 'National Kaohsiung University of Science and Technology', '同時最多 3 冊', '28 天', 'NT$5', first.card.validUntil]) {
        expect(html, text).toContain(text);
      }
      const k = new URL(first.pageUrl).searchParams.get('k')!;
      const wrongK = `${k.slice(0, -1)}${k.endsWith('A') ? 'B' : 'A'}`;
      for (const path of [`/cards/${first.card.id}?k=${wrongK}`, `/cards/${first.card.id}`, `/cards/${first.card.id}?k=`, `/cards/${limited.card.id}?k=${k}`, `/cards/not-a-card?k=${k}`, `/cards/${first.card.id}?k=${k}&k=${k}`]) {
        const r = await fetch(svc.url + path);
        expect(r.status, path).toBe(404);
        expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
        const body = await r.text();
        expect(body, path).toContain('找不到此借書證');
        expect(body, path).not.toContain('<svg');
      }
    });

    it('card statistics: issued per home library or organisation, active and revoked, loans per card and per host', async () => {
      const res = await http<{
        cards: { issued: number; active: number; revoked: number };
        issuedBy: Array<{ homeLibraryId: string | null; organisation: string | null; issued: number; revoked: number }>;
        loans: { total: number; active: number };
        loansPerCard: Array<{ cardId: string; loans: number; activeLoans: number }>;
        loansPerHost: Array<{ libraryId: string; loans: number; activeLoans: number; cards: number }>;
      }>(svc.url, 'GET', '/admin/stats/cards', { token: svc.adminToken });
      expect(res.status).toBe(200);
      const all = (await admin.records<CardRecord>('cards')).documents;
      expect(res.body.cards.issued).toBe(all.length);
      expect(res.body.cards.revoked).toBe(all.filter((c) => c.revokedAt !== null).length);
      expect(res.body.cards.revoked).toBe(3);
      expect(res.body.issuedBy.find((r) => r.homeLibraryId === HOME)).toMatchObject({ issued: all.filter((c) => c.homeLibraryId === HOME).length, revoked: 2 });
      expect(res.body.issuedBy.find((r) => r.organisation === '中鋼公司')).toMatchObject({ issued: 1, revoked: 1 });
      expect(res.body.loansPerCard.find((r) => r.cardId === limited.card.id)).toMatchObject({ loans: 4, activeLoans: 3 });
      expect(res.body.loansPerHost).toEqual([{ libraryId: HOST, loans: 4, activeLoans: 3, cards: 1 }]);
      expect(res.body.loans).toMatchObject({ total: 4, active: 3 });
      expectError(await http(svc.url, 'GET', '/admin/stats/cards', { token: hostDesk1.token }), 401, 'ADMIN_TOKEN_INVALID');
    });

    it('key rotation: cards issued before a routine rotation stay valid; a card signed with a retired key after its retirement, or any card of a key retired as compromised, is KEY_RETIRED', async () => {
      const before = await deskContext(hostDesk1);
      const oldKeyId = first.card.keyId;
      const rotated = await http<{ key: CardKeyRecord; retired: CardKeyRecord[] }>(svc.url, 'POST', '/admin/card-keys/rotate', { token: svc.adminToken, body: {} });
      expect(rotated.status).toBe(200);
      expect(rotated.body.retired.map((k) => k.id)).toEqual([oldKeyId]);
      const retiredAt = rotated.body.retired[0]!.retiredAt!;
      expect(Date.parse(retiredAt)).toBeLessThanOrEqual(Date.now());
      const newKey = rotated.body.key;
      expect(newKey.id).not.toBe(oldKeyId);

      // The desks replicate the retirement and the new key.
      const keys = (await hostDesk1.pullAll<CardKeyRecord>('cardKeys')).documents;
      expect(keys.find((k) => k.id === oldKeyId)?.retiredAt).toBe(retiredAt);
      expect(keys.find((k) => k.id === newKey.id)?.retiredAt).toBeNull();
      const later = new Date(Date.now() + DAY_MS).toISOString();
      // Issued while the old key was in service: still valid after the rotation (a routine rotation recalls nothing).
      expect((await verifyCard(limited.cardText, await deskContext(hostDesk1, later))).ok).toBe(true);
      // New cards are signed with the new key.
      const fresh = await issue({ patronId: 'pat-home', hostLibraryId: HOST });
      expect(fresh.card.keyId).toBe(newKey.id);
      expect((await verifyCard(fresh.cardText, await deskContext(hostDesk1))).ok).toBe(true);

      // Someone holding the old private key signs a card after its retirement: refused.
      const oldPrivate = await privateKeyOf(svc.db, keySealer(KEY_SECRET), oldKeyId);
      const parsed = parseCard(limited.cardText);
      if (!parsed.ok) throw new Error('unparseable');
      const backdoor = await signCard({ ...parsed.payload, cardId: '01JQ7Z8X4M5N6P7R8S9T0VWXY7', issuedAt: new Date(Date.parse(retiredAt) + 1000).toISOString() }, oldPrivate!);
      expect((await verifyCard(backdoor, before)).ok).toBe(true); // a desk that has not replicated the retirement cannot know
      expect(await verifyCard(backdoor, await deskContext(hostDesk1, later))).toMatchObject({ ok: false, code: 'KEY_RETIRED' });

      // The new key is compromised: retire it from its first instant; every card it signed is refused once that replicates.
      const compromised = await http<{ key: CardKeyRecord; retired: CardKeyRecord[] }>(svc.url, 'POST', '/admin/card-keys/rotate', { token: svc.adminToken, body: { retireOldAt: newKey.activeFrom } });
      expect(compromised.body.retired.map((k) => k.id)).toEqual([newKey.id]);
      const now = new Date().toISOString();
      expect(await verifyCard(fresh.cardText, await deskContext(hostDesk2, now))).toMatchObject({ ok: false, code: 'KEY_RETIRED' });
      const reissued = await issue({ patronId: 'pat-home', hostLibraryId: HOST });
      expect(reissued.card.keyId).toBe(compromised.body.key.id);
      expect((await verifyCard(reissued.cardText, await deskContext(hostDesk2, now))).ok).toBe(true);
    });

    it('a desk in a browser may call the card API (CORS); the administrator\'s card endpoints are not offered to browsers', async () => {
      const preflight = (path: string) => fetch(svc.url + path, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
      for (const path of ['/api/cards', `/api/cards/${first.card.id}/revoke`]) expect((await preflight(path)).headers.get('access-control-allow-origin'), path).toBe('*');
      for (const path of ['/admin/cards', '/admin/card-keys/rotate']) expect((await preflight(path)).headers.get('access-control-allow-origin'), path).toBeNull();
    });

    it.skipIf(backend !== 'postgres')('a second service process on the same database shares the key and the page links; with the wrong CARD_KEY_SECRET it refuses to issue rather than make a new key', async () => {
      const keysBefore = (await admin.records<CardKeyRecord>('cardKeys')).documents.map((k) => k.id).sort();
      const same = await startTestService('postgres', { databaseUrl: svc.databaseUrl!, eventTimeBounds: TIME_TRAVEL_BOUNDS });
      try {
        expect((await fetch(same.url + first.pagePath)).status).toBe(200);
        expect((await admin.records<CardKeyRecord>('cardKeys')).documents.map((k) => k.id).sort()).toEqual(keysBefore);
      } finally {
        await same.dispose();
      }
      process.env['CARD_KEY_SECRET'] = 'not the secret the keys were sealed with';
      const wrong = await startTestService('postgres', { databaseUrl: svc.databaseUrl!, eventTimeBounds: TIME_TRAVEL_BOUNDS });
      process.env['CARD_KEY_SECRET'] = KEY_SECRET;
      try {
        const seq = await healthSeq(wrong.url);
        // A server-side condition (not the desk's input): 503 with a message for the administrator.
        const res = await http<{ error: { code: string; message: string } }>(wrong.url, 'POST', '/api/cards', { token: homeDesk.token, body: { patronId: 'pat-home', hostLibraryId: HOST } });
        expect(res.status).toBe(503);
        expect(res.body.error.code).toBe('CARD_KEY_UNAVAILABLE');
        expect(await healthSeq(wrong.url)).toBe(seq);
        expect((await admin.records<CardKeyRecord>('cardKeys')).documents.map((k) => k.id).sort()).toEqual(keysBefore);
      } finally {
        await wrong.dispose();
      }
    });

    it('bad input: specific 4xx refusals, nothing written', async () => {
      const refused = async (status: number, code: string, send: () => Promise<Parameters<typeof expectError>[0]>) => {
        const seq = await healthSeq(svc.url);
        expectError(await send(), status, code);
        expect(await healthSeq(svc.url)).toBe(seq);
      };
      const post = (body: unknown, token = homeDesk.token) => () => http(svc.url, 'POST', '/api/cards', { token, body });
      const later = addDays(today(), 20);
      await refused(400, 'VALIDATION_FAILED', post({ hostLibraryId: HOST }));
      await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat home', hostLibraryId: HOST }));
      await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat-home', hostLibraryId: 'nkust' }));
      await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat-home', hostLibraryId: HOST, colour: 'red' }));
      await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat-home', hostLibraryId: HOST, validUntil: '2026-02-30' }));
      await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat-home', hostLibraryId: HOST, validUntil: addDays(today(), 366) }));
      await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat-home', hostLibraryId: HOST, validFrom: addDays(today(), -1) }));
      await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat-home', hostLibraryId: HOST, validFrom: later, validUntil: addDays(later, -1) }));
      for (const loanLimit of [0, 51, 2.5, '3', null]) await refused(400, 'VALIDATION_FAILED', post({ patronId: 'pat-home', hostLibraryId: HOST, loanLimit }));
      await refused(400, 'VALIDATION_FAILED', post([{ patronId: 'pat-home' }]));
      await refused(404, 'UNKNOWN_PATRON', post({ patronId: 'pat-host', hostLibraryId: THIRD }));
      await refused(404, 'UNKNOWN_PATRON', post({ patronId: 'no-such-patron', hostLibraryId: HOST }));
      await refused(422, 'PATRON_BLOCKED', post({ patronId: 'pat-blocked', hostLibraryId: HOST }));
      await refused(422, 'PATRON_EXPIRED', post({ patronId: 'pat-expired', hostLibraryId: HOST }));
      await refused(422, 'SAME_LIBRARY', post({ patronId: 'pat-home', hostLibraryId: HOME }));
      await refused(422, 'UNKNOWN_LIBRARY', post({ patronId: 'pat-home', hostLibraryId: 'NOSUCH' }));
      await refused(422, 'CARD_BEYOND_MEMBERSHIP', post({ patronId: 'pat-home-2', hostLibraryId: HOST, validUntil: addDays(today(), 11) }));
      await refused(403, 'FORBIDDEN_ROLE', post({ patronId: 'pat-host', hostLibraryId: HOME }, hostKiosk.token));
      await refused(401, 'TOKEN_MISSING', () => http(svc.url, 'POST', '/api/cards', { body: { patronId: 'pat-home', hostLibraryId: HOST } }));
      await refused(401, 'TOKEN_INVALID', post({ patronId: 'pat-home', hostLibraryId: HOST }, svc.adminToken));

      const revoke = (id: string, body: unknown, token = homeDesk.token) => () => http(svc.url, 'POST', `/api/cards/${id}/revoke`, { token, body });
      await refused(400, 'VALIDATION_FAILED', revoke('not-a-card-id', { reason: 'x' }));
      await refused(400, 'VALIDATION_FAILED', revoke(first.card.id, {}));
      await refused(400, 'VALIDATION_FAILED', revoke(first.card.id, { reason: '   ' }));
      await refused(400, 'VALIDATION_FAILED', revoke(first.card.id, { reason: 'x'.repeat(301) }));
      await refused(400, 'VALIDATION_FAILED', revoke(first.card.id, { reason: 'x', extra: 1 }));
      await refused(404, 'CARD_UNKNOWN', revoke('01JQ7Z8X4M5N6P7R8S9T0VWXY6', { reason: 'x' }));
      await refused(401, 'TOKEN_INVALID', revoke(first.card.id, { reason: 'x' }, `${svc.adminToken}x`));

      const partner = (body: unknown) => () => http(svc.url, 'POST', '/admin/cards', { token: svc.adminToken, body });
      const good = { holderName: '李大同', holderId: 'CSC-1', organisation: '中鋼公司', hostLibraryId: HOST, validUntil: later };
      await refused(400, 'VALIDATION_FAILED', partner({ ...good, validUntil: undefined }));
      await refused(400, 'VALIDATION_FAILED', partner({ ...good, holderId: 'has space' }));
      await refused(400, 'VALIDATION_FAILED', partner({ ...good, holderName: '' }));
      await refused(400, 'VALIDATION_FAILED', partner({ ...good, holderName: '名\u202e字' }));
      await refused(400, 'VALIDATION_FAILED', partner({ ...good, organisation: '組'.repeat(41) })); // 123 UTF-8 bytes
      await refused(400, 'VALIDATION_FAILED', partner({ ...good, hostLibraryId: '**' }));
      await refused(422, 'UNKNOWN_LIBRARY', partner({ ...good, hostLibraryId: 'NOSUCH' }));
      await refused(401, 'ADMIN_TOKEN_INVALID', () => http(svc.url, 'POST', '/admin/cards', { token: homeDesk.token, body: good }));

      const rotate = (body: unknown) => () => http(svc.url, 'POST', '/admin/card-keys/rotate', { token: svc.adminToken, body });
      await refused(400, 'VALIDATION_FAILED', rotate({ retireOldAt: 'yesterday' }));
      await refused(400, 'VALIDATION_FAILED', rotate({ retireOldAt: '2026-13-01T00:00:00Z' }));
      await refused(400, 'VALIDATION_FAILED', rotate({ retireOldAt: new Date(Date.now() + 400 * DAY_MS).toISOString() }));
      await refused(400, 'VALIDATION_FAILED', rotate({ retireNow: true }));
      await refused(401, 'ADMIN_TOKEN_INVALID', () => http(svc.url, 'POST', '/admin/card-keys/rotate', { token: hostDesk1.token, body: {} }));
      await refused(400, 'VALIDATION_FAILED', () => http(svc.url, 'GET', '/admin/cards/nope', { token: svc.adminToken }));
    });

    it('arbitrary bodies and links never make a 500', async () => {
      const field = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.string(), fc.constantFrom('pat-home', 'pat-blocked', HOST, THIRD, '*', today(), addDays(today(), 400), 3, 0, -1));
      const body = fc.oneof(
        fc.jsonValue(),
        fc.record({ patronId: field, hostLibraryId: field, validFrom: field, validUntil: field, loanLimit: field }, { requiredKeys: [] }),
      );
      await fc.assert(fc.asyncProperty(body, async (b) => {
        const res = await http(svc.url, 'POST', '/api/cards', { token: homeDesk.token, body: b });
        if (res.status !== 200) expectErrorShape(res);
      }), { numRuns: 60 });
      await fc.assert(fc.asyncProperty(fc.record({ holderName: field, holderId: field, organisation: field, hostLibraryId: field, validFrom: field, validUntil: field, loanLimit: field }, { requiredKeys: [] }), async (b) => {
        const res = await http(svc.url, 'POST', '/admin/cards', { token: svc.adminToken, body: b });
        if (res.status !== 200) expectErrorShape(res);
      }), { numRuns: 60 });
      // Bodies that never rotate: not an object, or an object with a field the endpoint does not know.
      const notRotation = fc.oneof(fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), fc.dictionary(fc.string().filter((k) => k !== 'retireOldAt'), fc.jsonValue(), { minKeys: 1 }));
      await fc.assert(fc.asyncProperty(notRotation, async (b) => {
        expectErrorShape(await http(svc.url, 'POST', '/admin/card-keys/rotate', { token: svc.adminToken, body: b }));
      }), { numRuns: 40 });
      await fc.assert(fc.asyncProperty(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), async (id, k) => {
        const res = await fetch(`${svc.url}/cards/${encodeURIComponent(id || 'x')}?k=${encodeURIComponent(k)}`);
        expect(res.status).toBe(404);
        await res.text();
      }), { numRuns: 60 });
      await healthSeq(svc.url);
    });
  });
}
