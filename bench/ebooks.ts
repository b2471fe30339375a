// `npm run bench -- ebooks[:pglite|:postgres]`: concurrent e-book borrowing.
// 1,000 patrons race at once for a title with 10 copies (borrow() as the
// portal route calls it, all started together: on PostgreSQL they share the
// pool's connections and queue on the title's row lock; on PGlite they run one
// transaction at a time). The run fails unless exactly 10 loans exist after
// it and every other borrow was a counted turn-away — then reports how long
// the whole race took and the borrow attempts answered per second.
import type { BenchReport } from './report';
import { postgresAvailable, startTestService, type Backend } from '#test/support/service';
import { borrow } from '#server/ebooks/circulation';
import { importKbart } from '#server/ebooks/imports';
import { ApiError } from '#server/http/errors';
import { kbartFile } from '#test/integration/ebooks/support/files';

const PATRONS = Number(process.env['RELAY_BENCH_EBOOK_PATRONS'] ?? 1000);
const COPIES = 10;
const LIBRARIES = ['NKUST', 'NPTU', 'NUK', 'CSU'];

const name = (backend: Backend, what: string) => `ebooks:${backend}:${what} (${PATRONS} patrons, ${COPIES} copies)`;

async function runOne(report: BenchReport, backend: Backend): Promise<void> {
  const svc = await startTestService(backend);
  try {
    const imported = await importKbart(svc.db, 'bench', kbartFile([{ titleId: 'RACE', title: '搶手電子書', copies: COPIES }]), Date.now());
    if (!imported.ok) throw new Error(`import refused: ${JSON.stringify(imported.problems)}`);
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: PATRONS }, (_, i) =>
      borrow(svc.db, { patronId: `bench-p${i}`, libraryId: LIBRARIES[i % LIBRARIES.length]! }, 'bench:RACE', Date.now())));
    const ms = performance.now() - started;
    const granted = results.filter((r) => r.status === 'fulfilled').length;
    const otherErrors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof ApiError && r.reason.code === 'EBOOK_ALL_OUT'));
    const { rows } = await svc.db.query<{ open: string; out: number; turnaways: string }>(
      `select (select count(*) from ebook_loans where title_id = 'bench:RACE' and ended_at is null) as open,
              (select out from ebook_titles where id = 'bench:RACE') as out,
              (select coalesce(sum(turnaways), 0) from ebook_usage where title_id = 'bench:RACE') as turnaways`,
    );
    const open = Number(rows[0]!.open);
    const turnaways = Number(rows[0]!.turnaways);
    console.log(`  ${backend}: ${PATRONS} borrowers for ${COPIES} copies in ${(ms / 1000).toFixed(2)} s: ${granted} granted, ${open} loans in the database, out=${rows[0]!.out}, ${turnaways} turn-aways, ${otherErrors.length} other errors`);
    if (open > COPIES || granted > COPIES || rows[0]!.out > COPIES) throw new Error(`MORE LOANS THAN COPIES: ${open} loans, ${granted} granted, out=${rows[0]!.out} for ${COPIES} copies`);
    if (open !== COPIES || granted !== COPIES) throw new Error(`${open} loans for ${COPIES} copies with ${PATRONS} patrons waiting`);
    if (otherErrors.length > 0) throw new Error(`${otherErrors.length} borrows failed otherwise: ${String(otherErrors[0]!.reason)}`);
    if (turnaways !== PATRONS - COPIES) throw new Error(`${turnaways} turn-aways counted, expected ${PATRONS - COPIES}`);
    report.add({ name: name(backend, 'loans granted (never above copies)'), value: open, unit: 'loans', target: COPIES, better: 'lower' });
    report.add({ name: name(backend, 'whole race'), value: ms, unit: 'ms', target: null, better: 'lower' });
    report.add({ name: name(backend, 'borrow attempts answered per second'), value: (PATRONS / ms) * 1000, unit: 'borrows/s', target: null, better: 'higher' });
  } finally {
    await svc.dispose();
  }
}

export async function runEbooksBench(report: BenchReport, only: string[]): Promise<void> {
  for (const backend of ['pglite', 'postgres'] as const) {
    if (only.length > 0 && !only.includes(backend)) continue;
    if (backend === 'postgres' && !(await postgresAvailable())) {
      for (const what of ['loans granted (never above copies)', 'whole race', 'borrow attempts answered per second']) {
        report.skip({ name: name(backend, what), unit: '', target: null, better: 'lower' }, 'PostgreSQL not reachable at TEST_DATABASE_URL');
      }
      continue;
    }
    await runOne(report, backend);
  }
}
