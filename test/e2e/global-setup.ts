// Builds the renderer once (electron-vite builds without the Electron binary)
// and starts the desk host in a child process (tsx): a fresh temp data dir,
// the embedded in-memory service with the demo consortium, simulated devices.
// The host's URLs and the service's admin token reach the workers through
// RELAY_E2E_HOST. The returned function is the teardown.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { HostInfo } from './support/host-process';
import { AdminClient } from '../support/client';
import { SEED_LIBRARIES, type SeedDeskIdentity } from './support/seed';

const ROOT = resolve(__dirname, '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  // A private output directory: a build someone runs meanwhile (npm run build) empties out/.
  const outDir = join(ROOT, 'test-results/e2e-build');
  if (process.env['RELAY_E2E_SKIP_BUILD'] !== '1' || !existsSync(join(outDir, 'renderer/index.html'))) {
    const started = Date.now();
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    console.log(`[e2e] renderer built in ${Date.now() - started} ms`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-e2e-'));
  const adminToken = `rda_${randomBytes(24).toString('base64url')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support/host-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, RELAY_E2E_DATA_DIR: dataDir, RELAY_E2E_ADMIN_TOKEN: adminToken, RELAY_E2E_RENDERER_DIR: join(outDir, 'renderer') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<HostInfo>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('the desk host did not start within 60 s')), 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        ok(JSON.parse(line) as HostInfo);
      } catch {
        fail(new Error(`the desk host printed something unexpected: ${line.slice(0, 200)}`));
      }
    });
    child.once('exit', (code) => fail(new Error(`the desk host exited (${code}) before it was ready`)));
  });
  process.env['RELAY_E2E_HOST'] = JSON.stringify(info);
  // The seed's desks are paired once: pairing is rate-limited per address (10 a minute).
  const admin = new AdminClient(info.serviceUrl, info.adminToken);
  const desks: Record<string, SeedDeskIdentity> = {};
  for (const lib of SEED_LIBRARIES) {
    const d = await admin.pairDesk(lib, 'staff', `seed ${lib}`);
    desks[lib] = { deviceId: d.deviceId, token: d.token };
  }
  process.env['RELAY_E2E_SEED_DESKS'] = JSON.stringify(desks);
  console.log(`[e2e] desk host ${info.origin} for ${info.libraryId}, service ${info.serviceUrl}`);

  return async () => {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
