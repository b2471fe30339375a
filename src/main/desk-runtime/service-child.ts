// The embedded central service as a supervised child process: started with
// a fork function (child_process.fork + tsx in start:web and the tests,
// Electron's utilityProcess in the app — src/main/shell/utility-fork.ts), so
// the service never shares the main process with device I/O and this module
// is tested in plain Node. The desk talks to the child over HTTP only; the
// channel carries the start options, "ready" (URL and administrator token)
// and "stop" (see src/server/child-entry.ts for the child's side).
//
// A child that dies on its own (crash, kill -9, out of memory) is restarted
// with exponential backoff on the same port, so the URL the desk's page
// already holds stays right; meanwhile the page's sync bar shows the service
// unreachable, as for any outage.

import { Backoff } from '#shared/backoff';

/** What the supervisor needs from a child process, whatever started it. */
export interface ServiceChildHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process has ended (code or signal as far as the platform tells). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ask the child to stop cleanly (SIGTERM where there are signals). */
  terminate(): void;
  /** End it now (SIGKILL). */
  kill(): void;
}

export type ForkService = () => ServiceChildHandle;

/** The embedded service's settings, as the child's start message carries them. */
export interface EmbeddedServiceOptions {
  dataDir: string;
  /** 0 picks a free port on the first start; restarts reuse the port the first start got. */
  port?: number;
  demo: boolean;
  /** Keep PGlite in memory (tests). A restarted in-memory service starts empty. */
  inMemory?: boolean;
  logger?: boolean | { level: string };
  /** A fixed administrator token (tests); otherwise the child reads or creates dataDir/admin-token. */
  adminToken?: string;
}

export type ServiceChildEvent =
  | { type: 'ready'; pid: number | undefined; url: string; restarts: number }
  | { type: 'exited'; pid: number | undefined; code: number | null; signal: string | null; restartInMs: number }
  | { type: 'restart-failed'; message: string; restartInMs: number };

export type ServiceChildState = 'running' | 'restarting' | 'stopped';

export interface EmbeddedService {
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  /** The current child's process id (undefined while it is being restarted). */
  pid(): number | undefined;
  state(): ServiceChildState;
  /** How many times the child was restarted after dying on its own. */
  restarts(): number;
  subscribe(listener: (event: ServiceChildEvent) => void): () => void;
  /** Stop the child: SIGTERM (or the stop message), then SIGKILL after stopTimeoutMs. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  fork: ForkService;
  service: EmbeddedServiceOptions;
  /** How long a child may take to report ready (PGlite's first start runs every migration). */
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** A child that stayed up this long starts the backoff over after its next crash. */
  stableMs?: number;
  log?: (line: string) => void;
}

interface Ready {
  url: string;
  port: number;
  adminToken: string;
}

/** The child's messages are checked: a malformed "ready" must not become the desk's service URL. */
function parseChildMessage(message: unknown): { kind: 'ready'; ready: Ready } | { kind: 'failed'; message: string } | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m['type'] === 'relay-service.failed') return { kind: 'failed', message: typeof m['message'] === 'string' ? m['message'].slice(0, 500) : 'unknown error' };
  if (m['type'] !== 'relay-service.ready') return null;
  const { url, port, adminToken } = m;
  if (typeof url !== 'string' || typeof port !== 'number' || typeof adminToken !== 'string' || adminToken === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // The embedded service listens on loopback only.
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1' || Number(parsed.port) !== port) return null;
  return { kind: 'ready', ready: { url: parsed.origin, port, adminToken } };
}

/** Starts one child and waits for its "ready"; on failure the child is ended and the promise rejects. */
function launch(
  opts: SupervisorOptions,
  port: number,
  hooks: { spawned(child: ServiceChildHandle): void; exited(code: number | null, signal: string | null): void },
): Promise<{ child: ServiceChildHandle; ready: Ready }> {
  return new Promise((resolve, reject) => {
    let child: ServiceChildHandle;
    try {
      child = opts.fork();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    hooks.spawned(child);
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`the embedded service did not start within ${opts.readyTimeoutMs ?? 60_000} ms`), opts.readyTimeoutMs ?? 60_000);
    child.onMessage((message) => {
      const parsed = parseChildMessage(message);
      if (!parsed || settled) return;
      if (parsed.kind === 'failed') return fail(`the embedded service failed to start: ${parsed.message}`);
      settled = true;
      clearTimeout(timer);
      resolve({ child, ready: parsed.ready });
    });
    child.onExit((code, signal) => {
      if (!settled) fail(`the embedded service exited before it was ready (${signal ?? `code ${code}`})`);
      else hooks.exited(code, signal);
    });
    const { dataDir, demo, inMemory, logger, adminToken } = opts.service;
    child.send({
      type: 'relay-service.start',
      options: { dataDir, port, demo, inMemory: inMemory ?? false, logger: logger ?? false, ...(adminToken ? { adminToken } : {}) },
    });
  });
}

export async function startEmbeddedService(opts: SupervisorOptions): Promise<EmbeddedService> {
  const log = opts.log ?? ((line: string) => console.warn(line));
  const backoff = opts.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const stableMs = opts.stableMs ?? 60_000;
  const listeners = new Set<(event: ServiceChildEvent) => void>();
  const emit = (event: ServiceChildEvent) => {
    for (const l of listeners) l(event);
  };

  let state: ServiceChildState = 'running';
  let restarts = 0;
  let readyAt = 0;
  let current: ServiceChildHandle | null = null;
  /** A child between fork and "ready": stop() must end it too. */
  let launching: ServiceChildHandle | null = null;
  let inFlight: Promise<void> | null = null;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const delays = new Backoff(backoff);
  const nextDelay = () => delays.next();

  const watch = (child: ServiceChildHandle): ((code: number | null, signal: string | null) => void) => {
    let markExited!: () => void;
    exited = new Promise<void>((r) => (markExited = r));
    return (code, signal) => {
      markExited();
      if (current !== child) return;
      current = null;
      if (state === 'stopped') return;
      state = 'restarting';
      if (Date.now() - readyAt >= stableMs) delays.reset();
      const delay = nextDelay();
      log(`[desk] the embedded service (pid ${child.pid ?? '?'}) ended unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      emit({ type: 'exited', pid: child.pid, code, signal, restartInMs: delay });
      schedule(delay);
    };
  };

  const schedule = (delay: number) => {
    restartTimer = setTimeout(() => {
      restartTimer = null;
      inFlight = restart().finally(() => (inFlight = null));
    }, delay);
  };

  const start = async (port: number): Promise<Ready> => {
    let onExit: (code: number | null, signal: string | null) => void = () => undefined;
    const { child, ready } = await launch(opts, port, {
      spawned: (c) => (launching = c),
      exited: (code, signal) => onExit(code, signal),
    }).finally(() => (launching = null));
    onExit = watch(child);
    current = child;
    readyAt = Date.now();
    return ready;
  };

  const first = await start(opts.service.port ?? 0);

  // A function, not a comparison: stop() changes the state across the awaits below.
  const stopped = () => state === 'stopped';
  const restart = async () => {
    if (stopped()) return;
    try {
      const ready = await start(first.port);
      // stop() came while this child started: stop() ends it (it waits for this restart).
      if (stopped()) return;
      // Same port, so the same URL: the page's replication reconnects on its own.
      state = 'running';
      restarts++;
      log(`[desk] the embedded service is back (pid ${current?.pid ?? '?'}) at ${ready.url}`);
      emit({ type: 'ready', pid: current?.pid, url: ready.url, restarts });
    } catch (error) {
      if (stopped()) return;
      const delay = nextDelay();
      log(`[desk] restarting the embedded service failed (${(error as Error).message}); next try in ${delay} ms`);
      emit({ type: 'restart-failed', message: (error as Error).message, restartInMs: delay });
      schedule(delay);
    }
  };

  let stopping: Promise<void> | null = null;
  return {
    url: first.url,
    port: first.port,
    adminToken: first.adminToken,
    pid: () => current?.pid,
    state: () => state,
    restarts: () => restarts,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      stopping ??= (async () => {
        state = 'stopped';
        if (restartTimer) clearTimeout(restartTimer);
        launching?.kill();
        await inFlight;
        const child = current;
        if (!child) return;
        const done = exited;
        child.terminate();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), opts.stopTimeoutMs ?? 5_000)))]);
        clearTimeout(timer);
        if (timedOut) {
          log('[desk] the embedded service did not stop in time; killing it');
          child.kill();
          await done;
        }
      })();
      return stopping;
    },
  };
}
