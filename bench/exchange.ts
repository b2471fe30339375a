// Used-book exchange benchmark (issue 20), on PostgreSQL and on PGlite:
//
//   search  p50/p95 of a patron's exchange search over 100,000 listings: exactly what
//           GET /portal/api/exchange/listings runs (parse → sweep of lapsed holds and
//           expired listings → page of visible listings, newest first, capped count →
//           photos and the patron's own holds), with 3,000 live holds, a tenth of them
//           lapsing during the run, and queries a patron would make: browse, by kind,
//           subject or school, one or two title words (Traditional or Simplified), and
//           words with a subject.
//
// RELAY_BENCH_SCALE scales the listings (0.1 → 10,000). Listings are written
// straight into the table with the search text the service builds (searchTextOf).
import type { BenchReport } from './report';
import type { Database } from '#server/db/database';
import { bootstrapDirectory } from '#server/admin/bootstrap';
import { parseSearch, searchListings, searchTermsOf, searchTextOf } from '#server/exchange/search';
import { sweep } from '#server/exchange/sweep';
import { listingViews } from '#server/exchange/views';
import { isbn13CheckDigit } from '#shared/catalogue/isbn';
import { SEED_MEMBERS } from '#shared/domain/libraries';
import { CONDITIONS, LISTING_KINDS, SUBJECTS } from '#shared/exchange/wire';
import { openBenchDatabase, rng } from './bench-support';

const SCALE = Number(process.env['RELAY_BENCH_SCALE'] ?? 1);
const LISTINGS = Math.round(100_000 * SCALE);
const HOLDS = Math.round(LISTINGS * 0.03);
const QUERIES = 300;
const LIBS = SEED_MEMBERS.map((m) => m.code);
const BACKENDS = ['postgres', 'pglite'] as const;
type Backend = (typeof BACKENDS)[number];
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-07T02:00:00Z');

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
// Title words are skewed as in real titles: a few everywhere, most rare.
const skewed = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(Math.pow(r(), 2) * a.length)]!;

const ZH = ('統計 資料 結構 演算法 程式 設計 管理 經濟 會計 財務 行銷 心理 教育 護理 醫學 生物 化學 物理 數學 微積分 線性 代數 機率 工程 電路 電子 通訊 網路 資訊 安全 人工 智慧 機器 學習 語言 文學 歷史 臺灣 社會 政治 法律 哲學 藝術 音樂 建築 環境 能源 材料 控制 系統 分析 應用 理論 實務 導論 概論 原理 方法 研究 策略 創新 觀光 餐旅 運動 健康 營養 食品 海洋 物流 品質 組織 領導 倫理 文化 傳播 電影 英語 日語 寫作 閱讀 兒童 照護 公共 衛生 小說 散文 詩集 漫畫 旅行 料理').split(' ');
const EN = ('introduction principles statistics data structures algorithms programming management economics accounting finance marketing psychology calculus linear algebra physics chemistry biology english writing').split(' ');
const CAMPUS = ['建工校區 圖書館一樓', '燕巢校區 學生活動中心', '第一校區 圖書館門口', '屏東校區 行政大樓', '總圖 借還書櫃台旁'];
const SIMPLIFIED: Record<string, string> = { 統計: '统计', 資料: '资料', 經濟: '经济', 學習: '学习', 機器: '机器', 設計: '设计', 臺灣: '台湾', 網路: '网路', 會計: '会计', 電子: '电子' };

function isbn13(r: () => number): string {
  const first12 = `978${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
  return first12 + isbn13CheckDigit(first12);
}

export async function loadListings(db: Database): Promise<{ titles: string[]; ms: number }> {
  const started = Date.now();
  const r = rng(20);
  const titles: string[] = [];
  const BATCH = 5000;
  for (let start = 0; start < LISTINGS; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, LISTINGS - start) }, (_, k) => {
      const i = start + k;
      const zh = r() < 0.8;
      const title = zh ? Array.from({ length: 2 + Math.floor(r() * 2) }, () => skewed(r, ZH)).join('') : Array.from({ length: 2 + Math.floor(r() * 2) }, () => skewed(r, EN)).join(' ');
      if (r() < 0.01) titles.push(title);
      const kind = pick(r, LISTING_KINDS);
      const isbn = r() < 0.6 ? isbn13(r) : null;
      const l = { title, author: zh ? '陳志明' : 'Smith, J.', isbn, description: r() < 0.5 ? '少量筆記，書況良好' : '', campus: pick(r, CAMPUS) };
      // Created over the last 80 days (the default lifetime is 90), a few already past it.
      const created = NOW - Math.floor(r() * 95 * DAY_MS);
      return {
        id: `xl_BENCH${String(i).padStart(20, '0')}`, lister_id: `p-bench-${Math.floor(r() * 20000)}`, library_id: pick(r, LIBS), kind, subject: pick(r, SUBJECTS),
        ...l, condition: pick(r, CONDITIONS), price: kind === 'sell' ? 50 + Math.floor(r() * 500) : 0, state: 'open', search_text: searchTextOf(l), search_terms: searchTermsOf(l),
        created_at: new Date(created).toISOString(), expires_at: new Date(created + 90 * DAY_MS).toISOString(), hidden: r() < 0.005,
      };
    });
    await db.query(
      `insert into exchange_listings (id, lister_id, library_id, kind, subject, title, author, isbn, description, condition, price, campus, state, search_text, search_terms, created_at, expires_at, hidden_at, hidden_reason)
       select id, lister_id, library_id, kind, subject, title, author, isbn, description, condition, price, campus, state, search_text, search_terms, created_at, expires_at,
              case when hidden then created_at end, case when hidden then 'bench' end
         from jsonb_to_recordset($1::jsonb) as x(id text, lister_id text, library_id text, kind text, subject text, title text, author text, isbn text, description text,
              condition text, price int, campus text, state text, search_text text, search_terms text[], created_at timestamptz, expires_at timestamptz, hidden boolean)`,
      [JSON.stringify(rows)],
    );
  }
  // Live holds on open listings, 3 days each; a tenth of them lapse during the run (made 3 days less a few seconds ago).
  await db.query(
    `with h as (select id, row_number() over (order by id) as k from exchange_listings where state = 'open' and expires_at > $1 order by id limit $2)
     insert into exchange_reservations (id, listing_id, patron_id, library_id, state, created_at, expires_at)
     select 'xr_BENCH' || lpad(k::text, 20, '0'), id, 'p-bench-holder-' || (k % 1000), 'NKUST', 'active',
            $1 - (case when k % 10 = 0 then interval '3 days' - (k % 60) * interval '1 second' else interval '1 day' end),
            $1 - (case when k % 10 = 0 then interval '3 days' - (k % 60) * interval '1 second' else interval '1 day' end) + interval '3 days'
       from h`,
    [new Date(NOW), HOLDS],
  );
  await db.query(`update exchange_listings set state = 'reserved' where id in (select listing_id from exchange_reservations where state = 'active')`);
  await db.exec('analyze exchange_listings; analyze exchange_reservations');
  return { titles, ms: Date.now() - started };
}

function queries(titles: string[]): Record<string, string>[] {
  const r = rng(7);
  return Array.from({ length: QUERIES }, (_, i): Record<string, string> => {
    switch (i % 7) {
      case 0: return {};
      case 1: return { kind: pick(r, LISTING_KINDS) };
      case 2: return { subject: pick(r, SUBJECTS) };
      case 3: return { school: pick(r, LIBS) };
      case 4: { const w = pick(r, ZH); return { q: SIMPLIFIED[w] ?? w }; }
      case 5: return { q: Array.from(pick(r, titles)).slice(0, 4).join('') };
      default: return { q: pick(r, ZH), subject: pick(r, SUBJECTS), page: String(1 + Math.floor(r() * 2)) };
    }
  });
}

const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(db: Database, titles: string[]): Promise<{ p50: number; p95: number; hits: number; lapsed: number }> {
  const qs = queries(titles);
  // The run's clock moves a second per query, so the lapsing holds lapse in the middle of it.
  let clock = NOW;
  let lapsed = 0;
  const once = async (q: Record<string, string>): Promise<number> => {
    const at = new Date(clock += 1000);
    const s = parseSearch(q);
    lapsed += (await sweep(db, at)).lapsed;
    const { rows } = await searchListings(db, s, at);
    return (await listingViews(db, rows, 'p-bench-holder-7')).length;
  };
  for (const q of qs.slice(0, 20)) await once(q); // warm-up
  const times: number[] = [];
  const byShape = new Map<string, number[]>();
  let hits = 0;
  for (const q of qs) {
    const t0 = performance.now();
    const n = await once(q);
    const ms = performance.now() - t0;
    times.push(ms);
    const shape = Object.keys(q).sort().join('+') || 'browse';
    byShape.set(shape, [...(byShape.get(shape) ?? []), ms]);
    if (n > 0) hits++;
  }
  for (const [shape, xs] of byShape) console.log(`    ${shape}: p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`);
  return { p50: percentile(times, 50), p95: percentile(times, 95), hits, lapsed };
}

export async function runExchangeBench(report: BenchReport, only: string[]): Promise<void> {
  const note = `${LISTINGS.toLocaleString('en-US')} listings, ${HOLDS.toLocaleString('en-US')} holds`;
  for (const backend of BACKENDS as readonly Backend[]) {
    if (only.length && !only.includes(backend)) continue;
    const opened = await openBenchDatabase(backend, 'exchange');
    if (!opened) {
        report.skip({ name: `exchange.search_p95_ms (postgres, ${note})`, unit: 'ms', target: 100, better: 'lower' }, 'PostgreSQL unreachable');
      continue;
    }
    const { db, cleanup } = opened;
    try {
      await bootstrapDirectory(db);
      const { titles, ms } = await loadListings(db);
      console.log(`  ${backend}: loaded ${note} in ${(ms / 1000).toFixed(0)} s`);
      const s = await measure(db, titles);
      console.log(`  ${backend}: ${s.hits}/${QUERIES} queries found listings; ${s.lapsed} holds lapsed during the run`);
      report.add({ name: `exchange.search_p50_ms (${backend}, ${note})`, value: s.p50, unit: 'ms', target: null, better: 'lower' });
      report.add({ name: `exchange.search_p95_ms (${backend}, ${note})`, value: s.p95, unit: 'ms', target: backend === 'postgres' ? 100 : null, better: 'lower' });
    } finally {
      await cleanup();
    }
  }
}
