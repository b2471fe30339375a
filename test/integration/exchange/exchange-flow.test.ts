// The exchange against a real service on PGlite and PostgreSQL: list (ISBN
// checked, contact details and forbidden words refused, photos by magic
// bytes), search by kind, subject, school and folded words, reserve (never
// one's own, a limit per patron, one hold per listing), the 3-day lapse by the
// service's clock, hand-over, withdraw, listing expiry, masked messages, and
// the console: moderation scoped to the school with the reason shown to the
// lister, statistics per school and subject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '#test/support/service';
import { PORTAL_COOKIE } from '#shared/portal/wire';
import { EXCHANGE_PATHS as P, type ExchangeListing, type ExchangeListingDetail, type ExchangeReservation, type ExchangeSearchResponse, type ExchangeStats, type ExchangeThread } from '#shared/exchange/wire';
import type { Patron } from '#test/integration/portal/support/portal-client';
import type { ConsoleClient } from '#test/integration/console/support/console-client';
import { BOOK, DAY_MS, TestClock, consoleAccounts, signedInPatron, startExchangeService, type ExchangeService } from './support';

// A 1×1 PNG (its IDAT length is 12: the photo route walks the chunks and refuses a file whose lengths do not add up).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000c4944415478da63f8ffff3f0005fe02fea7d6a5e50000000049454e44ae426082', 'hex');
const b64 = (b: Buffer): string => b.toString('base64');

for (const backend of await backends()) {
  describe(`exchange on ${backend}`, () => {
    let svc: ExchangeService;
    let lister: Patron;
    let buyer: Patron;
    let other: Patron;
    let consoles: { office: ConsoleClient; nkust: ConsoleClient };
    const clock = new TestClock();

    beforeAll(async () => {
      svc = await startExchangeService(backend, clock);
      lister = await signedInPatron(svc, 'p-x-lister', 'NKUST', '陳怡君');
      buyer = await signedInPatron(svc, 'p-x-buyer', 'NKUST', '林志明');
      other = await signedInPatron(svc, 'p-x-other', 'NPTU', 'Alice Wang');
      consoles = await consoleAccounts(svc);
    }, 180_000);
    afterAll(async () => svc?.dispose());

    const list = async (p: Patron, body: Record<string, unknown> = {}): Promise<ExchangeListingDetail> => {
      const r = await p.send<ExchangeListingDetail>('POST', P.listings, { ...BOOK, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const search = async (p: Patron, q: Record<string, string>): Promise<ExchangeSearchResponse> => {
      const r = await p.get<ExchangeSearchResponse>(`${P.listings}?${new URLSearchParams(q).toString()}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };

    it('refuses bad listings with a specific 4xx: ISBN check digit, contact details, forbidden words, unknown kind, price', async () => {
      await svc.admin.call('PUT', P.adminSettings, { forbiddenWords: ['代寫報告', 'PIRATED'] });
      const cases: [Record<string, unknown>, number, string][] = [
        [{ isbn: '978-957-33-1724-2' }, 422, 'ISBN_INVALID'],
        [{ description: '請寫信到 chen.yj@example.edu.tw 聯絡' }, 422, 'CONTACT_DETAILS_REFUSED'],
        [{ description: '電話 0912-345-678' }, 422, 'CONTACT_DETAILS_REFUSED'],
        [{ title: '期末代寫報告服務' }, 422, 'FORBIDDEN_WORDS'],
        [{ title: 'ｐｉｒａｔｅｄ copy' }, 422, 'FORBIDDEN_WORDS'],
        [{ kind: 'rent' }, 400, 'VALIDATION_FAILED'],
        [{ subject: '漫畫' }, 400, 'VALIDATION_FAILED'],
        [{ price: -5 }, 400, 'VALIDATION_FAILED'],
        [{ title: 'a\u0000b' }, 400, 'VALIDATION_FAILED'],
        [{ sneaky: true }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const r = await lister.send('POST', P.listings, { ...BOOK, ...body });
        expect([JSON.stringify(body), r.status, r.body.error?.code]).toEqual([JSON.stringify(body), status, code]);
      }
      expect((await lister.get(P.isbn('9789573317242'))).body.error?.code).toBe('ISBN_INVALID');
      expect((await lister.get(P.isbn('9789573317241'))).body).toMatchObject({ isbn: '9789573317241', found: false });
      // No session, no exchange.
      const anon = await fetch(`${svc.url}${P.listings}`);
      expect(anon.status).toBe(401);
    });

    it('lists, finds by kind, subject, school and words in either script, and a give-away is free', async () => {
      const sell = await list(lister);
      expect(sell).toMatchObject({ state: 'open', mine: true, isbn: '9789573317241', libraryId: 'NKUST', price: 350 });
      expect(new Date(sell.expiresAt).getTime() - new Date(sell.createdAt).getTime()).toBe(90 * DAY_MS);
      const give = await list(other, { kind: 'give', subject: '文學小說', title: '挪威的森林', author: '村上春樹', isbn: '', price: 200, campus: '屏東校區' });
      expect(give.price).toBe(0);
      expect((await search(buyer, { kind: 'give' })).listings.map((l) => l.id)).toEqual([give.id]);
      expect((await search(buyer, { subject: '財經企管' })).listings.map((l) => l.id)).toEqual([sell.id]);
      expect((await search(buyer, { school: 'NPTU' })).listings.map((l) => l.id)).toEqual([give.id]);
      expect((await search(buyer, { q: '经济学' })).listings.map((l) => l.id)).toEqual([sell.id]);
      expect((await search(buyer, { q: 'mankiw 原理' })).listings.map((l) => l.id)).toEqual([sell.id]);
      expect((await search(buyer, { q: '100%_' })).total).toBe(0);
      // A lone Han character (no bigram) and an ISBN written either way find it too.
      expect((await search(buyer, { q: '济' })).listings.map((l) => l.id)).toEqual([sell.id]);
      expect((await search(buyer, { q: '957-33-1724-9' })).listings.map((l) => l.id)).toEqual([sell.id]);
      expect((await search(buyer, { q: '經濟學 挪威' })).total).toBe(0);
      const r = await buyer.get(`${P.listings}?kind=rent`);
      expect([r.status, r.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
      // What another patron sees carries no lister id.
      const seen = (await search(buyer, { q: '經濟學' })).listings[0]!;
      expect(seen.mine).toBe(false);
      expect(JSON.stringify(seen)).not.toContain('p-x-lister');
    });

    it('photos: JPEG/PNG/WebP by magic bytes only, the size and count limits, only the lister adds them', async () => {
      await svc.admin.call('PUT', P.adminSettings, { maxPhotos: 2, maxPhotoBytes: 4096 });
      const l = await list(lister, { title: '統計學', subject: '大學用書' });
      const ok = await lister.send<{ id: string }>('POST', P.photos(l.id), { data: b64(PNG) });
      expect(ok.status).toBe(201);
      const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      for (const bad of [gif, html]) {
        const r = await lister.send('POST', P.photos(l.id), { data: b64(bad) });
        expect([r.status, r.body.error?.code]).toEqual([415, 'PHOTO_TYPE']);
      }
      const big = Buffer.concat([PNG, Buffer.alloc(5000)]);
      const tooBig = await lister.send('POST', P.photos(l.id), { data: b64(big) });
      expect([tooBig.status, tooBig.body.error?.code]).toEqual([413, 'PHOTO_TOO_LARGE']);
      expect((await lister.send('POST', P.photos(l.id), { data: 'not base64!' })).body.error?.code).toBe('VALIDATION_FAILED');
      expect((await buyer.send('POST', P.photos(l.id), { data: b64(PNG) })).body.error?.code).toBe('NOT_YOURS');
      const webp = Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(8)]);
      expect((await lister.send('POST', P.photos(l.id), { data: b64(webp) })).status).toBe(201);
      const third = await lister.send('POST', P.photos(l.id), { data: b64(PNG) });
      expect([third.status, third.body.error?.code]).toEqual([409, 'PHOTO_LIMIT']);
      const photo = await fetch(`${svc.url}${P.photo(ok.body.id)}`, { headers: { cookie: `${PORTAL_COOKIE}=${buyer.cookie}` } });
      expect([photo.status, photo.headers.get('content-type'), photo.headers.get('x-content-type-options')]).toEqual([200, 'image/png', 'nosniff']);
      expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
      expect((await fetch(`${svc.url}${P.photo(ok.body.id)}`)).status).toBe(401);
      await svc.admin.call('PUT', P.adminSettings, { maxPhotos: 4, maxPhotoBytes: 2 * 1024 * 1024 });
    });

    it('reserves: never one\'s own, one hold per listing, a limit per patron; the hold lapses after 3 days by the clock; a lapsed hold cannot be used', async () => {
      await svc.admin.call('PUT', P.adminSettings, { maxActiveReservations: 2, holdDays: 3 });
      const a = await list(lister, { title: '會計學 上' });
      const b = await list(lister, { title: '會計學 下' });
      const c = await list(lister, { title: '會計學 習題' });
      const own = await lister.send('POST', P.reserve(a.id));
      expect([own.status, own.body.error?.code]).toEqual([409, 'OWN_LISTING']);
      const held = await buyer.send<ExchangeReservation>('POST', P.reserve(a.id));
      expect(held.status).toBe(201);
      expect(new Date(held.body.expiresAt).getTime() - clock.ms).toBe(3 * DAY_MS);
      const second = await other.send('POST', P.reserve(a.id));
      expect([second.status, second.body.error?.code]).toEqual([409, 'NOT_AVAILABLE']);
      expect((await buyer.send('POST', P.reserve(b.id))).status).toBe(201);
      const third = await buyer.send('POST', P.reserve(c.id));
      expect([third.status, third.body.error?.code, third.body.error?.details]).toEqual([409, 'RESERVATION_LIMIT', { limit: 2 }]);
      // The lister sees the hold (no patron id), and its thread.
      const mine = (await lister.get<ExchangeListingDetail>(P.listing(a.id))).body;
      expect(mine.state).toBe('reserved');
      expect(mine.reservation).toMatchObject({ id: held.body.id, state: 'active' });
      expect(JSON.stringify(mine)).not.toContain('p-x-buyer');

      clock.advance(3 * DAY_MS - 60_000);
      expect((await buyer.get<ExchangeListing>(P.listing(a.id))).body.myReservation?.state).toBe('active');
      clock.advance(120_000);
      const after = (await lister.get<ExchangeListingDetail>(P.listing(a.id))).body;
      expect([after.state, after.reservation]).toEqual(['open', null]);
      const cancel = await buyer.send('DELETE', P.reservation(held.body.id));
      expect([cancel.status, cancel.body.error?.code]).toEqual([409, 'RESERVATION_LAPSED']);
      const hand = await lister.send('POST', P.handedOver(a.id), { reservationId: held.body.id });
      expect([hand.status, hand.body.error?.code]).toEqual([409, 'RESERVATION_LAPSED']);
      // The lapsed holds no longer count against the limit; the listing can be reserved again.
      expect((await other.send('POST', P.reserve(a.id))).status).toBe(201);
      expect((await buyer.send('POST', P.reserve(c.id))).status).toBe(201);
    });

    it('hand-over and withdraw: only the lister, the hold matched or released, closed listings leave the search', async () => {
      const l = await list(lister, { title: '微積分', subject: '自然科學' });
      const hold = (await other.send<ExchangeReservation>('POST', P.reserve(l.id))).body;
      expect((await buyer.send('POST', P.handedOver(l.id), { reservationId: hold.id })).body.error?.code).toBe('NOT_YOURS');
      const done = await lister.send<ExchangeListingDetail>('POST', P.handedOver(l.id), { reservationId: hold.id });
      expect([done.status, done.body.state]).toEqual([200, 'matched']);
      expect((await other.get<ExchangeListing>(P.listing(l.id))).body.myReservation?.state).toBe('matched');
      expect((await search(buyer, { q: '微積分' })).total).toBe(0);
      expect((await buyer.get(P.listing(l.id))).status).toBe(404);

      const w = await list(lister, { title: '線性代數', subject: '自然科學' });
      const wHold = (await other.send<ExchangeReservation>('POST', P.reserve(w.id))).body;
      const gone = await lister.send<ExchangeListingDetail>('POST', P.withdraw(w.id));
      expect(gone.body.state).toBe('withdrawn');
      expect((await lister.send('POST', P.withdraw(w.id))).body.error?.code).toBe('NOT_OPEN');
      const mine = (await other.get<{ reservations: (ExchangeReservation & { listing: unknown })[] }>(P.mine)).body;
      expect(mine.reservations.find((r) => r.id === wHold.id)?.state).toBe('released');
    });

    it('at once: of three patrons reserving one listing exactly one holds it; one patron reserving four at once gets only the limit', async () => {
      await svc.admin.call('PUT', P.adminSettings, { maxActiveReservations: 2 });
      const one = await list(lister, { title: '搶手的書' });
      const racers = [buyer, other, await signedInPatron(svc, 'p-x-racer', 'NUK', '何欣穎')];
      const answers = await Promise.all(racers.map((p) => p.send('POST', P.reserve(one.id))));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.error?.code)).toEqual(['NOT_AVAILABLE', 'NOT_AVAILABLE']);
      const hoarder = await signedInPatron(svc, 'p-x-hoarder', 'NKUST', '鄭宇翔');
      const four = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => list(lister, { title: `熱門書${n}` })));
      const got = await Promise.all(four.map((l) => hoarder.send('POST', P.reserve(l.id))));
      expect(got.map((a) => a.status).sort()).toEqual([201, 201, 409, 409]);
      expect(got.filter((a) => a.status === 409).every((a) => a.body.error?.code === 'RESERVATION_LIMIT')).toBe(true);
      await svc.admin.call('PUT', P.adminSettings, { maxActiveReservations: 3 });
    });

    it('listings expire after the consortium\'s period', async () => {
      await svc.admin.call('PUT', P.adminSettings, { listingDays: 10 });
      const l = await list(lister, { title: '作業系統' });
      clock.advance(10 * DAY_MS + 1);
      expect((await search(buyer, { q: '作業系統' })).total).toBe(0);
      expect((await lister.get<ExchangeListing>(P.listing(l.id))).body.state).toBe('expired');
      expect((await buyer.send('POST', P.reserve(l.id))).body.error?.code).toBe('NOT_FOUND');
      await svc.admin.call('PUT', P.adminSettings, { listingDays: 90 });
    });

    it('messages: masked names, no contact details, each conversation only to its two patrons', async () => {
      const l = await list(lister, { title: '資料結構' });
      const ask = await buyer.send<{ threadId: string }>('POST', P.messages(l.id), { body: '請問還有嗎？可以在圖書館面交嗎？' });
      expect(ask.status).toBe(201);
      const refused = await buyer.send('POST', P.messages(l.id), { body: '加我 line: abc123' });
      expect(refused.body.error?.code).toBe('CONTACT_DETAILS_REFUSED');
      expect((await buyer.send('POST', P.threadMessages(ask.body.threadId), { body: '我的信箱 me＠example.com' })).body.error?.code).toBe('CONTACT_DETAILS_REFUSED');
      expect((await lister.send('POST', P.messages(l.id), { body: '自己問自己' })).body.error?.code).toBe('OWN_LISTING');
      expect((await lister.send('POST', P.threadMessages(ask.body.threadId), { body: '有的，週三中午圖書館一樓見。' })).status).toBe(201);
      const seen = (await lister.get<{ threads: ExchangeThread[] }>(P.threads)).body.threads.find((t) => t.id === ask.body.threadId)!;
      expect(seen).toMatchObject({ role: 'lister', otherName: '林○○', listingTitle: '資料結構' });
      expect(seen.messages.map((m) => [m.mine, m.body])).toEqual([[false, '請問還有嗎？可以在圖書館面交嗎？'], [true, '有的，週三中午圖書館一樓見。']]);
      const buyerView = (await buyer.get<{ threads: ExchangeThread[] }>(P.threads)).body.threads.find((t) => t.id === ask.body.threadId)!;
      expect(buyerView.otherName).toBe('陳○○');
      expect(JSON.stringify(buyerView)).not.toMatch(/p-x-|@|2102100/);
      expect((await other.send('POST', P.threadMessages(ask.body.threadId), { body: '偷看' })).status).toBe(404);
      expect((await other.get<{ threads: ExchangeThread[] }>(P.threads)).body.threads.some((t) => t.id === ask.body.threadId)).toBe(false);
    });

    it('console: a library administrator hides only their school\'s listings, the lister sees the reason, the office sees every school\'s statistics', async () => {
      const nkustListing = await list(lister, { title: '行銷管理' });
      const nptuListing = await list(other, { title: '民法概要', subject: '教科書：法政' });
      const refused = await consoles.nkust.call('POST', P.consoleHide(nptuListing.id), { reason: '重複刊登' });
      expect([refused.status, (refused.body as { error?: { code: string } }).error?.code]).toEqual([403, 'OTHER_LIBRARY']);
      expect((await consoles.nkust.call('GET', `${P.consoleStats}?library=NPTU`)).status).toBe(403);
      const noCsrf = await consoles.nkust.call('POST', P.consoleHide(nkustListing.id), { reason: '重複刊登' }, { csrf: false });
      expect(noCsrf.status).toBe(403);
      expect((await consoles.nkust.call('POST', P.consoleHide(nkustListing.id), { reason: '' })).status).toBe(400);
      expect((await consoles.nkust.call('POST', P.consoleHide(nkustListing.id), { reason: '重複刊登，請保留一筆' })).status).toBe(200);
      expect((await search(buyer, { q: '行銷管理' })).total).toBe(0);
      expect((await buyer.get(P.listing(nkustListing.id))).status).toBe(404);
      const own = (await lister.get<ExchangeListing>(P.listing(nkustListing.id))).body;
      expect(own.hidden?.reason).toBe('重複刊登，請保留一筆');
      const audit = await consoles.nkust.call<{ entries: { action: string; target: string }[] }>('GET', '/console/api/audit');
      expect(JSON.stringify(audit.body)).toContain(nkustListing.id);
      expect((await consoles.nkust.call('POST', P.consoleUnhide(nkustListing.id))).status).toBe(200);
      expect((await search(buyer, { q: '行銷管理' })).total).toBe(1);

      const own2 = await consoles.nkust.call<ExchangeStats>('GET', P.consoleStats);
      expect(own2.body.rows.every((r) => r.libraryId === 'NKUST')).toBe(true);
      const all = (await consoles.office.call<ExchangeStats>('GET', P.consoleStats)).body;
      expect(new Set(all.rows.map((r) => r.libraryId))).toEqual(new Set(['NKUST', 'NPTU']));
      const science = all.rows.find((r) => r.libraryId === 'NKUST' && r.subject === '自然科學')!;
      expect(science).toMatchObject({ listings: 2, reservations: 2, matches: 1, matchRate: 0.5 });
      expect(all.totals.listings).toBe(all.rows.reduce((n, r) => n + r.listings, 0));
      expect((await consoles.office.call('GET', `${P.consoleStats}?from=2026-13-01`)).status).toBe(400);
      // The consortium's rules are the office's: a library administrator may not change them; the change is audited.
      expect((await consoles.nkust.call('PUT', P.consoleSettings, { holdDays: 5 })).status).toBe(403);
      expect((await consoles.office.call('PUT', P.consoleSettings, { holdDays: 0 })).status).toBe(400);
      const set = await consoles.office.call<{ holdDays: number }>('PUT', P.consoleSettings, { holdDays: 3, forbiddenWords: ['代寫報告', 'PIRATED', '盜版'] });
      expect([set.status, set.body.holdDays]).toEqual([200, 3]);
      expect(JSON.stringify((await consoles.office.call('GET', '/console/api/audit')).body)).toContain('exchange.settings_set');
      expect((await lister.send('POST', P.listings, { ...BOOK, title: '盜版影印本' })).body.error?.code).toBe('FORBIDDEN_WORDS');
    });
  });
}
