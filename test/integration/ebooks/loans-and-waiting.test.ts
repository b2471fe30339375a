// A patron's e-books through the portal, on PGlite and PostgreSQL, with the
// service's clock moved by the test: browse, borrow, the signed reading link
// (redirect to the vendor, a read counted; forged, stretched and expired links
// refused; dead once returned), return early, the waiting list (turn-away
// counted, first in line offered the returned copy and an ebook_available
// notice queued once, the next waiting turned away while it is offered), a
// loan that ends by itself, an offer that lapses to the next in line, and the
// console's report of loans, reads and turn-aways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { EBOOK_PATHS, ebookPath, type EbookHold, type EbookList, type EbookLoan, type EbookReadLink, type EbookReport, type EbookShelf } from '#shared/ebooks/wire';
import type { Patron } from '#test/integration/portal/support/portal-client';
import { ConsoleClient } from '#test/integration/console/support/console-client';
import { counterJson, isbnOf, kbartFile } from './support/files';
import { DAY, HOUR, signedInPatrons, upload, useClock, type TestClock } from './support/ebooks';

const T0 = Date.parse('2026-12-07T02:00:00Z');

for (const backend of await backends()) {
  describe(`e-book loans and the waiting list (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let clock: TestClock;
    let a: Patron;
    let b: Patron;
    let c: Patron;
    let loanA: EbookLoan;
    const ONE = 'vendor-x:ONE-1';

    const notices = async (kind: string) => (await svc.db.query<{ patron_id: string; dedupe_key: string; vars: Record<string, unknown> }>(
      'select patron_id, dedupe_key, vars from notices where kind = $1 order by created_at, id', [kind])).rows;
    const title = async (id: string) => (await a.get<EbookList>(`${EBOOK_PATHS.titles}?q=${encodeURIComponent(id === ONE ? '只有一本' : id)}`)).body.titles[0]!;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      clock = useClock(svc, T0);
      const r = await upload(svc.url, svc.adminToken, `${EBOOK_PATHS.importKbart}?vendor=vendor-x`, kbartFile([
        { titleId: 'ONE-1', title: '只有一本的電子書', copies: 1, isbn: isbnOf(1), url: 'https://reader.vendor-x.example/book/ONE-1?src=kbart' },
        { titleId: 'MANY-3', title: '三本的電子書', copies: 3 },
      ]));
      expect(r.status).toBe(200);
      const three = await signedInPatrons(svc, admin, `wl-${backend}`, 'NKUST', 3);
      [a, b, c] = [three[0]!, three[1]!, three[2]!];
      await svc.db.query(`insert into notice_contacts (patron_id, email) values ($1, 'b@student.nkust.edu.tw'), ($2, 'c@student.nkust.edu.tw')`, [b.me!.patron.id, c.me!.patron.id]);
    }, 120_000);

    afterAll(async () => svc?.dispose());

    it('browses titles with copies and what is out; a bad query is a 400; no cookie is a 401', async () => {
      const list = await a.get<EbookList>(`${EBOOK_PATHS.titles}?q=${encodeURIComponent('電子書')}`);
      expect(list.status).toBe(200);
      expect(list.body.titles.map((t) => [t.id, t.copies, t.out])).toEqual([['vendor-x:MANY-3', 3, 0], ['vendor-x:ONE-1', 1, 0]]);
      expect((await a.get<EbookList>(`${EBOOK_PATHS.titles}?q=${isbnOf(1)}`)).body.titles.map((t) => t.id)).toEqual([ONE]);
      expect((await a.get(`${EBOOK_PATHS.titles}?page=0`)).status).toBe(400);
      expect((await fetch(svc.url + EBOOK_PATHS.titles)).status).toBe(401);
    });

    it('borrows for the loan period; a second borrow of the same title is refused; CSRF is required', async () => {
      const r = await a.send<EbookLoan>('POST', ebookPath(EBOOK_PATHS.borrow, ONE));
      expect(r.status).toBe(201);
      loanA = r.body;
      expect(loanA).toMatchObject({ titleId: ONE, borrowedAt: new Date(T0).toISOString(), dueAt: new Date(T0 + 14 * DAY).toISOString() });
      expect((await a.send('POST', ebookPath(EBOOK_PATHS.borrow, ONE))).body.error.code).toBe('EBOOK_ALREADY_ON_LOAN');
      const forged = await fetch(svc.url + ebookPath(EBOOK_PATHS.borrow, 'vendor-x:MANY-3'), { method: 'POST', headers: { cookie: `relay_portal=${a.cookie}` } });
      expect(forged.status).toBe(403);
      expect((await a.send('POST', ebookPath(EBOOK_PATHS.borrow, 'vendor-x:NOPE'))).status).toBe(404);
      expect((await title(ONE)).out).toBe(1);
    });

    it('reads through a signed, expiring link: redirect to the vendor and one read counted per open; forged, stretched or expired links refused', async () => {
      const link = await a.send<EbookReadLink>('POST', ebookPath(EBOOK_PATHS.link, loanA.id));
      expect(link.status).toBe(200);
      expect(Date.parse(link.body.expiresAt)).toBe(T0 + 10 * 60_000);
      const open = () => fetch(link.body.url, { redirect: 'manual' });
      const first = await open();
      expect([first.status, first.headers.get('location')]).toEqual([302, 'https://reader.vendor-x.example/book/ONE-1?src=kbart']);
      expect((await open()).status).toBe(302);
      const reads = async () => Number((await svc.db.query<{ n: string }>(`select coalesce(sum(reads), 0) as n from ebook_usage where title_id = $1`, [ONE])).rows[0]!.n);
      expect(await reads()).toBe(2);
      const u = new URL(link.body.url);
      const stretched = new URL(u);
      stretched.searchParams.set('e', String(Number(u.searchParams.get('e')) + DAY));
      expect((await fetch(stretched, { redirect: 'manual' })).status).toBe(403);
      const other = new URL(u);
      other.pathname = ebookPath(EBOOK_PATHS.read, '01HZZZZZZZZZZZZZZZZZZZZZZZ');
      expect((await fetch(other, { redirect: 'manual' })).status).toBe(403);
      expect((await fetch(`${u.origin}${u.pathname}?e=x&s=y`, { redirect: 'manual' })).status).toBe(403);
      // B cannot get a link for A's loan (it is not found for them).
      expect((await b.send('POST', ebookPath(EBOOK_PATHS.link, loanA.id))).status).toBe(404);
      clock.advance(11 * 60_000);
      expect((await open()).status).toBe(410);
      expect(await reads()).toBe(2);
    });

    it('all copies out: a turn-away is counted and the patron may join the waiting list; joining while a copy is free is refused', async () => {
      const refused = await b.send('POST', ebookPath(EBOOK_PATHS.borrow, ONE));
      expect([refused.status, refused.body.error.code]).toEqual([409, 'EBOOK_ALL_OUT']);
      expect((await b.send('POST', ebookPath(EBOOK_PATHS.hold, 'vendor-x:MANY-3'))).body.error.code).toBe('EBOOK_COPY_FREE');
      const hb = await b.send<EbookHold>('POST', ebookPath(EBOOK_PATHS.hold, ONE));
      expect([hb.status, hb.body.state, hb.body.position]).toEqual([201, 'waiting', 1]);
      clock.advance(60_000);
      const hc = await c.send<EbookHold>('POST', ebookPath(EBOOK_PATHS.hold, ONE));
      expect(hc.body.position).toBe(2);
      expect((await c.send('POST', ebookPath(EBOOK_PATHS.hold, ONE))).body.error.code).toBe('EBOOK_ALREADY_WAITING');
      expect((await title(ONE)).waiting).toBe(2);
    });

    it('an early return offers the copy to the first in line, with one ebook_available notice; the next is still turned away', async () => {
      const link = await a.send<EbookReadLink>('POST', ebookPath(EBOOK_PATHS.link, loanA.id));
      const back = await a.send<EbookShelf>('POST', ebookPath(EBOOK_PATHS.giveBack, loanA.id));
      expect([back.status, back.body.loans]).toEqual([200, []]);
      expect((await fetch(link.body.url, { redirect: 'manual' })).status).toBe(410); // the link ends with the loan
      expect((await a.send('POST', ebookPath(EBOOK_PATHS.giveBack, loanA.id))).status).toBe(404);

      const shelfB = (await b.get<EbookShelf>(EBOOK_PATHS.mine)).body;
      expect(shelfB.holds).toMatchObject([{ titleId: ONE, state: 'offered', position: null }]);
      expect(Date.parse(shelfB.holds[0]!.offerUntil!)).toBe(clock.ms + 48 * HOUR);
      expect((await c.get<EbookShelf>(EBOOK_PATHS.mine)).body.holds).toMatchObject([{ state: 'waiting', position: 1 }]);
      const sent = await notices('ebook_available');
      expect(sent.map((n) => n.patron_id)).toEqual([b.me!.patron.id]);
      expect(sent[0]!.vars).toMatchObject({ title: '只有一本的電子書', loanDays: 14 });
      // The offered copy is B's: C is turned away (and counted), still on the list.
      expect((await c.send('POST', ebookPath(EBOOK_PATHS.borrow, ONE))).body.error.code).toBe('EBOOK_ALL_OUT');
      expect((await title(ONE)).out).toBe(1);
      // B takes it.
      const lb = await b.send<EbookLoan>('POST', ebookPath(EBOOK_PATHS.borrow, ONE));
      expect(lb.status).toBe(201);
      expect((await b.get<EbookShelf>(EBOOK_PATHS.mine)).body).toMatchObject({ loans: [{ titleId: ONE }], holds: [] });
      expect((await title(ONE)).out).toBe(1);
    });

    it('a loan ends by itself when due; the copy is offered to the next, whose offer lapses unclaimed and the copy comes back', async () => {
      clock.advance(14 * DAY + HOUR);
      expect(await svc.relay.app.ebooks.sweep()).toEqual({ expired: 1, lapsed: 0 });
      expect((await b.get<EbookShelf>(EBOOK_PATHS.mine)).body.loans).toEqual([]);
      expect((await c.get<EbookShelf>(EBOOK_PATHS.mine)).body.holds).toMatchObject([{ state: 'offered' }]);
      expect((await notices('ebook_available')).map((n) => n.patron_id)).toEqual([b.me!.patron.id, c.me!.patron.id]);
      // A sweep again changes nothing and queues nothing twice.
      expect(await svc.relay.app.ebooks.sweep()).toEqual({ expired: 0, lapsed: 0 });
      clock.advance(48 * HOUR + 1);
      expect(await svc.relay.app.ebooks.sweep()).toEqual({ expired: 0, lapsed: 1 });
      expect((await c.get<EbookShelf>(EBOOK_PATHS.mine)).body.holds).toEqual([]);
      expect(await title(ONE)).toMatchObject({ out: 0, waiting: 0 });
      expect((await notices('ebook_available'))).toHaveLength(2);
    });

    it('declining an offer passes it on; leaving the list is 204 and someone else\'s hold is 404', async () => {
      expect((await a.send('POST', ebookPath(EBOOK_PATHS.borrow, ONE))).status).toBe(201);
      const hb = (await b.send<EbookHold>('POST', ebookPath(EBOOK_PATHS.hold, ONE))).body;
      clock.advance(1000);
      const hc = (await c.send<EbookHold>('POST', ebookPath(EBOOK_PATHS.hold, ONE))).body;
      expect((await c.send('DELETE', ebookPath(EBOOK_PATHS.cancelHold, hb.id))).status).toBe(404);
      const loan = (await a.get<EbookShelf>(EBOOK_PATHS.mine)).body.loans[0]!;
      await a.send('POST', ebookPath(EBOOK_PATHS.giveBack, loan.id));
      expect((await b.get<EbookShelf>(EBOOK_PATHS.mine)).body.holds).toMatchObject([{ id: hb.id, state: 'offered' }]);
      expect((await b.send('DELETE', ebookPath(EBOOK_PATHS.cancelHold, hb.id))).status).toBe(204);
      expect((await c.get<EbookShelf>(EBOOK_PATHS.mine)).body.holds).toMatchObject([{ id: hc.id, state: 'offered' }]);
      expect((await c.send('DELETE', ebookPath(EBOOK_PATHS.cancelHold, hc.id))).status).toBe(204);
      expect(await title(ONE)).toMatchObject({ out: 0, waiting: 0 });
    });

    it('the console reports loans, reads and turn-aways per title, school and year; a library administrator sees only their school', async () => {
      await admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: 'Office', role: 'office', password: 'office-password-1' });
      const office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
      const byTitle = await office.call<EbookReport>('GET', `${EBOOK_PATHS.report}?from=2026-01-01&to=2026-12-31&group=title`);
      expect(byTitle.status).toBe(200);
      const one = byTitle.body.rows.find((r) => r.key === ONE)!;
      // Loans: A, B, A; reads: 2; turn-aways: B once, C once.
      expect(one).toMatchObject({ label: '只有一本的電子書', copies: 1, loans: 3, reads: 2, turnaways: 2 });
      expect(byTitle.body.rows[0]!.key).toBe(ONE); // most turned away first
      const byYear = await office.call<EbookReport>('GET', `${EBOOK_PATHS.report}?from=2026-01-01&to=2026-12-31&group=year`);
      expect(byYear.body.rows.map((r) => [r.key, r.loans, r.turnaways])).toEqual([['2026', 3, 2]]);
      const bySchool = await office.call<EbookReport>('GET', `${EBOOK_PATHS.report}?group=school`);
      expect(bySchool.body.rows.map((r) => r.key)).toEqual(['NKUST']);
      expect((await office.call('GET', `${EBOOK_PATHS.report}?group=colour`)).status).toBe(400);
      await office.call('POST', '/console/api/accounts', { username: 'nptu-admin', displayName: 'NPTU', role: 'library', libraryId: 'NPTU', password: 'nptu-password-1' });
      const nptu = await ConsoleClient.signedIn(svc.url, 'nptu-admin', 'nptu-password-1');
      expect((await nptu.call('GET', `${EBOOK_PATHS.report}?library=NKUST`)).status).toBe(403);
      expect((await nptu.call<EbookReport>('GET', `${EBOOK_PATHS.report}?group=title`)).body.rows).toEqual([]);
      expect((await fetch(svc.url + EBOOK_PATHS.report)).status).toBe(401);
    });

    it('imports from the console: title lists by the office only, a COUNTER report by the school it is for; each audited; CSRF required', async () => {
      await admin.call('POST', '/admin/console/accounts', { username: 'office2', displayName: 'Office', role: 'office', password: 'office-password-2' });
      const office = await ConsoleClient.signedIn(svc.url, 'office2', 'office-password-2');
      await office.call('POST', '/console/api/accounts', { username: 'nuk-admin', displayName: 'NUK', role: 'library', libraryId: 'NUK', password: 'nuk-password-1' });
      const nuk = await ConsoleClient.signedIn(svc.url, 'nuk-admin', 'nuk-password-1');
      const send = (who: ConsoleClient, path: string, body: string, csrf = true) => fetch(svc.url + path, {
        method: 'POST', body, headers: { cookie: who.cookie, 'content-type': 'text/tab-separated-values', ...(csrf ? { 'x-csrf-token': who.csrf } : {}) },
      });
      const list = kbartFile([{ titleId: 'CON-1', title: '主控台匯入的書', copies: 2 }]);
      expect((await send(office, `${EBOOK_PATHS.consoleKbart}?vendor=console-v`, list, false)).status).toBe(403);
      expect((await send(nuk, `${EBOOK_PATHS.consoleKbart}?vendor=console-v`, list)).status).toBe(403);
      const ok = await send(office, `${EBOOK_PATHS.consoleKbart}?vendor=console-v`, list);
      expect([ok.status, ((await ok.json()) as { imported: number }).imported]).toEqual([200, 1]);
      const report = counterJson([{ title: '主控台匯入的書', proprietary: 'EV:CON-1', months: { '2026-11': { Total_Item_Requests: 6 } } }]);
      expect((await send(nuk, `${EBOOK_PATHS.consoleCounter}?library=NKUST`, report)).status).toBe(403);
      expect((await send(nuk, EBOOK_PATHS.consoleCounter, report)).status).toBe(200);
      const bad = await send(nuk, EBOOK_PATHS.consoleCounter, report.replace('"Count":6', '"Count":-6'));
      expect(bad.status).toBe(422);
      const audit = await office.call<{ entries: Array<{ action: string; libraryId: string | null; username: string }> }>('GET', '/console/api/audit');
      expect(audit.body.entries.filter((e) => e.action.startsWith('ebooks.')).map((e) => `${e.action} ${e.libraryId} ${e.username}`).sort())
        .toEqual(['ebooks.counter_imported NUK nuk-admin', 'ebooks.titles_imported null office2']);
      const nukView = await nuk.call<EbookReport>('GET', `${EBOOK_PATHS.report}?from=2026-11-01&to=2026-11-30&group=title`);
      expect(nukView.body.rows.find((r) => r.key === 'console-v:CON-1')).toMatchObject({ vendorRequests: 6 });
    });
  });
}
