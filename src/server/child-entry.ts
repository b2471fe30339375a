// The desk's embedded central service as a child process of the desk shell
// (Electron's utilityProcess in the app, a child Node process in start:web
// and the tests), so the service's database and HTTP stack never share the
// main process with device I/O. The shell talks to it over HTTP only; this
// channel carries just the start options, "ready" (URL and administrator
// token, which the desk needs to pair itself) and "stop".
//
// Messages (plain JSON objects; the shell checks them, src/main/desk-runtime/service-child.ts):
//   shell → child  {type: 'relay-service.start', options: {dataDir, port, demo, inMemory, logger, adminToken?}}
//                  {type: 'relay-service.stop'}
//   child → shell  {type: 'relay-service.ready', url, port, adminToken}
//                  {type: 'relay-service.failed', message}
// SIGTERM stops the service cleanly too; a lost channel (the shell died) as well.
import { startService, type RunningService } from '#server/service';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Electron gives a utility process process.parentPort; a Node child forked with an IPC channel has process.send. */
const parentPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;

function send(message: Record<string, unknown>): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (message: unknown) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

interface StartOptions {
  dataDir: string;
  port: number;
  demo: boolean;
  inMemory: boolean;
  logger: boolean | { level: string };
  adminToken?: string;
}

/** The start options from the shell, checked: this process trusts its parent, but a wrong shape should fail loudly, not half-start. */
function startOptions(raw: unknown): StartOptions | string {
  if (typeof raw !== 'object' || raw === null) return 'options missing';
  const o = raw as Record<string, unknown>;
  if (typeof o['dataDir'] !== 'string' || o['dataDir'] === '') return 'dataDir must be a path';
  if (typeof o['port'] !== 'number' || !Number.isInteger(o['port']) || o['port'] < 0 || o['port'] > 65_535) return 'port must be 0–65535';
  if (typeof o['demo'] !== 'boolean' || typeof o['inMemory'] !== 'boolean') return 'demo and inMemory must be booleans';
  const logger = o['logger'];
  const loggerOk = typeof logger === 'boolean' || (typeof logger === 'object' && logger !== null && typeof (logger as { level?: unknown }).level === 'string');
  if (!loggerOk) return 'logger must be a boolean or {level}';
  if (o['adminToken'] !== undefined && typeof o['adminToken'] !== 'string') return 'adminToken must be a string';
  return {
    dataDir: o['dataDir'],
    port: o['port'],
    demo: o['demo'],
    inMemory: o['inMemory'],
    logger: logger as StartOptions['logger'],
    ...(typeof o['adminToken'] === 'string' ? { adminToken: o['adminToken'] } : {}),
  };
}

let service: RunningService | null = null;
let starting = false;
let stopping: Promise<never> | null = null;

function stop(reason: string): Promise<never> {
  stopping ??= (async () => {
    try {
      await service?.stop();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`[service] stopping on ${reason} failed: ${(error as Error).message}\n`);
      process.exit(1);
    }
  })();
  return stopping;
}

async function start(raw: unknown): Promise<void> {
  const options = startOptions(raw);
  if (typeof options === 'string') {
    send({ type: 'relay-service.failed', message: `bad start options: ${options}` });
    process.exit(2);
  }
  try {
    service = await startService({ host: '127.0.0.1', ...options });
  } catch (error) {
    send({ type: 'relay-service.failed', message: (error as Error).message });
    process.exit(1);
  }
  if (stopping) return;
  send({ type: 'relay-service.ready', url: service.url, port: service.port, adminToken: service.adminToken });
}

if (!parentPort && !process.send) {
  process.stderr.write('src/server/child-entry.ts runs only as a child of the desk (npm run server starts the service on its own).\n');
  process.exit(2);
}

onMessage((message) => {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  if (type === 'relay-service.start' && !starting) {
    starting = true;
    void start((message as { options?: unknown }).options);
  } else if (type === 'relay-service.stop') {
    void stop('stop message');
  }
});
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
// The shell died (its IPC channel closed): a service nobody pairs with or stops must not linger.
process.on('disconnect', () => void stop('lost parent'));
