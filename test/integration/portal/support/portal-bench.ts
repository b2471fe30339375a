// Portal latency on this machine (for the lead to move into bench/): p50/p95
// of sign-in with a consortium password (scrypt), of sign-in through SIP2 (the
// simulator on loopback) and of a catalogue search through the portal, each
// sequential against one service on PGlite with the request tests' catalogue.
//   npx tsx test/integration/portal/support/portal-bench.ts [signIns=40] [searches=200]
import { startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { PORTAL_PATHS } from '#shared/portal/wire';
import { loadPortalCatalogue, Patron } from './portal-client';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const line = (name: string, xs: number[]) => console.log(`${name.padEnd(26)} n=${String(xs.length).padStart(4)}  p50=${pct(xs, 50).toFixed(1)} ms  p95=${pct(xs, 95).toFixed(1)} ms`);

async function timed(n: number, f: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const signIns = Number(process.argv[2] ?? 40);
  const searches = Number(process.argv[3] ?? 200);
  const svc = await startTestService('pglite');
  const sim = new Sip2ServerSimulator({ institutionId: 'NKUST', accounts: [{ userId: 'relay', password: 'pw' }], patrons: [{ id: '21021000555551', pin: '4321', name: 'x' }] });
  try {
    const admin = new AdminClient(svc.url, svc.adminToken);
    await loadPortalCatalogue(admin);
    await admin.patron('p-bench', 'NPTU', '21020000111113');
    await admin.patron('p-sip', 'NKUST', '21021000555551');
    await admin.call('POST', '/admin/portal/passwords', { patronId: 'p-bench', password: 'correct horse battery' });
    await admin.call('PUT', '/admin/portal/sip2/NKUST', { host: '127.0.0.1', port: await sim.start(), institutionId: 'NKUST', loginUser: 'relay', loginPassword: 'pw' });
    const p = new Patron(svc.url);
    line('sign-in (password)', await timed(signIns, async () => {
      if ((await p.signIn('NPTU', '21020000111113', 'correct horse battery')).status !== 200) throw new Error('sign-in failed');
    }));
    const s = new Patron(svc.url);
    line('sign-in (SIP2 simulator)', await timed(signIns, async () => {
      if ((await s.signIn('NKUST', '21021000555551', '4321')).status !== 200) throw new Error('SIP2 sign-in failed');
    }));
    const queries = ['統計學', '統計', 'ti:統計學', '王小明', '臺灣鳥類', '資料探勘實務', 'isbn:9789573267851', 'statistics'];
    line('search', await timed(searches, async (i) => {
      const r = await p.get(`${PORTAL_PATHS.search}?q=${encodeURIComponent(queries[i % queries.length]!)}`);
      if (r.status !== 200) throw new Error(`search → ${r.status}`);
    }));
  } finally {
    await sim.stop();
    await svc.dispose();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
