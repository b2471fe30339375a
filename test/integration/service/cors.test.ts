// Desks in a browser (start:web, kiosks) call the service cross-origin with a
// bearer token: the desk endpoints answer preflights; the admin API does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';

describe('CORS for desks in a browser', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    svc = await startTestService('pglite');
  });
  afterAll(async () => svc?.dispose());

  const preflight = (path: string, method: string) =>
    fetch(svc.url + path, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' } });

  it('allows the replication endpoints with a bearer token', async () => {
    for (const [path, method] of [['/replication/events/push', 'POST'], ['/replication/parcels/pull', 'GET'], ['/replication/stream', 'GET'], ['/me', 'GET'], ['/pair', 'POST']] as const) {
      const res = await preflight(path, method);
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase(), path).toContain('authorization');
    }
  });

  it('does not offer the administrator API to browsers', async () => {
    const res = await preflight('/admin/stats', 'GET');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS on the live stream', () => {
  it('the hijacked SSE response carries the CORS header too', async () => {
    const svc = await startTestService('pglite');
    try {
      const { AdminClient } = await import('#test/support/client');
      const desk = await new AdminClient(svc.url, svc.adminToken).pairDesk('NKUST');
      const ac = new AbortController();
      const res = await fetch(`${svc.url}/replication/stream`, { headers: { origin: 'http://127.0.0.1:5173', authorization: `Bearer ${desk.token}` }, signal: ac.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      ac.abort();
    } finally {
      await svc.dispose();
    }
  });
});
