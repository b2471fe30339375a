// The demo consortium's other services, so a new user finds something in
// every part of the portal: a few cloud e-books (imported from a KBART list
// as a vendor delivers it), a swap fair (曬書祭) at NKUST with books to
// reserve, and used-book listings from two patrons. Made through the
// features' own functions, as their administrator routes would.
import type { Database } from '#server/db/database';
import { importKbart } from '#server/ebooks/imports';
import { createFair } from '#server/fairs/service';
import { parseFair } from '#server/fairs/input';
import { createListing } from '#server/exchange/listings';
import { KBART_FIELDS } from '#shared/ebooks/kbart';
import { isbn13CheckDigit } from '#shared/catalogue/isbn';
import type { PatronRecord } from '#shared/domain/records';

const DAY = 86_400_000;

/** Made-up titles; `isbn` is the first 12 digits (the check digit is computed). */
const EBOOKS = [
  { id: 'demo-eb-1', title: '資料科學導論', author: '陳大文', isbn: '978986502143', copies: 3 },
  { id: 'demo-eb-2', title: '臺灣史新編', author: '林玉茹', isbn: '978957084661', copies: 2 },
  { id: 'demo-eb-3', title: '機器學習實務入門', author: '王小明', isbn: '978986434546', copies: 1 },
];

function kbart(): string {
  const rows = EBOOKS.map((b) => {
    const f: Record<string, string> = {
      publication_title: b.title, online_identifier: b.isbn + isbn13CheckDigit(b.isbn), title_url: `https://ebook.example-vendor.com.tw/book/${b.id}`,
      first_author: b.author, title_id: b.id, coverage_depth: 'fulltext', publisher_name: '五南圖書出版', publication_type: 'monograph',
      date_monograph_published_online: '2022', access_type: 'P',
    };
    return [...KBART_FIELDS.map((k) => f[k] ?? ''), String(b.copies)].join('\t');
  });
  return [[...KBART_FIELDS, 'copies'].join('\t'), ...rows].join('\n') + '\n';
}

/** The local date (UTC+8) `days` after an instant. */
const localDate = (nowMs: number, days: number): string => new Date(nowMs + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);

async function patron(db: Database, id: string): Promise<PatronRecord | null> {
  const { rows } = await db.query<{ data: PatronRecord }>(`select data from records where collection = 'patrons' and id = $1 and not deleted`, [id]);
  return rows[0]?.data ?? null;
}

export async function seedDemoServices(db: Database, now: number): Promise<void> {
  const report = await importKbart(db, 'demo-vendor', kbart(), now);
  if (!report.ok) throw new Error(`demo e-books: ${JSON.stringify(report.problems.slice(0, 3))}`);
  await createFair(db, 'NKUST', parseFair({
    id: 'demo-fair', title: '曬書祭：二手書交換', place: '圖資大樓一樓大廳', startsOn: localDate(now, 0), endsOn: localDate(now, 14),
    rules: '每人最多預約 2 冊，預約保留 3 天，憑預約單入場領書。',
    items: [
      { title: '百年孤寂', author: '馬奎斯', shelfMark: 'A-01' },
      { title: '微積分（第九版）', author: 'Stewart', shelfMark: 'A-02' },
      { title: '人類大歷史', author: '哈拉瑞', shelfMark: 'A-03' },
      { title: '統計學：觀念與應用', author: '林惠玲', shelfMark: 'B-01' },
    ],
  }), now);
  const chen = await patron(db, 'p-nkust-1');
  const nptu = await patron(db, 'p-nptu-1');
  if (chen) {
    await createListing(db, chen, { kind: 'sell', subject: '教科書：理工', title: '普通物理學', author: 'Halliday', isbn: null, description: '有少量螢光筆畫線。', condition: 'good', price: 150, campus: '建工校區' }, new Date(now));
    await createListing(db, chen, { kind: 'give', subject: '文學小說', title: '小王子', author: '聖修伯里', isbn: null, description: '', condition: 'like_new', price: 0, campus: '建工校區' }, new Date(now));
  }
  if (nptu) await createListing(db, nptu, { kind: 'swap', subject: '進修語言', title: '新制多益 聽力全真模擬試題', author: '', isbn: null, description: '想換日檢 N3 的書。', condition: 'good', price: 0, campus: '屏商校區' }, new Date(now));
}
