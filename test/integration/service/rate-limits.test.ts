// Rate limits that one kind of traffic cannot use to lock out another: a
// flood of forged tokens from one address leaves the administrator, the
// paired desks and a real desk's pairing alone; pairing guesses are bounded
// per code, not per address (a code is burnt after 10 wrong attempts,
// whatever addresses they came from); and behind a trusted proxy clients
// are told apart by X-Forwarded-For — from no one else.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { createPairingCode, pairDevice } from '#server/pairing/auth';
import { pairOnDb } from './access-fixtures';

type Svc = Awaited<ReturnType<typeof startTestService>>;
const A = 'NKUST';

const from = (address: string) => ({ 'x-forwarded-for': address });
async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(base + path, { headers })).status;
}
async function pair(base: string, code: string, headers: Record<string, string> = {}): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${base}/pair`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code, name: 'desk' }) });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, ...(body.error ? { code: body.error.code } : {}) };
}
const wrongCode = (i: number) => `9${i.toString().padStart(3, '0')}-0000`;

// Each test starts its own service: on a busy machine that alone can take many seconds.
describe('rate limits and pairing attempts', { timeout: 90_000 }, () => {
  let svc: Svc | null = null;
  afterEach(async () => {
    await svc?.dispose();
    svc = null;
  });

  it('a flood of forged tokens from one address: the administrator, a paired desk and a real pairing there still get through', async () => {
    svc = await startTestService('pglite', { rateLimitPerMinute: 20 });
    const admin = new AdminClient(svc.url, svc.adminToken);
    const desk = await pairOnDb(svc, A);
    const { code } = await admin.call<{ code: string }>('POST', '/admin/pairing-codes', { libraryId: A });
    const forged = await Promise.all(Array.from({ length: 40 }, (_, i) => get(svc!.url, '/me', { authorization: `Bearer rdt_forged${i}` })));
    expect(forged.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(await get(svc.url, '/admin/devices', { authorization: `Bearer ${svc.adminToken}` })).toBe(200);
    expect(await get(svc.url, '/me', { authorization: `Bearer ${desk.token}` })).toBe(200);
    expect((await pair(svc.url, code)).status).toBe(200);
  });

  it('a pairing code is burnt after 10 wrong attempts while it is outstanding, from however many addresses', async () => {
    svc = await startTestService('pglite', { trustProxy: '127.0.0.1' });
    const { code } = await createPairingCode(svc.db, A, 'staff');
    // 10 addresses, one wrong guess each: each address is far below its own limit.
    for (let i = 0; i < 10; i++) expect((await pair(svc.url, wrongCode(i), from(`10.1.0.${i + 1}`))).code).toBe('PAIRING_CODE_INVALID');
    expect(await pair(svc.url, code, from('10.1.0.99'))).toEqual({ status: 401, code: 'PAIRING_CODE_INVALID' });
    // A code made after the guesses is not affected by them.
    const fresh = await createPairingCode(svc.db, A, 'staff');
    expect((await pairDevice(svc.db, fresh.code, 'desk')).ok).toBe(true);
  });

  it('nine wrong attempts leave the code usable (a typo or two at a desk costs nothing)', async () => {
    svc = await startTestService('pglite');
    const { code } = await createPairingCode(svc.db, A, 'staff');
    for (let i = 0; i < 9; i++) expect((await pairDevice(svc.db, wrongCode(i), 'desk')).ok).toBe(false);
    expect((await pairDevice(svc.db, code, 'desk')).ok).toBe(true);
  });

  it('behind a trusted proxy, clients are told apart by X-Forwarded-For', async () => {
    svc = await startTestService('pglite', { rateLimitPerMinute: 5, trustProxy: '127.0.0.1' });
    for (let i = 0; i < 5; i++) expect(await get(svc.url, '/health', from('10.0.0.1'))).toBe(200);
    expect(await get(svc.url, '/health', from('10.0.0.1'))).toBe(429);
    expect(await get(svc.url, '/health', from('10.0.0.2'))).toBe(200);
  });

  it('X-Forwarded-For from an address that is not a trusted proxy is ignored: no one picks their own bucket', async () => {
    svc = await startTestService('pglite', { rateLimitPerMinute: 5, trustProxy: '10.9.9.9' });
    for (let i = 0; i < 5; i++) expect(await get(svc.url, '/health', from(`10.0.0.${i + 1}`))).toBe(200);
    expect(await get(svc.url, '/health', from('10.0.0.77'))).toBe(429);
  });
});
