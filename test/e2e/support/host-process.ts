// The desk as the e2e specs see it: the embedded central service (in memory,
// demo consortium, in its own child process), simulated devices and the desk host serving the built
// renderer — started in its own process (tsx) so Playwright's workers and
// the host never share an event loop. Prints one JSON line on stdout when
// ready and stops on SIGTERM or when stdin closes (the parent died).
import { resolve } from 'node:path';
import { startDeskRuntime } from '#main/desk-runtime';
import { startDeskHost } from '#main/desk-host';

export interface HostInfo {
  pageUrl: string;
  origin: string;
  /** The embedded service (the page's desk.config names it; a spec may put its own link proxy in between). */
  serviceUrl: string;
  adminToken: string;
  libraryId: string;
  deviceId: string;
}

async function main(): Promise<void> {
  const dataDir = process.env['RELAY_E2E_DATA_DIR'];
  const adminToken = process.env['RELAY_E2E_ADMIN_TOKEN'];
  if (!dataDir || !adminToken) throw new Error('RELAY_E2E_DATA_DIR and RELAY_E2E_ADMIN_TOKEN are required');
  const libraryId = process.env['RELAY_E2E_LIBRARY'] ?? 'NKUST';
  const runtime = await startDeskRuntime({
    settings: { dataDir, libraryId, role: 'staff', deskName: `${libraryId} 流通櫃台 1`, locale: 'zh-TW', simulate: true, serviceUrl: null, pairingCode: null, demo: true },
    service: { inMemory: true, adminToken },
  });
  const serviceUrl = runtime.config().serviceUrl;
  // No connectTo: connect-src keeps any loopback port, because specs give pages their own link proxy (fixtures.ts ownLink).
  const host = await startDeskHost({ rendererDir: process.env['RELAY_E2E_RENDERER_DIR'] ?? resolve(__dirname, '../../../out/renderer'), dispatch: runtime.dispatch, events: runtime.events, log: () => undefined });

  const config = runtime.config();
  if (!config.deviceId) throw new Error(`the desk did not pair: ${config.pairingError ?? 'unknown reason'}`);
  const info: HostInfo = {
    pageUrl: host.pageUrl, origin: host.origin, serviceUrl, adminToken, libraryId, deviceId: config.deviceId,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close().catch(() => undefined);
    await runtime.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
