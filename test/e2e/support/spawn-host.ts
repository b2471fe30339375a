// Starts a desk host (test/e2e/support/host-process.ts) in a child process:
// a fresh temp data dir, the embedded in-memory service with the demo
// consortium, simulated devices, and the seed libraries' desks paired. The
// global setup starts the shared one; a spec that must change settings every
// other spec depends on (the library system connection) starts its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { HostInfo } from './host-process';
import { AdminClient } from '#test/support/client';
import { SEED_LIBRARIES, type SeedDeskIdentity } from './seed';

const ROOT = resolve(__dirname, '../../..');
export const E2E_BUILD_DIR = join(ROOT, 'test-results/e2e-build');

export interface SpawnedHost {
  readonly info: HostInfo;
  readonly seedDesks: Record<string, SeedDeskIdentity>;
  stop(): Promise<void>;
}

export async function spawnHost(opts: { libraryId?: string } = {}): Promise<SpawnedHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-e2e-'));
  const adminToken = `rda_${randomBytes(24).toString('base64url')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'host-process.ts')], {
    cwd: ROOT,
    env: {
      ...process.env, RELAY_E2E_DATA_DIR: dataDir, RELAY_E2E_ADMIN_TOKEN: adminToken, RELAY_E2E_RENDERER_DIR: join(E2E_BUILD_DIR, 'renderer'),
      ...(opts.libraryId ? { RELAY_E2E_LIBRARY: opts.libraryId } : {}),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
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
    // The seed's desks are paired once per host: pairing is rate-limited per address (10 a minute).
    const admin = new AdminClient(info.serviceUrl, info.adminToken);
    const seedDesks: Record<string, SeedDeskIdentity> = {};
    for (const lib of SEED_LIBRARIES) {
      const d = await admin.pairDesk(lib, 'staff', `seed ${lib}`);
      seedDesks[lib] = { deviceId: d.deviceId, token: d.token };
    }
    return { info, seedDesks, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
