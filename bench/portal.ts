// Patron portal (issue 16), against one service on embedded PGlite with a
// union catalogue of PORTAL_WORKS generated works (the catalogue bench's
// generator):
//   sign_in_first_page  sign-in with a consortium-kept password (scrypt) and
//                       the first page's calls (me, rules, my requests), p50/p95
//   sign_in_sip2        sign-in through the SIP2 simulator on loopback, p50/p95
//   search              a catalogue search through the portal (session check,
//                       parse, page of works with holdings), p50/p95
// Sequential, one patron at a time: the latency one person sees.
import { startService } from '#server/service';
import { AdminClient } from '../test/support/client';
import { Patron } from '../test/integration/portal/support/portal-client';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { PORTAL_PATHS } from '#shared/portal/wire';
import type { BenchReport } from './report';
import { loadIndex, queries } from './catalogue';
import { percentile } from './service';

const PORTAL_WORKS = Math.round(100_000 * Number(process.env['RELAY_BENCH_SCALE'] ?? 1));
const SIGN_INS = 40;
const SEARCHES = 300;

async function timed(n: number, f: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

function rows(report: BenchReport, name: string, samples: number[], target: number | null, suffix = ''): void {
  const r1 = (v: number) => Math.round(v * 10) / 10;
  console.log(`    ${name}: n=${samples.length} p50 ${r1(percentile(samples, 50))} ms, p95 ${r1(percentile(samples, 95))} ms`);
  report.add({ name: `portal.${name}_p50${suffix}`, value: r1(percentile(samples, 50)), unit: 'ms', target: null, better: 'lower' });
  report.add({ name: `portal.${name}_p95${suffix}`, value: r1(percentile(samples, 95)), unit: 'ms', target, better: 'lower' });
}

export async function runPortalBench(report: BenchReport, only: string[]): Promise<void> {
  const want = (m: string) => only.length === 0 || only.includes(m);
  const svc = await startService({ port: 0, inMemory: true });
  const sim = new Sip2ServerSimulator({ institutionId: 'NKUST', accounts: [{ userId: 'relay', password: 'pw' }], patrons: [{ id: '21021000555551', pin: '4321', name: '陳怡君' }] });
  try {
    const admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron('p-bench', 'NPTU', '21020000111113');
    await admin.patron('p-sip', 'NKUST', '21021000555551');
    await admin.call('POST', '/admin/portal/passwords', { patronId: 'p-bench', password: 'correct horse battery' });
    await admin.call('PUT', '/admin/portal/sip2/NKUST', { host: '127.0.0.1', port: await sim.start(), institutionId: 'NKUST', loginUser: 'relay', loginPassword: 'pw' });

    if (want('sign_in')) {
      const first = await timed(SIGN_INS, async () => {
        const p = new Patron(svc.url);
        if ((await p.signIn('NPTU', '21020000111113', 'correct horse battery')).status !== 200) throw new Error('sign-in failed');
        for (const path of [PORTAL_PATHS.me, PORTAL_PATHS.rules, PORTAL_PATHS.requests]) {
          const r = await p.get(path);
          if (r.status !== 200) throw new Error(`${path} → ${r.status}`);
        }
      });
      rows(report, 'sign_in_first_page', first, 1000);
      const sip = await timed(SIGN_INS, async () => {
        if ((await new Patron(svc.url).signIn('NKUST', '21021000555551', '4321')).status !== 200) throw new Error('SIP2 sign-in failed');
      });
      rows(report, 'sign_in_sip2', sip, null);
    }

    if (want('search')) {
      console.log(`    loading ${PORTAL_WORKS.toLocaleString('en-US')} works …`);
      const { sample, ms } = await loadIndex(svc.db, PORTAL_WORKS);
      console.log(`    loaded in ${(ms / 1000).toFixed(1)} s`);
      const qs = queries(sample);
      const p = new Patron(svc.url);
      if ((await p.signIn('NPTU', '21020000111113', 'correct horse battery')).status !== 200) throw new Error('sign-in failed');
      const searches = await timed(SEARCHES, async (i) => {
        const q = qs[i % qs.length]!;
        const r = await p.get(`${PORTAL_PATHS.search}?q=${encodeURIComponent(q.q)}&field=${q.field}`);
        if (r.status !== 200) throw new Error(`search ${q.q} → ${r.status}`);
      });
      rows(report, 'search', searches, 300, ` (${PORTAL_WORKS.toLocaleString('en-US')} works)`);
    }
  } finally {
    await sim.stop();
    await svc.stop();
  }
}
