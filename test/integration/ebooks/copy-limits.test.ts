// E-book copy limits under concurrent borrowing, on PGlite and PostgreSQL:
// many patrons racing for a few copies never get more loans than copies — at
// the service (200 borrowers at once on the pool's connections), through the
// portal over HTTP, and against the database itself (the CHECK refuses what
// an application bug would write). Every refused borrow is a counted turn-away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { borrow, cancelHold, giveBack, placeHold } from '#server/ebooks/circulation';
import { EBOOK_PATHS, ebookPath, type EbookLoan } from '#shared/ebooks/wire';
import type { ApiError } from '#server/http/errors';
import { kbartFile } from './support/files';
import { signedInPatrons, upload } from './support/ebooks';

for (const backend of await backends()) {
  describe(`e-book copy limits under concurrent borrowing (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;

    const state = async (id: string) => {
      const { rows } = await svc.db.query<{ copies: number; out: number; open: string; turnaways: string | null }>(
        `select t.copies, t.out, (select count(*) from ebook_loans l where l.title_id = t.id and l.ended_at is null) as open,
                (select sum(turnaways) from ebook_usage u where u.title_id = t.id) as turnaways from ebook_titles t where t.id = $1`, [id],
      );
      const r = rows[0]!;
      return { copies: r.copies, out: r.out, open: Number(r.open), turnaways: Number(r.turnaways ?? 0) };
    };

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      const r = await upload(svc.url, svc.adminToken, `${EBOOK_PATHS.importKbart}?vendor=hyread`, kbartFile([
        { titleId: 'RACE-5', title: '熱門電子書：機器學習', copies: 5 },
        { titleId: 'RACE-2', title: '熱門電子書：統計學', copies: 2 },
        { titleId: 'RACE-1', title: '熱門電子書：演算法', copies: 1 },
        { titleId: 'QUEUE-1', title: '熱門電子書：作業系統', copies: 1 },
      ]));
      expect(r.status).toBe(200);
    }, 120_000);

    afterAll(async () => svc?.dispose());

    it('200 borrowers at once for 5 copies: exactly 5 loans, 195 counted turn-aways', async () => {
      const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => borrow(svc.db, { patronId: `racer-${i}`, libraryId: i % 2 ? 'NKUST' : 'NPTU' }, 'hyread:RACE-5', Date.now())));
      const won = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(5);
      expect(refused.map((r) => (r.reason as ApiError).code).every((c) => c === 'EBOOK_ALL_OUT')).toBe(true);
      expect(await state('hyread:RACE-5')).toEqual({ copies: 5, out: 5, open: 5, turnaways: 195 });
    }, 120_000);

    it('returns and borrows racing together never go past the copies either', async () => {
      const loans = (await svc.db.query<{ id: string; patron_id: string; library_id: string }>(`select id, patron_id, library_id from ebook_loans where title_id = 'hyread:RACE-5' and ended_at is null`)).rows;
      const returns = loans.slice(0, 3).map((l) => giveBack(svc.db, { patronId: l.patron_id, libraryId: l.library_id }, l.id, Date.now()));
      const borrows = Array.from({ length: 60 }, (_, i) => borrow(svc.db, { patronId: `second-${i}`, libraryId: 'NUK' }, 'hyread:RACE-5', Date.now()));
      await Promise.allSettled([...returns, ...borrows]);
      const s = await state('hyread:RACE-5');
      expect(s.out).toBeLessThanOrEqual(5);
      expect(s.open).toBe(s.out);
    }, 120_000);

    it('returns racing with patrons leaving the waiting list: copies out = loans + offers, and no place left is ever offered', async () => {
      const t = 'hyread:QUEUE-1';
      await borrow(svc.db, { patronId: 'queue-holder', libraryId: 'NUK' }, t, Date.now());
      const holder = (await svc.db.query<{ id: string; patron_id: string; library_id: string }>(`select id, patron_id, library_id from ebook_loans where title_id = $1 and ended_at is null`, [t])).rows;
      const who = (i: number) => ({ patronId: `queue-${backend}-${i}`, libraryId: 'NPTU' });
      const holds = [];
      for (let i = 0; i < 20; i++) holds.push(await placeHold(svc.db, who(i), t, Date.now() + i));
      // The first ten leave while the copy comes back.
      const leaving = holds.slice(0, 10).map((h, i) => cancelHold(svc.db, who(i), h.id, Date.now()));
      const back = holder.map((l) => giveBack(svc.db, { patronId: l.patron_id, libraryId: l.library_id }, l.id, Date.now()));
      await Promise.all([...leaving, ...back]);
      const { rows } = await svc.db.query<{ state: string; n: string }>(`select state, count(*) as n from ebook_holds where title_id = $1 group by state order by state`, [t]);
      const by = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
      expect(by['cancelled']).toBe(10);
      expect(holder).toHaveLength(1);
      expect(by['offered']).toBe(1);
      const s = await state(t);
      expect(s.out).toBe(s.open + (by['offered'] ?? 0));
      const offeredTo = (await svc.db.query<{ patron_id: string }>(`select patron_id from ebook_holds where title_id = $1 and state = 'offered'`, [t])).rows.map((r) => r.patron_id);
      expect(offeredTo).toEqual([who(10).patronId]);
    }, 120_000);

    it('the database itself refuses more out than copies (CHECK), whatever the application does', async () => {
      await expect(svc.db.query(`update ebook_titles set out = copies + 1 where id = 'hyread:RACE-5'`)).rejects.toThrow(/check/i);
      expect((await state('hyread:RACE-5')).out).toBeLessThanOrEqual(5);
    });

    it('12 signed-in patrons borrowing through the portal at once for 2 copies: 2 loans (201), 10 × 409 EBOOK_ALL_OUT', async () => {
      const patrons = await signedInPatrons(svc, admin, `http-${backend}`, 'NKUST', 12);
      const answers = await Promise.all(patrons.map((p) => p.send<EbookLoan>('POST', ebookPath(EBOOK_PATHS.borrow, 'hyread:RACE-2'))));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused.map((a) => `${a.status} ${a.body.error.code}`)).toEqual(Array(10).fill('409 EBOOK_ALL_OUT'));
      expect(await state('hyread:RACE-2')).toEqual({ copies: 2, out: 2, open: 2, turnaways: 10 });
      // The same patron twice at once: one loan.
      const twice = await Promise.all([0, 1, 2].map(() => patrons[0]!.send('POST', ebookPath(EBOOK_PATHS.borrow, 'hyread:RACE-1'))));
      expect(twice.filter((a) => a.status === 201)).toHaveLength(1);
      expect((await state('hyread:RACE-1')).open).toBe(1);
    }, 180_000);
  });
}
