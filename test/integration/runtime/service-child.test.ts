// The embedded service as a child process of the desk runtime, for real: a
// child Node process (tsx) with PGlite on disk, the desk pairing through it,
// a kill -9 noticed and the child restarted on the same URL with the desk's
// token still good, and a stop that leaves no process behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDeskRuntime, type DeskRuntime, type ServiceChildEvent } from '#main/desk-runtime';
import { parseDeskArgs } from '#main/desk-runtime/settings';

let dir: string;
let runtime: DeskRuntime;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function me(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-service-child-'));
  const parsed = parseDeskArgs(['--library', 'NPTU', '--data-dir', join(dir, 'desk'), '--no-demo'], dir);
  if (!parsed.ok) throw new Error(parsed.message);
  runtime = await startDeskRuntime({ settings: parsed.settings, service: { port: 0, backoff: { initialMs: 100, maxMs: 1_000 } } });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the embedded service in its own process', () => {
  it('runs in a child process, keeps the admin token file, and the desk pairs through it', async () => {
    const service = runtime.service!;
    const pid = service.pid()!;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(alive(pid)).toBe(true);
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(runtime.config().serviceUrl).toBe(service.url);
    // The child resolved the token as the service always did: a file, mode 600, under the desk's data directory.
    expect((await stat(join(dir, 'desk', 'service', 'admin-token'))).mode & 0o777).toBe(0o600);
    const config = runtime.config();
    expect(config.deviceId).toMatch(/^dev-/);
    expect(await me(service.url, config.deviceToken!)).toBe(200);
  });

  it('notices a kill -9 of the child and restarts it on the same URL', async () => {
    const service = runtime.service!;
    const before = service.pid()!;
    const events: ServiceChildEvent[] = [];
    const back = new Promise<void>((resolve) => {
      const unsubscribe = service.subscribe((e) => {
        events.push(e);
        if (e.type === 'ready') {
          unsubscribe();
          resolve();
        }
      });
    });
    process.kill(before, 'SIGKILL');
    await back;
    expect(events[0]).toMatchObject({ type: 'exited', pid: before, signal: 'SIGKILL' });
    expect(service.state()).toBe('running');
    expect(service.restarts()).toBe(1);
    const after = service.pid()!;
    expect(after).not.toBe(before);
    expect(alive(before)).toBe(false);
    // PGlite kept its files: the paired desk's token is still good, at the URL the page already has.
    expect(await me(service.url, runtime.config().deviceToken!)).toBe(200);
  }, 60_000);

  it('stops the child with the desk', async () => {
    const pid = runtime.service!.pid()!;
    await runtime.stop();
    expect(runtime.service!.state()).toBe('stopped');
    expect(alive(pid)).toBe(false);
    await expect(fetch(`${runtime.service!.url}/health`)).rejects.toThrow();
  });
});
