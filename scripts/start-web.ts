// npm run start:web — the desk in a browser, without Electron: the embedded
// central service with demo data, simulated devices, and the desk host
// serving the built renderer (run `npm run build` first). Prints the URL to
// open, and the command that starts a second desk in the same consortium
// (--join this desk's data dir); opens nothing.
import { relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseDeskArgs, startDeskRuntime } from '#main/desk-runtime';
import { startDeskHost } from '#main/desk-host';

/** How the second-desk command line starts (the two-desk demo test looks for it). */
const SECOND_DESK_PREFIX = 'npm run start:web --';

async function main(): Promise<void> {
  const parsed = parseDeskArgs(process.argv.slice(2), process.cwd());
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exitCode = 2;
    return;
  }
  const rendererDir = resolve(__dirname, '../out/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) console.warn(`! ${rendererDir}/index.html is missing: run \`npm run build\` first (the bridge works without it).`);

  const runtime = await startDeskRuntime({ settings: parsed.settings });
  const config = runtime.config();
  // connect-src: the page may reach this desk's service and nothing else.
  const host = await startDeskHost({ port: parsed.port, rendererDir, dispatch: runtime.dispatch, events: runtime.events, connectTo: [config.serviceUrl] });

  console.log(`Relay Desk (web) for ${config.libraryId}, role ${config.role}${config.simulate ? ', simulated devices' : ''}`);
  console.log(`  data:    ${parsed.settings.dataDir}`);
  console.log(`  service: ${config.serviceUrl}${runtime.service ? ' (embedded)' : parsed.settings.join ? ` (the consortium of the desk in ${parsed.settings.join})` : ''}`);
  console.log(config.deviceId ? `  paired:  ${config.deviceId}` : `  NOT PAIRED: ${config.pairingError}`);
  console.log(`\nOpen this URL (it carries this run's token; do not share it):\n\n  ${host.pageUrl}\n`);
  // The service's own web pages (the README has the demo sign-ins).
  console.log(`  console: ${config.serviceUrl}/console/`);
  console.log(`  portal:  ${config.serviceUrl}/portal/  (demo patron: NKUST, 21021000102310 / relay-patron-demo)\n`);
  if (runtime.service) {
    // The multi-desk demo: a second desk joins this desk's consortium (its service URL and admin token are in the data dir).
    const rel = relative(process.cwd(), parsed.settings.dataDir);
    const dir = rel === '' ? '.' : rel.startsWith('..') ? parsed.settings.dataDir : rel;
    const other = config.libraryId === 'NUK' ? 'NKUST' : 'NUK';
    console.log('A second desk in this consortium (another terminal; this desk must keep running):\n');
    console.log(`  ${SECOND_DESK_PREFIX} --library ${other} --data-dir data/desk-${other}-staff --join ${dir}\n`);
    console.log(`Administer this desk's service:\n\n  npm run admin -- libraries --data-dir ${dir}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await host.close();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
