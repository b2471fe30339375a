// The desk host end to end: embedded in-memory service with demo data,
// automatic pairing, simulated devices, and real WebSocket clients from Node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { request } from 'node:http';
import { startDeskRuntime, type DeskRuntime } from '#main/desk-runtime';
import { startDeskHost, type DeskHost } from '#main/desk-host';
import { parseDeskArgs } from '#main/desk-runtime/settings';
import { MAX_MESSAGE_CHARS, encodeRequest } from '#shared/bridge';

let dir: string;
let rendererDir: string;
let runtime: DeskRuntime;
let host: DeskHost;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-desk-host-'));
  rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  const parsed = parseDeskArgs(['--library', 'NKUST', '--role', 'staff', '--data-dir', join(dir, 'desk')], dir);
  if (!parsed.ok) throw new Error(parsed.message);
  runtime = await startDeskRuntime({ settings: parsed.settings, service: { inMemory: true, port: 0 } });
  host = await startDeskHost({ port: 0, rendererDir, dispatch: runtime.dispatch, events: runtime.events, authTimeoutMs: 500, log: () => undefined });
});

afterAll(async () => {
  await host?.close();
  await runtime?.stop();
  await rm(dir, { recursive: true, force: true });
});

function rawGet(path: string, hostHeader = `127.0.0.1:${host.port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: hostHeader } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Client {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  next(test: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  call(method: string, params?: unknown): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

let ids = 0;
function connect(opts: { protocols?: string[]; origin?: string | null; url?: string } = {}): Promise<Client> {
  const ws = new WebSocket(opts.url ?? host.bridgeUrl, opts.protocols ?? ['relay-bridge', `token.${host.token}`], opts.origin === null ? {} : { origin: opts.origin ?? host.origin });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{ test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(m);
    for (const w of [...waiters]) if (w.test(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const client: Client = {
    ws,
    messages,
    closed,
    next: (test) => {
      const hit = messages.find(test);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
    call: (method, params = {}) => {
      const id = ++ids;
      ws.send(encodeRequest(id, method, params));
      return client.next((m) => m['id'] === id);
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('desk host', () => {
  it('serves the renderer with the CSP and refuses foreign Host headers', async () => {
    const res = await fetch(host.origin + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<title>desk</title>');
    // Raw paths (fetch would normalise the dot segments itself): the URL parser
    // folds them inside the renderer root, and the confinement check refuses the rest.
    for (const path of ['/%2e%2e/desk/desk-identity.json', '/../desk/desk-identity.json', '/..%2fdesk%2fdesk-identity.json']) {
      expect([400, 404], path).toContain(await rawGet(path));
    }
    expect((await fetch(`${host.origin}/`, { method: 'POST' })).status).toBe(405);
    expect(await rawGet('/', 'evil.example')).toBe(421);
  });

  it('refuses a missing or wrong token', async () => {
    await expect(connect({ protocols: ['relay-bridge', 'token.wrong'] })).rejects.toThrow('HTTP 401');
    // No token in the handshake: the first message must authenticate.
    const anon = await connect({ protocols: ['relay-bridge'] });
    anon.ws.send(encodeRequest(1, 'desk.config', {}));
    expect(await anon.next((m) => 'error' in m)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await anon.closed).code).toBe(4401);
    const wrong = await connect({ protocols: ['relay-bridge'] });
    wrong.ws.send(JSON.stringify({ auth: 'not-the-token' }));
    expect((await wrong.closed).code).toBe(4401);
    const silent = await connect({ protocols: ['relay-bridge'] });
    expect((await silent.closed).code).toBe(4401);
  });

  it('accepts the token in the first message', async () => {
    const c = await connect({ protocols: ['relay-bridge'] });
    c.ws.send(JSON.stringify({ auth: host.token }));
    await c.next((m) => 'hello' in m);
    expect(await c.call('devices.list')).toMatchObject({ result: { devices: expect.any(Array) } });
    c.ws.close();
  });

  it('refuses a wrong or missing Origin, and a token in the query string', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: `http://localhost:${host.port}` })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: null })).rejects.toThrow('HTTP 403');
    await expect(connect({ url: `${host.bridgeUrl}?token=${host.token}`, protocols: ['relay-bridge'] }).then(async (c) => (await c.closed).code)).resolves.toBe(4401);
  });

  it('answers oversized and malformed messages with specific errors and keeps the connection usable', async () => {
    const c = await connect();
    await c.next((m) => 'hello' in m);
    c.ws.send(JSON.stringify({ id: 1, method: 'devices.list', params: { pad: 'x'.repeat(MAX_MESSAGE_CHARS) } }));
    expect(await c.next((m) => (m['error'] as { code?: string } | undefined)?.code === 'MESSAGE_TOO_LARGE')).toMatchObject({ error: { code: 'MESSAGE_TOO_LARGE' } });
    c.ws.send('{nope');
    expect(await c.next((m) => (m['error'] as { code?: string } | undefined)?.code === 'MALFORMED_MESSAGE')).toBeTruthy();
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.call('no.such', {})).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } });
    expect(await c.call('rfid.setSecurity', { uids: ['bad'], secured: true })).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('/uids/0') } });
    expect(await c.call('devices.list')).toMatchObject({ result: { devices: expect.any(Array) } });
    c.ws.close();
  });

  it('closes cleanly (1009) on a frame beyond the hard limit, and keeps serving others', async () => {
    const c = await connect();
    await c.next((m) => 'hello' in m);
    c.ws.send('x'.repeat(5 * 1024 * 1024));
    expect((await c.closed).code).toBe(1009);
    const d = await connect();
    expect(await d.call('desk.config')).toMatchObject({ result: { libraryId: 'NKUST' } });
    d.ws.close();
  });

  it('desk.config returns a paired device whose token works against the service; the token file is mode 600', async () => {
    const c = await connect();
    const { result } = (await c.call('desk.config')) as { result: { serviceUrl: string; deviceToken: string; deviceId: string; libraryId: string; role: string; simulate: boolean } };
    expect(result).toMatchObject({ libraryId: 'NKUST', role: 'staff', simulate: true, deviceId: expect.stringMatching(/^dev-/) });
    const me = await fetch(`${result.serviceUrl}/me`, { headers: { authorization: `Bearer ${result.deviceToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ device: { id: result.deviceId, libraryId: 'NKUST', role: 'staff' } });
    expect((await stat(join(dir, 'desk', 'desk-identity.json'))).mode & 0o777).toBe(0o600);
    c.ws.close();
  });

  it('delivers device events to every authenticated client', async () => {
    const a = await connect();
    const b = await connect();
    await Promise.all([a.next((m) => 'hello' in m), b.next((m) => 'hello' in m)]);
    expect(await a.call('sim.placeTags', { tags: [{ uid: 'E004015012345678', item: { primaryItemId: '31021000000017' } }] })).toMatchObject({ result: { present: ['E004015012345678'] } });
    for (const c of [a, b]) {
      expect(await c.next((m) => m['event'] === 'rfid.tags' && (m['payload'] as { arrived: string[] }).arrived.length > 0)).toMatchObject({ payload: { readerId: 'sim-rfid', arrived: ['E004015012345678'], present: [{ item: { primaryItemId: '31021000000017' } }] } });
    }
    await a.call('sim.scan', { code: '21021000000018' });
    expect(await b.next((m) => m['event'] === 'scan')).toMatchObject({ payload: { code: '21021000000018', source: 'sim-scanner' } });
    const job = await a.call('print.submit', { key: 'demo-1', slip: { kind: 'receipt', locale: 'en', title: 'Receipt', blocks: [{ kind: 'text', text: 'hi' }] } });
    expect(job).toMatchObject({ result: { key: 'demo-1', printerId: 'sim-printer' } });
    expect(await b.next((m) => m['event'] === 'print.job' && (m['payload'] as { state: string }).state === 'printed')).toBeTruthy();
    expect(host.clients()).toBeGreaterThanOrEqual(2);
    a.ws.close();
    b.ws.close();
  });
});
