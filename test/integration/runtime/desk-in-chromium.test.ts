// The built desk in real Chromium, served by the desk host with its embedded
// service in a child process. Under the strict CSP (connect-src narrowed to its
// own service) it renders, pairs and finishes its first replication with no
// policy violation, and a connection to any other origin is refused. When the
// service's child process is killed (kill -9), the sync bar shows the desk
// offline, as for any outage, and online again once the shell has restarted it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDeskRuntime, type DeskRuntime } from '#main/desk-runtime';
import { startDeskHost, type DeskHost } from '#main/desk-host';
import { parseDeskArgs } from '#main/desk-runtime/settings';

const ROOT = resolve(__dirname, '../../..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// Its own build directory: the e2e global setup rebuilds test-results/e2e-build while specs run.
const OUT = join(ROOT, 'test-results/csp-build');

let dir: string;
let runtime: DeskRuntime;
let host: DeskHost;
let browser: Browser;
/** A second desk with its service on disk (a restarted in-memory service would start empty). */
let durable: { runtime: DeskRuntime; host: DeskHost } | null = null;

beforeAll(async () => {
  {
    // Always rebuilt (about 5 s): a stale page would test yesterday's renderer.
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', OUT, '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  dir = await mkdtemp(join(tmpdir(), 'relay-csp-'));
  const parsed = parseDeskArgs(['--library', 'NKUST', '--data-dir', join(dir, 'desk')], dir);
  if (!parsed.ok) throw new Error(parsed.message);
  runtime = await startDeskRuntime({ settings: parsed.settings, service: { inMemory: true } });
  host = await startDeskHost({ rendererDir: join(OUT, 'renderer'), dispatch: runtime.dispatch, events: runtime.events, connectTo: [runtime.config().serviceUrl], log: () => undefined });
  const onDisk = parseDeskArgs(['--library', 'NPTU', '--data-dir', join(dir, 'durable'), '--no-demo'], dir);
  if (!onDisk.ok) throw new Error(onDisk.message);
  // The first restart waits 3 s: long enough for the page to see the outage before the service is back.
  const durableRuntime = await startDeskRuntime({ settings: onDisk.settings, service: { backoff: { initialMs: 3_000, maxMs: 3_000 } } });
  durable = { runtime: durableRuntime, host: await startDeskHost({ rendererDir: join(OUT, 'renderer'), dispatch: durableRuntime.dispatch, events: durableRuntime.events, connectTo: [durableRuntime.config().serviceUrl], log: () => undefined }) };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await runtime?.stop();
  await durable?.host.close();
  await durable?.runtime.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the renderer under its strict CSP', () => {
  it('renders and syncs with no violation, and cannot reach any other origin', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(`${host.pageUrl}&testHooks=1`);
    const header = response!.headers()['content-security-policy']!;
    expect(header).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ${runtime.config().serviceUrl};`);
    expect(header).not.toContain('unsafe-inline');
    expect(header).not.toContain('127.0.0.1:*');
    // The page's own <meta> says the same (both are enforced).
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(`${meta}; frame-ancestors 'none'`).toBe(header);

    await page.waitForFunction(() => window.__relayDesk?.desk.status().initial.done === true, undefined, { timeout: 60_000 });
    await expect.poll(() => page.locator('#root *').count()).toBeGreaterThan(10);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);

    const other = await page.evaluate(() => fetch('http://127.0.0.1:9/').then(() => 'reached', (e: unknown) => String(e)));
    expect(other).toContain('TypeError');
    const injected = await page.evaluate(() => {
      const s = document.createElement('style');
      s.textContent = 'body { color: rgb(1, 2, 3) }';
      document.head.append(s);
      return getComputedStyle(document.body).color;
    });
    expect(injected).not.toBe('rgb(1, 2, 3)');
    // Each is reported once per policy: the header's and the meta's.
    await expect.poll(() => page.evaluate(() => [...new Set((window as unknown as { __csp: string[] }).__csp)])).toEqual(['connect-src http://127.0.0.1:9/', 'style-src-elem inline']);
    await page.close();
  }, 120_000);

  it('shows the service unreachable while its process is dead, and syncs again once the shell restarted it', async () => {
    const { runtime: rt, host: h } = durable!;
    const page = await browser.newPage();
    await page.goto(`${h.pageUrl}&testHooks=1`);
    await page.waitForFunction(() => window.__relayDesk?.desk.status().initial.done === true, undefined, { timeout: 60_000 });
    const phase = page.getByTestId('sync-status');
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 20_000 }).toBe('online');
    const service = rt.service!;
    const back = new Promise<void>((resolve) => service.subscribe((e) => e.type === 'ready' && resolve()));
    process.kill(service.pid()!, 'SIGKILL');
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 20_000 }).toBe('offline');
    await back;
    await expect.poll(() => phase.getAttribute('data-phase'), { timeout: 30_000 }).toBe('online');
    await page.close();
  }, 120_000);
});
