// Union catalogue benchmarks (issue 15), on PostgreSQL and on PGlite:
//
//   search  union search latency p50/p95 (parse → id page → capped count → works → holdings,
//           exactly what GET /api/catalogue/search runs) over 1,000,000 works with
//           3,000,000 holdings, queries drawn from the generated vocabulary
//   import  MARC file import rate: an ISO 2709 file made with marcjs, read, deduplicated
//           against the full index and swapped in (POST /admin/catalogue/sources/:id/file's path)
//   size    the catalogue tables and indexes on disk
//
// RELAY_BENCH_SCALE scales the index (0.01 → 10,000 works); the index is
// written straight into the tables (terms built by the same code the
// harvest uses); the import rate is measured separately, through the import path.
import { Marc, Record as MarcRecord } from 'marcjs';
import type { BenchReport } from './report';
import type { Database } from '#server/db/database';
import { bootstrapDirectory } from '#server/admin/bootstrap';
import { prepareRecord, workIdFor, type PreparedRecord } from '#server/catalogue/index-store';
import type { BibRecord } from '#server/catalogue/marc-extract';
import { importMarcFile } from '#server/catalogue/harvest';
import { searchWorks } from '#server/catalogue/search';
import { createSource } from '#server/catalogue/sources-repo';
import { parseQuery, type SearchField } from '#shared/catalogue/query';
import { isbn13CheckDigit } from '#shared/catalogue/isbn';
import { SEED_MEMBERS } from '#shared/domain/libraries';
import { DEFAULT_HOLDINGS } from '#shared/catalogue/sources';
import { openBenchDatabase, rng } from './bench-support';

const SCALE = Number(process.env['RELAY_BENCH_SCALE'] ?? 1);
const WORKS = Math.round(1_000_000 * SCALE);
const IMPORT_RECORDS = Math.max(2_000, Math.round(50_000 * Math.min(1, SCALE * 10)));
const QUERIES = 300;
const LIBS = SEED_MEMBERS.map((m) => m.code);
const BACKENDS = ['postgres', 'pglite'] as const;
type Backend = (typeof BACKENDS)[number];


// Vocabulary: Traditional Chinese words of titles and subjects, English words, names.
const ZH = ('統計 資料 結構 演算法 程式 設計 管理 經濟 會計 財務 行銷 心理 教育 護理 醫學 藥理 生物 化學 物理 數學 微積分 線性 代數 機率 工程 電路 電子 通訊 網路 資訊 安全 人工 智慧 機器 學習 深度 神經 影像 處理 語言 文學 歷史 臺灣 中國 日本 社會 政治 法律 哲學 藝術 音樂 設計 建築 土木 環境 能源 材料 機械 控制 系統 分析 應用 理論 實務 導論 概論 原理 方法 研究 案例 策略 創新 創業 觀光 餐旅 休閒 運動 健康 營養 食品 農業 海洋 航運 物流 供應鏈 品質 行為 組織 領導 溝通 倫理 文化 傳播 新聞 廣告 電影 攝影 遊戲 動畫 英語 日語 華語 寫作 閱讀 兒童 青少年 老人 照護 長期 社區 公共 衛生 流行病 統計學 經濟學 心理學 社會學 管理學 會計學').split(' ');
const ZH_SUFFIX = ['', '', '', '導論', '概論', '：理論與實務', '：觀念與應用', '（第二版）', '入門', '精要', '研究'];
const EN = ('introduction principles statistics data structures algorithms programming management economics accounting finance marketing psychology education nursing medicine biology chemistry physics mathematics calculus linear algebra probability engineering circuits electronics communication networks information security artificial intelligence machine learning deep neural image processing language literature history taiwan china japan society politics law philosophy art music design architecture environment energy materials control systems analysis applied theory practice methods research strategy innovation tourism health nutrition food agriculture ocean logistics quality behavior organization leadership ethics culture media film games english writing reading children aging care community public').split(' ');
const SURNAMES = '陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高'.split('');
const GIVEN = '志明俊傑家豪建宏淑芬美玲雅婷怡君宗翰冠宇柏翰詠晴欣怡佳穎承恩品妤'.split('');
const EN_NAMES = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Anderson', 'Thomas', 'Moore', 'Martin', 'Lee', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill'];

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
// Word frequencies in titles are skewed: a few words are everywhere, most are rare.
const skewed = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(Math.pow(r(), 2) * a.length)]!;

function isbn13(r: () => number): string {
  const first12 = `978${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
  return first12 + isbn13CheckDigit(first12);
}

function makeBib(i: number, r: () => number): BibRecord {
  const zh = r() < 0.65;
  const title = zh
    ? Array.from({ length: 2 + Math.floor(r() * 3) }, () => skewed(r, ZH)).join('') + pick(r, ZH_SUFFIX)
    : Array.from({ length: 2 + Math.floor(r() * 4) }, () => skewed(r, EN)).join(' ').replace(/^./, (c) => c.toUpperCase());
  const author = zh ? pick(r, SURNAMES) + pick(r, GIVEN) + pick(r, GIVEN) : `${pick(r, EN_NAMES)}, ${String.fromCharCode(65 + Math.floor(r() * 26))}.`;
  const cls = `${Math.floor(r() * 1000)}.${Math.floor(r() * 100)}`;
  const copies = 1 + Math.floor(r() * 5); // 1-5, mean 3 holdings per record
  const holdings = Array.from({ length: copies }, (_, k) => {
    const loc = r() < 0.08 ? 'REF' : 'MAIN';
    const st = r();
    return {
      libraryId: pick(r, LIBS), callNumber: `${cls} ${Math.floor(r() * 9000) + 1000}`, location: loc, barcode: `B${i}-${k}`,
      lendable: loc !== 'REF', availability: st < 0.75 ? 'available' as const : st < 0.93 ? 'on_loan' as const : st < 0.95 ? 'missing' as const : 'unknown' as const, statusRaw: null,
    };
  });
  const isbn = r() < 0.7 ? [isbn13(r)] : [];
  return {
    localId: `b${i}`, title, otherTitles: [], author, authors: [author], year: 1970 + Math.floor(r() * 56), publisher: null,
    isbns: isbn, isbnsAsWritten: isbn, subjects: [zh ? `${skewed(r, ZH)}${skewed(r, ZH)}` : `${skewed(r, EN)} -- ${skewed(r, EN)}`], classNumbers: [cls], holdings,
  };
}

/** Loads `works` generated works (with holdings) into the union catalogue tables; the portal bench loads a smaller one. */
export async function loadIndex(db: Database, works = WORKS): Promise<{ sample: PreparedRecord[]; ms: number }> {
  const started = Date.now();
  await db.query(`insert into catalogue_sources (id, library_id, name, kind, config) values ('bench', 'NKUST', 'bench', 'file', $1::jsonb)`,
    [JSON.stringify({ sru: null, fileEncoding: 'marc21', holdings: DEFAULT_HOLDINGS, intervalMinutes: null })]);
  // The GIN index is built once after the load, as a rebuild would.
  await db.exec('drop index catalogue_works_terms');
  const r = rng(15);
  const sample: PreparedRecord[] = [];
  const BATCH = 5000;
  for (let start = 0; start < works; start += BATCH) {
    const recs = Array.from({ length: Math.min(BATCH, works - start) }, (_, k) => prepareRecord(makeBib(start + k, r)));
    for (const p of recs) if (r() < 2000 / works) sample.push(p);
    const rows = recs.map((p) => ({ ...p, id: workIdFor(`bench:${p.localId}`) }));
    await db.transaction(async (tx) => {
      await tx.query(`insert into catalogue_works (id, match_key, title_key, title, author, year, isbns, subjects, terms, copies)
        select id, 'bench:' || local_id, title_key, title, author, year, isbns, subjects, terms, copies from jsonb_to_recordset($1::jsonb)
        as x(id text, local_id text, title_key text, title text, author text, year int, isbns text[], subjects text[], terms text[], copies int)`,
        [JSON.stringify(rows.map((p) => ({ id: p.id, local_id: p.localId, title_key: p.titleKey, title: p.title, author: p.author, year: p.year, isbns: p.isbns, subjects: p.subjects, terms: p.terms, copies: p.holdings.length })))]);
      await tx.query(`insert into catalogue_work_isbns (isbn, work_id) select x.isbn, x.work_id from unnest($1::text[], $2::text[]) as x(isbn, work_id) on conflict do nothing`,
        [rows.flatMap((p) => p.isbns), rows.flatMap((p) => p.isbns.map(() => p.id))]);
      await tx.query(`insert into catalogue_records (source_id, local_id, work_id, title, author, year, isbns, subjects, terms)
        select 'bench', local_id, id, title, author, year, isbns, subjects, terms from jsonb_to_recordset($1::jsonb)
        as x(id text, local_id text, title text, author text, year int, isbns text[], subjects text[], terms text[])`,
        [JSON.stringify(rows.map((p) => ({ id: p.id, local_id: p.localId, title: p.title, author: p.author, year: p.year, isbns: p.isbns, subjects: p.subjects, terms: p.terms })))]);
      await tx.query(`insert into catalogue_holdings (source_id, local_id, ord, work_id, library_id, call_number, location, barcode, lendable, availability)
        select 'bench', local_id, ord, work_id, library_id, call_number, location, barcode, lendable, availability from jsonb_to_recordset($1::jsonb)
        as x(local_id text, ord int, work_id text, library_id text, call_number text, location text, barcode text, lendable boolean, availability text)`,
        [JSON.stringify(rows.flatMap((p) => p.holdings.map((h, ord) => ({ local_id: p.localId, ord, work_id: p.id, library_id: h.libraryId, call_number: h.callNumber, location: h.location, barcode: h.barcode, lendable: h.lendable, availability: h.availability }))))]);
    });
    if ((start / BATCH) % 20 === 0) console.log(`  … ${start + recs.length} works`);
  }
  await db.exec('create index catalogue_works_terms on catalogue_works using gin (terms)');
  await db.exec('analyze catalogue_works; analyze catalogue_holdings; analyze catalogue_records');
  return { sample, ms: Date.now() - started };
}

/** Queries a person would type: a title word or two (often in Simplified), an author, an ISBN, a subject, a call number. */
export function queries(sample: PreparedRecord[]): Array<{ q: string; field: SearchField }> {
  const r = rng(7);
  const simplified: Record<string, string> = { 統計: '统计', 資料: '资料', 經濟: '经济', 學習: '学习', 機器: '机器', 設計: '设计', 臺灣: '台湾', 網路: '网路' };
  return Array.from({ length: QUERIES }, (_, i) => {
    const p = pick(r, sample);
    const kind = i % 6;
    if (kind === 0) return { q: p.title.slice(0, 4 + Math.floor(r() * 4)), field: 'title' as const };
    if (kind === 1) { const w = pick(r, ZH); return { q: simplified[w] ?? w, field: 'any' as const }; }
    if (kind === 2) return { q: p.author ?? '陳志明', field: 'author' as const };
    if (kind === 3) return p.isbns[0] ? { q: p.isbns[0], field: 'isbn' as const } : { q: `${pick(r, EN)} ${pick(r, EN)}`, field: 'any' as const };
    if (kind === 4) return { q: p.subjects[0] ?? '統計', field: 'subject' as const };
    return { q: p.holdings[0]?.callNumber?.split(' ')[0] ?? '510', field: 'callnumber' as const };
  });
}

const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measureSearch(db: Database, sample: PreparedRecord[]): Promise<{ p50: number; p95: number; hits: number }> {
  const qs = queries(sample);
  for (const { q, field } of qs.slice(0, 20)) { const p = parseQuery(q, field); if (p.ok) await searchWorks(db, p.plan, 1); } // warm-up
  const times: number[] = [];
  let hits = 0;
  for (const { q, field } of qs) {
    const t0 = performance.now();
    const p = parseQuery(q, field);
    if (!p.ok) continue;
    const res = await searchWorks(db, p.plan, 1);
    times.push(performance.now() - t0);
    if (res.works.length) hits++;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), hits };
}

async function measureImport(db: Database): Promise<number> {
  const r = rng(99);
  const parts = Array.from({ length: IMPORT_RECORDS }, (_, i) => {
    const b = makeBib(10_000_000 + i, r);
    const m = new MarcRecord();
    m.leader = '00000nam a2200000 a 4500';
    m.append(['001', b.localId], ['008', `240101s${b.year}    ch            000 0 chi d`]);
    if (b.isbns[0]) m.append(['020', '  ', 'a', b.isbns[0]]);
    m.append(['100', '1 ', 'a', b.author!], ['245', '10', 'a', b.title], ['650', ' 0', 'a', b.subjects[0]!]);
    for (const h of b.holdings) m.append(['852', '  ', 'b', h.location!, 'h', h.callNumber!, 'p', h.barcode!]);
    return Marc.format(m, 'iso2709');
  });
  const file = Buffer.from(parts.join(''));
  const source = await createSource(db, { libraryId: 'NUK', name: 'bench import', kind: 'file', sru: null, fileEncoding: 'marc21', holdings: DEFAULT_HOLDINGS, intervalMinutes: null, enabled: true });
  const t0 = performance.now();
  const out = await importMarcFile(db, source, file);
  const s = (performance.now() - t0) / 1000;
  if (out.status !== 'ok' || out.report?.records !== IMPORT_RECORDS) throw new Error(`import failed: ${JSON.stringify(out.error ?? out.report)}`);
  console.log(`  import: ${IMPORT_RECORDS} records (${(file.length / 1048576).toFixed(1)} MiB) in ${s.toFixed(1)} s`);
  return IMPORT_RECORDS / s;
}

async function sizeMb(db: Database, rel: string): Promise<number> {
  const { rows } = await db.query<{ n: number | string }>(`select pg_total_relation_size($1::regclass) as n`, [rel]);
  return Number(rows[0]!.n) / 1048576;
}

export async function runCatalogueBench(report: BenchReport, only: string[]): Promise<void> {
  const scaleNote = `${(WORKS / 1e6).toLocaleString('en-US')}M works, ~${((WORKS * 3) / 1e6).toLocaleString('en-US')}M holdings`;
  for (const backend of BACKENDS as readonly Backend[]) {
    if (only.length && !only.includes(backend)) continue;
    const opened = await openBenchDatabase(backend, 'catalogue');
    if (!opened) {
        report.skip({ name: `catalogue.search_p95_ms (postgres, ${scaleNote})`, unit: 'ms', target: 100, better: 'lower' }, 'PostgreSQL unreachable');
      continue;
    }
    const { db, cleanup } = opened;
    try {
      await bootstrapDirectory(db);
      console.log(`  ${backend}: loading ${scaleNote}`);
      const { sample, ms } = await loadIndex(db);
      console.log(`  ${backend}: loaded in ${(ms / 1000).toFixed(0)} s`);
      const s = await measureSearch(db, sample);
      console.log(`  ${backend}: ${s.hits}/${QUERIES} queries found works`);
      report.add({ name: `catalogue.search_p50_ms (${backend}, ${scaleNote})`, value: s.p50, unit: 'ms', target: null, better: 'lower' });
      report.add({ name: `catalogue.search_p95_ms (${backend}, ${scaleNote})`, value: s.p95, unit: 'ms', target: backend === 'postgres' ? 100 : null, better: 'lower' });
      report.add({ name: `catalogue.index_size_mb (${backend}, works+terms GIN)`, value: await sizeMb(db, 'catalogue_works'), unit: 'MiB', target: null, better: 'lower' });
      report.add({ name: `catalogue.index_size_mb (${backend}, records+holdings)`, value: (await sizeMb(db, 'catalogue_records')) + (await sizeMb(db, 'catalogue_holdings')), unit: 'MiB', target: null, better: 'lower' });
      report.add({ name: `catalogue.marc_import_records_per_s (${backend}, ${IMPORT_RECORDS.toLocaleString('en-US')}-record ISO 2709 file into the index)`, value: await measureImport(db), unit: 'records/s', target: 5000, better: 'higher' });
    } finally {
      await cleanup();
    }
  }
}
