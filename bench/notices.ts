// `npm run bench -- notices[:pglite|:postgres]`: patron notices sent per
// second to a real SMTP server on loopback (smtp-server, messages counted,
// not parsed). 500 notices are queued straight into the notices table for
// 100 patrons, then one drain sends them: claim with a lease, compose from
// the template, SMTP over 4 pooled connections, mark sent — one UPDATE per
// message, after its 250. Also: the consumer's rate, events of the log turned
// into queued notices per second (500 requests placed through the admin API,
// then one catch-up from the cursor).
import type { BenchReport } from './report';
import { postgresAvailable, type Backend } from '#test/support/service';
import { QUIET, startNoticeService } from '#test/integration/notices/support/flow';
import { TestSmtp, duplicates } from '#test/integration/notices/support/smtp';
import { queueNotices, type NoticeDraft } from '#server/notices/queue';
import { setPreferences, defaultPreferences } from '#server/notices/preferences';
import { NOTICE_KINDS } from '#shared/portal/wire';
import { AdminClient } from '#test/support/client';

const NOTICES = Number(process.env['RELAY_BENCH_NOTICES'] ?? 500);
const PATRONS = 100;
const CONNECTIONS = 4;

async function runOne(report: BenchReport, backend: Backend): Promise<void> {
  const smtp = await new TestSmtp(false).start();
  const svc = await startNoticeService(backend, { ...QUIET, SMTP_URL: smtp.url, NOTICES_SMTP_CONNECTIONS: String(CONNECTIONS), NOTICES_BATCH_SIZE: '100' });
  try {
    for (let p = 0; p < PATRONS; p++) {
      await setPreferences(svc.db, `bench-p${p}`, { ...defaultPreferences(), email: `reader${p}@student.example.edu.tw`, language: p % 3 === 0 ? 'en' : 'zh-TW' });
    }
    const drafts: NoticeDraft[] = Array.from({ length: NOTICES }, (_, i) => ({
      dedupeKey: `bench:${i}`, kind: NOTICE_KINDS[i % NOTICE_KINDS.length]!, patronId: `bench-p${i % PATRONS}`, libraryId: 'NKUST',
      requestId: `bench-req-${i}`, holdId: null, loanId: null, sourceSeq: null,
      vars: { title: `資料結構與演算法 第 ${i} 版`, shelfSpot: 'H-345', pickupBy: '2026-12-14', dueOn: '2027-01-04', finePerDay: 5, maxFine: 500, loanDays: 28, pickupDays: 7, reason: 'ROTA_EXHAUSTED', fineAmount: 0, returnedOn: '2026-12-30' },
    }));
    await svc.db.transaction((tx) => queueNotices(tx, drafts));
    const started = performance.now();
    const result = await svc.notices.drain();
    await smtp.waitFor(NOTICES, 120_000);
    const ms = performance.now() - started;
    if (result?.sent !== NOTICES) throw new Error(`sent ${result?.sent ?? 'nothing'} of ${NOTICES}`);
    if (duplicates(smtp.received).length > 0 || smtp.received.length !== NOTICES) throw new Error(`SMTP got ${smtp.received.length} messages for ${NOTICES} notices`);
    console.log(`  ${backend}: ${NOTICES} notices in ${(ms / 1000).toFixed(2)} s over ${CONNECTIONS} SMTP connections`);
    report.add({ name: `notices:${backend}:sent per second (${NOTICES} to loopback SMTP)`, value: (NOTICES / ms) * 1000, unit: 'notices/s', target: null, better: 'higher' });

    // The consumer: place the requests (the service's own loop consumes them as they come), then put its
    // cursor back before them and forget what they queued, and time one catch-up over the same range.
    const admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron('bench-p0', 'NKUST', '2001000012345');
    await svc.notices.consume();
    const { rows: head } = await svc.db.query<{ seq: string }>('select seq::text as seq from notice_cursor where id = 1');
    for (let i = 0; i < NOTICES; i++) await admin.request('NKUST', 'NPTU', 'bench-p0', `3123400${String(i).padStart(7, '0')}`);
    await svc.notices.consume();
    await svc.db.transaction(async (tx) => {
      await tx.query('select seq from notice_cursor where id = 1 for update');
      await tx.query('delete from notices where source_seq > $1', [head[0]!.seq]);
      await tx.query('update notice_cursor set seq = $1 where id = 1', [head[0]!.seq]);
    });
    const t0 = performance.now();
    const queued = await svc.notices.consume();
    const consumeMs = performance.now() - t0;
    console.log(`  ${backend}: consumer queued ${queued} notices from the log in ${(consumeMs / 1000).toFixed(2)} s`);
    report.add({ name: `notices:${backend}:consumer, log events to queued notices`, value: (queued / consumeMs) * 1000, unit: 'notices/s', target: null, better: 'higher' });
  } finally {
    await svc.dispose();
    await smtp.stop();
  }
}

export async function runNoticesBench(report: BenchReport, only: string[]): Promise<void> {
  for (const backend of ['pglite', 'postgres'] as const) {
    if (only.length > 0 && !only.includes(backend)) continue;
    if (backend === 'postgres' && !(await postgresAvailable())) {
      report.skip({ name: `notices:${backend}:sent per second (${NOTICES} to loopback SMTP)`, unit: 'notices/s', target: null, better: 'higher' }, 'PostgreSQL not reachable at TEST_DATABASE_URL');
      continue;
    }
    await runOne(report, backend);
  }
}
