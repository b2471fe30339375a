// The embedded service's supervisor against scripted fake children: what it
// accepts as "ready", the backoff between restarts, and the stop that
// escalates from SIGTERM to SIGKILL. The real child process is exercised in
// test/integration/runtime/service-child.test.ts.
import { describe, expect, it } from 'vitest';
import { startEmbeddedService, type ServiceChildEvent, type ServiceChildHandle } from '#main/desk-runtime/service-child';

type Behaviour = (child: FakeChild, start: { port: number; adminToken?: string }) => void;

class FakeChild implements ServiceChildHandle {
  static nextPid = 1000;
  readonly pid = FakeChild.nextPid++;
  readonly calls: string[] = [];
  readonly sent: unknown[] = [];
  private messageListeners: Array<(m: unknown) => void> = [];
  private exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
  exited = false;
  constructor(private readonly behaviour: Behaviour, private readonly opts: { ignoreTerm?: boolean } = {}) {}
  send(message: unknown): void {
    this.sent.push(message);
    const m = message as { type: string; options?: { port: number; adminToken?: string } };
    if (m.type === 'relay-service.start') queueMicrotask(() => this.behaviour(this, m.options!));
  }
  onMessage(l: (m: unknown) => void): void {
    this.messageListeners.push(l);
  }
  onExit(l: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(l);
  }
  reply(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }
  exit(code: number | null, signal: string | null): void {
    if (this.exited) return;
    this.exited = true;
    for (const l of this.exitListeners) l(code, signal);
  }
  terminate(): void {
    this.calls.push('SIGTERM');
    if (!this.opts.ignoreTerm) setTimeout(() => this.exit(0, null), 5);
  }
  kill(): void {
    this.calls.push('SIGKILL');
    setTimeout(() => this.exit(null, 'SIGKILL'), 5);
  }
}

const readyOn: Behaviour = (child, start) => child.reply({ type: 'relay-service.ready', url: `http://127.0.0.1:${start.port || 40123}`, port: start.port || 40123, adminToken: 'rda_x' });

function forkOf(behaviours: Behaviour[], opts: { ignoreTerm?: boolean } = {}) {
  const children: FakeChild[] = [];
  return {
    children,
    fork: () => {
      const child = new FakeChild(behaviours[Math.min(children.length, behaviours.length - 1)]!, opts);
      children.push(child);
      return child;
    },
  };
}

const quiet = () => undefined;

describe('the embedded service supervisor', () => {
  it('sends the start options and takes the URL and admin token from "ready"', async () => {
    const { fork, children } = forkOf([readyOn]);
    const svc = await startEmbeddedService({ fork, service: { dataDir: '/data/service', demo: true, adminToken: 'rda_fixed' }, log: quiet });
    expect(children[0]!.sent[0]).toEqual({ type: 'relay-service.start', options: { dataDir: '/data/service', port: 0, demo: true, inMemory: false, logger: false, adminToken: 'rda_fixed' } });
    expect(svc).toMatchObject({ url: 'http://127.0.0.1:40123', port: 40123, adminToken: 'rda_x' });
    expect(svc.pid()).toBe(children[0]!.pid);
    await svc.stop();
  });

  it.each([
    ['a non-loopback URL', { type: 'relay-service.ready', url: 'http://evil.example:40123', port: 40123, adminToken: 't' }],
    ['a port that is not the URL\'s', { type: 'relay-service.ready', url: 'http://127.0.0.1:40123', port: 1, adminToken: 't' }],
    ['no admin token', { type: 'relay-service.ready', url: 'http://127.0.0.1:40123', port: 40123, adminToken: '' }],
    ['an unparsable URL', { type: 'relay-service.ready', url: 'http://127.0.0.1:99999', port: 99999, adminToken: 't' }],
  ])('ignores a "ready" with %s and gives up after the ready timeout', async (_name, message) => {
    const { fork, children } = forkOf([(child) => child.reply(message)]);
    await expect(startEmbeddedService({ fork, service: { dataDir: '/d', demo: false }, readyTimeoutMs: 50, log: quiet })).rejects.toThrow('did not start within 50 ms');
    expect(children[0]!.calls).toContain('SIGKILL');
  });

  it('reports a child that fails to start, or exits before it is ready', async () => {
    const failing = forkOf([(child) => child.reply({ type: 'relay-service.failed', message: 'EACCES: data dir' })]);
    await expect(startEmbeddedService({ fork: failing.fork, service: { dataDir: '/d', demo: false }, log: quiet })).rejects.toThrow('failed to start: EACCES: data dir');
    const dying = forkOf([(child) => child.exit(1, null)]);
    await expect(startEmbeddedService({ fork: dying.fork, service: { dataDir: '/d', demo: false }, log: quiet })).rejects.toThrow('exited before it was ready (code 1)');
  });

  it('restarts a crashed child on the same port, with growing delays while restarts fail', async () => {
    const failOnce: Behaviour = (child) => child.exit(1, null);
    const { fork, children } = forkOf([readyOn, failOnce, failOnce, readyOn]);
    const lines: string[] = [];
    const svc = await startEmbeddedService({ fork, service: { dataDir: '/d', demo: false, port: 0 }, backoff: { initialMs: 10, maxMs: 1_000 }, log: (l) => lines.push(l) });
    const events: ServiceChildEvent[] = [];
    const back = new Promise<void>((resolve) => svc.subscribe((e) => {
      events.push(e);
      if (e.type === 'ready') resolve();
    }));
    children[0]!.exit(null, 'SIGKILL');
    expect(svc.state()).toBe('restarting');
    await back;
    expect(events.map((e) => e.type)).toEqual(['exited', 'restart-failed', 'restart-failed', 'ready']);
    expect(events.map((e) => ('restartInMs' in e ? e.restartInMs : null))).toEqual([10, 20, 40, null]);
    // Every restart asked for the port the first start got.
    expect(children.slice(1).map((c) => (c.sent[0] as { options: { port: number } }).options.port)).toEqual([40123, 40123, 40123]);
    expect(svc.pid()).toBe(children[3]!.pid);
    expect(svc.restarts()).toBe(1);
    expect(lines[0]).toContain('ended unexpectedly (SIGKILL)');
    await svc.stop();
  });

  it('stops with SIGTERM, and SIGKILL when the child does not go in time', async () => {
    const polite = forkOf([readyOn]);
    const a = await startEmbeddedService({ fork: polite.fork, service: { dataDir: '/d', demo: false }, log: quiet });
    await a.stop();
    expect(polite.children[0]!.calls).toEqual(['SIGTERM']);
    expect(a.state()).toBe('stopped');

    const stubborn = forkOf([readyOn], { ignoreTerm: true });
    const b = await startEmbeddedService({ fork: stubborn.fork, service: { dataDir: '/d', demo: false }, stopTimeoutMs: 30, log: quiet });
    const exits: ServiceChildEvent[] = [];
    b.subscribe((e) => exits.push(e));
    await b.stop();
    expect(stubborn.children[0]!.calls).toEqual(['SIGTERM', 'SIGKILL']);
    expect(stubborn.children[0]!.exited).toBe(true);
    // A stop is not a crash: nothing is restarted.
    await new Promise((r) => setTimeout(r, 30));
    expect(exits).toEqual([]);
    expect(stubborn.children).toHaveLength(1);
  });

  it('a stop during the backoff wait cancels the restart', async () => {
    const { fork, children } = forkOf([readyOn]);
    const svc = await startEmbeddedService({ fork, service: { dataDir: '/d', demo: false }, backoff: { initialMs: 50, maxMs: 50 }, log: quiet });
    children[0]!.exit(null, 'SIGSEGV');
    await svc.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(children).toHaveLength(1);
    expect(svc.state()).toBe('stopped');
  });
});
