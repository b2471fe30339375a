// The e-book titles a patron can browse: search by title, author or ISBN, with
// copies, how many are out and how long the waiting list is.
import type { Sql } from '#server/db/database';
import { toIsbn13 } from '#shared/catalogue/isbn';
import type { EbookList, EbookTitle } from '#shared/ebooks/wire';

export const PAGE_SIZE = 20;

interface Row { id: string; title: string; first_author: string | null; publisher: string | null; online_identifier: string | null; print_identifier: string | null; vendor: string; copies: number; out: number; loan_days: number; waiting: string; total: string }

export async function listTitles(db: Sql, q: string, page: number): Promise<EbookList> {
  const isbn = toIsbn13(q);
  // LIKE's own characters in the patron's words are literal.
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<Row>(
    `select t.id, t.title, t.first_author, t.publisher, t.online_identifier, t.print_identifier, t.vendor, t.copies, t.out, t.loan_days,
            (select count(*) from ebook_holds h where h.title_id = t.id and h.state = 'waiting') as waiting,
            count(*) over () as total
       from ebook_titles t
      where $1 = '' or t.title ilike $2 or t.first_author ilike $2 or t.online_identifier = $3 or t.print_identifier = $3
      order by t.title, t.id limit $4 offset $5`,
    [q, like, isbn ?? '', PAGE_SIZE, (page - 1) * PAGE_SIZE],
  );
  const titles: EbookTitle[] = rows.map((r) => ({
    id: r.id, title: r.title, author: r.first_author, publisher: r.publisher, isbn: r.online_identifier ?? r.print_identifier, vendor: r.vendor,
    copies: r.copies, out: r.out, waiting: Number(r.waiting), loanDays: r.loan_days,
  }));
  return { titles, total: rows[0] ? Number(rows[0].total) : 0, page, pageSize: PAGE_SIZE };
}
