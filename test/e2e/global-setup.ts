// Builds the renderer once (electron-vite builds without the Electron binary)
// and starts the desk host in a child process (tsx): a fresh temp data dir,
// the embedded in-memory service with the demo consortium, simulated devices.
// The host's URLs and the service's admin token reach the workers through
// RELAY_E2E_HOST. The returned function is the teardown.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { E2E_BUILD_DIR, spawnHost } from './support/spawn-host';

const ROOT = resolve(__dirname, '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  // A private output directory: a build someone runs meanwhile (npm run build) empties out/.
  const outDir = E2E_BUILD_DIR;
  if (process.env['RELAY_E2E_SKIP_BUILD'] !== '1' || !existsSync(join(outDir, 'renderer/index.html'))) {
    const started = Date.now();
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    console.log(`[e2e] renderer built in ${Date.now() - started} ms`);
  }
  const { info, seedDesks, stop } = await spawnHost();
  process.env['RELAY_E2E_HOST'] = JSON.stringify(info);
  process.env['RELAY_E2E_SEED_DESKS'] = JSON.stringify(seedDesks);
  console.log(`[e2e] desk host ${info.origin} for ${info.libraryId}, service ${info.serviceUrl}`);

  return stop;
}
