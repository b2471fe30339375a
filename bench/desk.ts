// Desk benchmark: the desk core in Debian's Chromium with real IndexedDB
// (Dexie), against the real service in its own process. Measures what staff
// feel: scan to routed row on screen (single scans and a 10-tag stack),
// closing a 500-item parcel, the first replication of 50,000 records, and
// convergence after 2,000 events made offline.
//
// Filters: desk:first, desk:scan, desk:reconnect.
import { createServer, type Server } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { viteAliases } from '../aliases';
import type { BenchReport } from './report';
import { ServiceHost, percentile } from './service';
import type { RequestSpec } from './service-host';
import { AdminClient, DeskClient } from '../test/support/client';
import { LinkProxy } from '../test/support/link-proxy';
import type { DeskConfig } from '#desk-core/desk';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

async function buildPage(outDir: string): Promise<void> {
  await build({ configFile: false, resolve: { alias: viteAliases(join(__dirname, '..')) }, root: join(__dirname, 'desk-page'), logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022', minify: true, modulePreload: { polyfill: false } } });
}

async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` };
}

type BenchApi = {
  open(config: DeskConfig, name: string): Promise<number>;
  close(): Promise<void>;
  scanEach(codes: string[], parcel: string): Promise<number[]>;
  scanStack(codes: string[], parcel: string): Promise<number>;
  closeParcel(id: string): Promise<number>;
  packAll(codes: string[]): Promise<number>;
  pending(): number;
  untilConverged(ms: number): Promise<number>;
  pickListSize(): number;
  expectedParcelItems(id: string): number;
  status(): { phase: string };
  requests(): number;
};

/** Call the page's bench API. */
function call<K extends keyof BenchApi>(page: Page, method: K, ...args: Parameters<BenchApi[K]>): Promise<Awaited<ReturnType<BenchApi[K]>>> {
  return page.evaluate(
    ([m, a]) => (window as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench[m as string]!(...(a as unknown[])),
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<BenchApi[K]>>>;
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function configFor(url: string, d: { deviceId: string; token: string; libraryId: string }): DeskConfig {
  return { serviceUrl: url, deviceToken: d.token, deviceId: d.deviceId, libraryId: d.libraryId, role: 'staff' };
}

export async function runDeskBench(report: BenchReport, only: string[]): Promise<void> {
  const want = (k: string) => only.length === 0 || only.includes(k);
  if (!existsSync(CHROMIUM)) {
    report.skip({ name: 'desk (all rows)', unit: '', target: null, better: 'lower' }, `no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    return;
  }
  const outDir = await mkdtemp(join(tmpdir(), 'relay-desk-bench-'));
  const host = await ServiceHost.start('pglite');
  const admin = new AdminClient(host.url, host.adminToken);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  let web: { server: Server; url: string } | null = null;
  try {
    await buildPage(outDir);
    web = await serve(outDir);
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('    page error:', e.message));
    await page.goto(web.url);
    await page.waitForFunction(() => document.title === 'ready');

    if (want('first')) {
      const seed = await host.call('seedScope', { libraryId: 'NUK', visible: Number(process.env['BENCH_DESK_RECORDS'] ?? 50_000), noise: 0 });
      const [d] = await host.call('pair', { libraryIds: ['NUK'] });
      // Through the link proxy, which counts what crosses the wire (compressed, headers included).
      const proxy = await LinkProxy.start(Number(new URL(host.url).port));
      let peakRss = 0;
      const sampler = setInterval(() => void host.usage().then((u) => (peakRss = Math.max(peakRss, u.rssBytes)), () => undefined), 100);
      try {
        peakRss = (await host.usage()).rssBytes;
        const ms = await call(page, 'open', configFor(proxy.url, d!), 'bench-first');
        clearInterval(sampler);
        peakRss = Math.max(peakRss, (await host.usage()).rssBytes);
        const requests = await call(page, 'requests');
        const records = Object.values(seed.visible).reduce((a, b) => a + b, 0);
        const mib = proxy.bytesDown / 2 ** 20;
        console.log(`    first replication: ${records} records in ${(ms / 1000).toFixed(2)} s; ${mib.toFixed(2)} MiB down, ${(proxy.bytesUp / 1024).toFixed(0)} KiB up, ${requests} HTTP requests on ${proxy.connections} connections; service RSS peak ${Math.round(peakRss / 2 ** 20)} MiB`);
        report.add({ name: 'desk: first replication of 50,000 records (Chromium, Dexie)', value: ms / 1000, unit: 's', target: 4, better: 'lower' });
        report.add({ name: 'desk: first replication, bytes on the wire (service → desk)', value: mib, unit: 'MiB', target: 3, better: 'lower' });
        report.add({ name: 'desk: first replication, HTTP requests', value: requests, unit: 'requests', target: null, better: 'lower' });
        report.add({ name: 'desk: first replication, service RSS peak', value: peakRss / 2 ** 20, unit: 'MiB', target: null, better: 'lower' });
        await call(page, 'close');
      } finally {
        clearInterval(sampler);
        await proxy.close();
      }
    }

    if (want('scan')) {
      // 500 items shipped from NPTU to NKUST in one parcel; the NKUST desk receives them by scanning.
      await admin.patron('bench-p-nkust', 'NKUST', '21010000777770');
      const specs: RequestSpec[] = Array.from({ length: 500 }, (_, i) => ({ requestId: `bench-scan-${i}`, borrower: 'NKUST', lender: 'NPTU', patronId: 'bench-p-nkust', barcode: `3109${String(i).padStart(9, '0')}0` }));
      await host.call('createRequests', { requests: specs });
      const [lenderDev, deskDev] = await host.call('pair', { libraryIds: ['NPTU', 'NKUST'] });
      const lender = new DeskClient(host.url, lenderDev!.deviceId, 'NPTU', lenderDev!.token, 'staff');
      const parcel = 'PBENCH500';
      const packs = specs.map((s) => lender.event('item.packed', { parcelId: parcel, toLibraryId: 'NKUST', requestId: s.requestId, itemBarcode: s.barcode }));
      const all = [...packs, lender.event('parcel.sealed', { parcelId: parcel }), lender.event('parcel.dispatched', { parcelId: parcel, courier: 'bench', trackingNumber: 'B-1' })];
      for (let i = 0; i < all.length; i += 250) {
        const res = await lender.pushRaw(all.slice(i, i + 250));
        const bad = res.status !== 200 ? res.body : res.body.results.find((r) => r.status !== 'applied');
        if (bad) throw new Error(`seeding the parcel failed: ${JSON.stringify(bad).slice(0, 300)}`);
      }
      await call(page, 'open', configFor(host.url, deskDev!), 'bench-scan');
      await until('the parcel on the desk', async () => (await call(page, 'expectedParcelItems', parcel)) === 500);

      const singles = await call(page, 'scanEach', specs.slice(0, 400).map((s) => s.barcode), parcel);
      const warm = singles.slice(20);
      const stacks: number[] = [];
      for (let k = 0; k < 10; k++) stacks.push(await call(page, 'scanStack', specs.slice(400 + k * 10, 410 + k * 10).map((s) => s.barcode), parcel));
      const closeMs = await call(page, 'closeParcel', parcel);
      console.log(`    ${singles.length} single scans: p50 ${percentile(warm, 50).toFixed(1)} ms, p95 ${percentile(warm, 95).toFixed(1)} ms; 10-tag stacks p50 ${percentile(stacks, 50).toFixed(1)} ms, max ${Math.max(...stacks).toFixed(1)} ms; close 500-item parcel ${closeMs.toFixed(0)} ms`);
      report.add({ name: 'desk: scan → routed row on screen p50', value: percentile(warm, 50), unit: 'ms', target: 50, better: 'lower' });
      report.add({ name: 'desk: scan → routed row on screen p95', value: percentile(warm, 95), unit: 'ms', target: 50, better: 'lower' });
      report.add({ name: 'desk: 10-tag stack → 10 routed rows p95', value: percentile(stacks, 95), unit: 'ms', target: 150, better: 'lower' });
      report.add({ name: 'desk: close a 500-item parcel', value: closeMs, unit: 'ms', target: 2000, better: 'lower' });
      await call(page, 'close');
    }

    if (want('reconnect')) {
      const borrowers = ['NPTU', 'NUK', 'KMU', 'STUST'];
      for (const b of borrowers) await admin.patron(`bench-rc-${b}`, b, `2${String(borrowers.indexOf(b) + 5).padStart(12, '0')}`);
      const specs: RequestSpec[] = Array.from({ length: 2000 }, (_, i) => {
        const b = borrowers[i % borrowers.length]!;
        return { requestId: `bench-rc-${i}`, borrower: b, lender: 'KSU', patronId: `bench-rc-${b}`, barcode: `3108${String(i).padStart(9, '0')}0` };
      });
      await host.call('createRequests', { requests: specs });
      const [d] = await host.call('pair', { libraryIds: ['KSU'] });
      const proxy = await LinkProxy.start(Number(new URL(host.url).port));
      try {
        await call(page, 'open', configFor(proxy.url, d!), 'bench-reconnect');
        await until('the pick list on the desk', async () => (await call(page, 'pickListSize')) === 2000);
        proxy.down();
        await until('the desk offline', async () => (await call(page, 'status')).phase === 'offline', 20_000);
        const packed = await call(page, 'packAll', specs.map((s) => s.barcode));
        if (packed !== 2000) throw new Error(`only ${packed} of 2000 packed offline`);
        const pending = await call(page, 'pending');
        const t0 = performance.now();
        proxy.up();
        await call(page, 'untilConverged', 60_000);
        const ms = performance.now() - t0;
        console.log(`    ${pending} offline events: link back → converged in ${(ms / 1000).toFixed(2)} s`);
        report.add({ name: 'desk: 2,000 offline events → converged after reconnect', value: ms / 1000, unit: 's', target: 5, better: 'lower' });
        await call(page, 'close');
      } finally {
        await proxy.close();
      }
    }
  } finally {
    await browser.close();
    if (web) await new Promise<void>((r) => web!.server.close(() => r()));
    await host.stop();
    await rm(outDir, { recursive: true, force: true });
  }
}
