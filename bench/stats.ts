// `npm run bench -- stats[:pglite|:postgres]`: five years of a 34-school
// consortium (2,000,000 events at RELAY_BENCH_SCALE=1), then the time to
// rebuild the statistics from scratch and each report's query time.
//
// The history is written straight into the records table in bulk (events and
// the hold and fine records the consumer reads), not through the reducer:
// pushing two million events one transaction at a time would take hours. The
// mix follows the demo's lifecycle: 10 % cancelled, 15 % cannot supply, the
// rest filled (12 % of holds expire; 20 % of loans come back late with a fine,
// paid, waived or owed; a quarter of pickups and a third of returns at the
// kiosk; 90 % shipped back), plus virtual cards and visitor loans. One item
// per parcel (real parcels carry several; the consumer's work per item is the same).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from './report';
import { percentile } from './service';
import type { Database } from '#server/db/database';
import { openDatabase } from '#server/db/open';
import { rebuildStats } from '#server/stats/consumer';
import { runReport, type ReportName } from '#server/stats/routes';
import { SEED_MEMBERS } from '#shared/domain/libraries';
import { TEST_DATABASE_URL, createTestDatabase, postgresAvailable } from '#test/support/service';
import { rng } from './bench-support';

const SCALE = Number(process.env['RELAY_BENCH_SCALE'] ?? 1);
const EVENTS = Math.round(2_000_000 * SCALE);
const YEARS = 5;
const SCHOOLS = [...SEED_MEMBERS.map((m) => m.code), 'KSPARK'].slice(0, 34);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SAMPLES = 25;
const BACKENDS = ['postgres', 'pglite'] as const;
type Backend = (typeof BACKENDS)[number];
const REPORT_NAMES: readonly ReportName[] = ['dashboard', 'requests', 'trading', 'times', 'routes', 'activity'];


interface Row { collection: string; id: string; seq: number; libraries: string[]; data: Record<string, unknown> }

/** Writes the history in chunks; returns the number of events. */
export async function generate(db: Database, endMs: number): Promise<number> {
  const rand = rng(34);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const h = (lo: number, hi: number) => Math.round((lo + rand() * (hi - lo)) * HOUR);
  const startMs = endMs - YEARS * 365 * DAY;
  for (const lib of SCHOOLS) {
    for (const role of ['staff', 'kiosk']) {
      await db.query(`insert into devices (id, library_id, role, name, token_hash) values ($1, $2, $3, $4, $5) on conflict do nothing`, [`${role}-${lib}`, lib, role, `${lib} ${role}`, `bench-${role}-${lib}`]);
    }
  }
  let seq = Number((await db.query<{ value: string }>('select value from seq_counter where id = 1')).rows[0]!.value);
  let events = 0;
  let chunk: Row[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await db.query(
      `insert into records (collection, id, seq, public, libraries, device_id, deleted, data)
         select collection, id, seq, false, libraries, null, false, data
           from jsonb_to_recordset($1::jsonb) as x(collection text, id text, seq bigint, libraries text[], data jsonb)`,
      [JSON.stringify(chunk)],
    );
    chunk = [];
  };
  const put = async (collection: string, id: string, lib: string, data: Record<string, unknown>) => {
    chunk.push({ collection, id, seq: ++seq, libraries: [lib], data });
    if (chunk.length >= 5000) await flush();
  };
  const ev = async (lib: string, atMs: number, type: string, payload: Record<string, unknown>, device: 'staff' | 'kiosk' = 'staff') => {
    const id = `E${(++events).toString(36).padStart(10, '0')}`;
    await put('events', id, lib, { id, deviceId: `${device}-${lib}`, libraryId: lib, hlc: '', at: new Date(atMs).toISOString(), type, payload, status: 'applied', reason: '' });
  };
  // Requests arrive evenly over the five years; the expected events per request (~10.7) sets how many.
  const requests = Math.max(1, Math.round(EVENTS / 10.7));
  const gap = (endMs - 120 * DAY - startMs) / requests;
  for (let i = 0; events < EVENTS && i < requests * 2; i++) {
    const t0 = startMs + i * gap + rand() * gap;
    const borrower = pick(SCHOOLS);
    const lender = pick(SCHOOLS.filter((s) => s !== borrower));
    const rid = `r${i}`;
    const barcode = `3${i.toString().padStart(13, '0')}`;
    await ev(borrower, t0, 'request.created', { requestId: rid, patronId: `p-${borrower}-${i % 500}`, lenderLibraryId: lender, neededBy: null, note: '', item: { barcode, title: 'Bench', author: '', callNumber: '', location: '', parts: 1 } });
    let t = t0;
    if (rand() < 0.7) await ev(lender, (t += h(1, 30)), 'request.pull_slip_printed', { requestIds: [rid] });
    const roll = rand();
    if (roll < 0.1) {
      await ev(borrower, (t += h(1, 20)), 'request.cancelled', { requestId: rid, reason: pick(['讀者已自行購買', '不再需要']) });
      continue;
    }
    if (roll < 0.25) {
      await ev(lender, (t += h(1, 48)), 'request.cannot_supply', { requestId: rid, reason: pick(['館藏遺失 / missing', '外借中 / on loan', '不外借 / reference only', '修補中 / at the bindery']) });
      continue;
    }
    const parcel = `P${i}`;
    await ev(lender, (t += h(2, 48)), 'item.packed', { parcelId: parcel, toLibraryId: borrower, requestId: rid, itemBarcode: barcode });
    await ev(lender, (t += h(0, 3)), 'parcel.sealed', { parcelId: parcel });
    await ev(lender, (t += h(0, 30)), 'parcel.dispatched', { parcelId: parcel, courier: 'HCT', trackingNumber: `T${i}` });
    const holdId = `H${i}`;
    await ev(borrower, (t += h(12, 120)), 'item.received', { itemBarcode: barcode, parcelId: parcel, ownerLibraryId: null, holdId });
    await put('holds', holdId, borrower, { id: holdId, requestId: rid, libraryId: borrower });
    await ev(borrower, (t += h(0, 2)), 'parcel.closed', { parcelId: parcel });
    if (rand() < 0.12) {
      await ev(borrower, (t += 9 * DAY), 'hold.expired', { holdId });
    } else {
      const loanId = `L${i}`;
      await ev(borrower, (t += h(2, 160)), 'loan.started', { loanId, holdId, patronId: `p-${borrower}-${i % 500}` }, rand() < 0.25 ? 'kiosk' : 'staff');
      const late = rand() < 0.2;
      await ev(borrower, (t += late ? 33 * DAY : h(48, 600)), 'loan.ended', { loanId, fineId: `F${i}` }, rand() < 0.33 ? 'kiosk' : 'staff');
      if (late) {
        const amount = 5 * (1 + Math.floor(rand() * 20));
        await put('fines', `F${i}`, borrower, { id: `F${i}`, amount, libraryId: borrower });
        const r = rand();
        if (r < 0.6) await ev(borrower, (t += h(1, 200)), 'fine.paid', { fineId: `F${i}` });
        else if (r < 0.85) await ev(borrower, (t += h(1, 200)), 'fine.waived', { fineId: `F${i}`, reason: '首次逾期' });
      }
    }
    if (rand() < 0.9) {
      const back = `B${i}`;
      await ev(borrower, (t += h(2, 72)), 'item.packed', { parcelId: back, toLibraryId: lender, requestId: rid, itemBarcode: barcode });
      await ev(borrower, (t += h(0, 3)), 'parcel.sealed', { parcelId: back });
      await ev(borrower, (t += h(0, 30)), 'parcel.dispatched', { parcelId: back, courier: 'HCT', trackingNumber: `U${i}` });
      await ev(lender, (t += h(12, 120)), 'item.received', { itemBarcode: barcode, parcelId: back, ownerLibraryId: lender, holdId: `X${i}` });
    }
    if (i % 40 === 0) {
      const host = pick(SCHOOLS);
      await ev(pick(SCHOOLS), t0, 'card.issued', { card: { id: `C${i}`, hostLibraryId: host } });
      for (let k = 0; k < 1 + Math.floor(rand() * 5); k++) await ev(host, t0 + (k + 1) * 3 * DAY, 'loan.visitor_started', { loanId: `V${i}-${k}`, itemBarcode: `${barcode}${k}`, title: 'Bench' });
    }
    if (events % 200_000 < 12) process.stdout.write(`    ${events.toLocaleString('en-US')} events written\r`);
  }
  await flush();
  await db.query('update seq_counter set value = $1 where id = 1', [seq]);
  await db.query('analyze');
  return events;
}

/** A random query like the console sends: a scope (the consortium a third of the time) and a range of a month to five years. */
function queries(endMs: number, n: number, seed: number) {
  const rand = rng(seed);
  const day = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
  return Array.from({ length: n }, (_, i) => {
    const spanDays = i === 0 ? YEARS * 365 : 30 + Math.floor(rand() * (YEARS * 365 - 30));
    const to = endMs - Math.floor(rand() * (YEARS * 365 - spanDays)) * DAY;
    return {
      scope: { libraryId: rand() < 0.34 ? null : SCHOOLS[Math.floor(rand() * SCHOOLS.length)]! },
      range: { from: day(to - spanDays * DAY), to: day(to) },
      group: rand() < 0.5 ? ('month' as const) : ('year' as const),
    };
  });
}

async function open(backend: Backend): Promise<{ db: Database; dispose(): Promise<void> }> {
  if (backend === 'postgres') {
    const made = await createTestDatabase('relay_bench_stats');
    const db = await openDatabase({ databaseUrl: made.url });
    return { db, dispose: async () => { await db.close(); await made.drop(); } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-stats-'));
  const db = await openDatabase({ dataDir: dir });
  return { db, dispose: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export async function runStatsBench(report: BenchReport, only: string[]): Promise<void> {
  const backends = BACKENDS.filter((b) => only.length === 0 || only.includes(b));
  const label = `${(EVENTS / 1e6).toFixed(2)}M events, ${SCHOOLS.length} schools, ${YEARS} y`;
  for (const backend of backends) {
    const row = (name: string) => `stats.${name} [${backend}]`;
    if (backend === 'postgres' && !(await postgresAvailable())) {
      console.log(`\n*** SKIPPED: PostgreSQL is not reachable at ${TEST_DATABASE_URL}; the [postgres] stats rows are not measured ***\n`);
      report.skip({ name: row('rebuild'), unit: 's', target: null, better: 'lower' }, 'PostgreSQL unreachable');
      continue;
    }
    console.log(`\n--- stats on ${backend} (${label}) ---`);
    const { db, dispose } = await open(backend);
    try {
      const endMs = Date.parse('2026-12-01T00:00:00Z');
      let t = Date.now();
      const events = await generate(db, endMs);
      console.log(`    generated ${events.toLocaleString('en-US')} events in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      t = Date.now();
      await rebuildStats(db);
      const rebuildS = (Date.now() - t) / 1000;
      const { rows } = await db.query<{ n: string }>('select (select count(*) from stats_agg) + (select count(*) from stats_hist) as n');
      console.log(`    aggregate rows: ${Number(rows[0]!.n).toLocaleString('en-US')}`);
      report.add({ name: row(`rebuild (${label})`), value: Math.round(rebuildS * 10) / 10, unit: 's', target: null, better: 'lower' });
      for (const [k, name] of REPORT_NAMES.entries()) {
        const samples: number[] = [];
        for (const q of queries(endMs, SAMPLES, 100 + k)) {
          const s = performance.now();
          await runReport(db, name, q);
          samples.push(performance.now() - s);
        }
        const target = backend === 'postgres' ? 300 : null;
        report.add({ name: row(`${name}_p50`), value: Math.round(percentile(samples, 50) * 10) / 10, unit: 'ms', target: null, better: 'lower' });
        report.add({ name: row(`${name}_p95`), value: Math.round(percentile(samples, 95) * 10) / 10, unit: 'ms', target, better: 'lower' });
      }
    } finally {
      await dispose();
    }
  }
}
