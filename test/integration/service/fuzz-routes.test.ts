// Nothing a desk, a browser or an attacker sends answers 5xx, on any route:
// every route the app serves (read from its own route tree) gets fast-check
// generated path parameters, query strings and bodies whose strings hold NUL,
// lone surrogates and characters outside the BMP (𠮷) at every cut boundary
// the service knows (40, 64, 80, 120, 200, 300, 400, 500 characters), with
// every kind of token. Afterwards the service still answers, a poisoned
// desk's clean events were applied beside its bad ones, and it still syncs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backends, startTestService } from '#test/support/service';
import { listRoutes, type RouteEntry } from '#test/support/routes';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { pairOnDb, samplePayload, STAFF_EVENT_TYPES } from './access-fixtures';

type Svc = Awaited<ReturnType<typeof startTestService>>;
const A = 'NKUST';
const RUNS_PER_ROUTE = 25;
const LIMITS = [40, 64, 80, 120, 200, 300, 400, 500];

/** A string of `len` code points (± 1 around a limit) with a NUL, a lone surrogate or 𠮷 at the cut. */
const nasty: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...LIMITS), fc.constantFrom(-1, 0, 1), fc.constantFrom('\u0000', '\uD842', '\uDFB7', '𠮷', 'é', '%00', '"'), fc.constantFrom('x', '𠮷', '王'), fc.boolean())
  .map(([limit, delta, bad, fill, atEnd]) => {
    const body = fill.repeat(Math.max(0, limit + delta - 1));
    return atEnd ? body + bad : bad + body;
  });
const short: fc.Arbitrary<string> = fc.oneof(fc.constantFrom('\u0000', '\uD842', '𠮷', 'a\u0000b', 'NKUST', '01ARZ3NDEKTSV4RRFFQ69G5FAV', ''), fc.string({ maxLength: 8, unit: 'binary' }));
const text = fc.oneof(nasty, short);

const FIELDS = ['name', 'code', 'reason', 'note', 'title', 'holderName', 'holderId', 'organisation', 'patronId', 'hostLibraryId', 'libraryId', 'role', 'contact', 'homeLibraryId', 'validUntil', 'username', 'password', 'q', 'url', 'label'];
const genericBody = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), text), fc.oneof(text, fc.integer(), fc.array(text, { maxLength: 3 })), { maxKeys: 6 });

/** Percent-encoding that also takes lone surrogates (as their WTF-8 bytes, which is what a broken client sends). */
function encodeAny(s: string): string {
  return s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    return encodeURIComponent(ch);
  });
}

/** Replace one string anywhere in a JSON value (chosen by index) with `s`. */
function inject(value: unknown, s: string, pick: number): unknown {
  let seen = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return seen++ === pick ? s : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return seen === 0 ? value : pick >= seen ? inject(value, s, pick % seen) : out;
}

const isPushRoute = (r: RouteEntry) => r.url === '/replication/:collection/push';

for (const backend of await backends()) {
  describe(`every route fuzzed on ${backend}`, () => {
    let svc: Svc;
    let staff: DeskClient;
    let kiosk: DeskClient;
    let routes: RouteEntry[];
    let cardId: string;

    beforeAll(async () => {
      svc = await startTestService(backend);
      const admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('pat-1', A, '2001000000001');
      staff = await pairOnDb(svc, A);
      kiosk = await pairOnDb(svc, A, 'kiosk');
      const card = await http<{ card: { id: string } }>(svc.url, 'POST', '/api/cards', { token: staff.token, body: { patronId: 'pat-1', hostLibraryId: 'NPTU' } });
      cardId = card.body.card.id;
      routes = listRoutes(svc.relay.app);
    });
    afterAll(async () => svc?.dispose());

    it('the route list is read from the app and holds the routes this suite was written against', () => {
      const has = (method: string, url: string) => routes.some((r) => r.method === method && r.url === url);
      for (const [m, u] of [['GET', '/health'], ['POST', '/pair'], ['POST', '/replication/:collection/push'], ['GET', '/replication/stream'], ['POST', '/api/cards/:cardId/revoke'], ['PUT', '/admin/patrons/:id'], ['POST', '/admin/devices/:id/revoke'], ['GET', '/cards/:cardId']]) {
        expect(has(m!, u!), `${m} ${u}`).toBe(true);
      }
      expect(routes.length).toBeGreaterThan(20);
    });

    it('0 responses 5xx on every route; the service still answers, and a poisoned desk\'s clean events are applied', async () => {
      const tokens = () => fc.constantFrom<string | undefined>(svc.adminToken, staff.token, kiosk.token, undefined, 'rdt_forged%00', `rdt_${'x'.repeat(43)}`);
      const fiveHundreds: string[] = [];
      let applied = 0;
      let n = 0;
      let tries = 0;
      for (const route of routes) {
        // The live stream never ends by itself: one request with a bad token is enough for it (it is a GET without a body).
        const runs = route.url === '/replication/stream' ? 1 : isPushRoute(route) ? 4 * RUNS_PER_ROUTE : RUNS_PER_ROUTE;
        const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const isPush = isPushRoute(route);
        await fc.assert(fc.asyncProperty(
          fc.array(fc.oneof(text, fc.constantFrom('events', cardId, A, 'consortium', 'dev-1')), { minLength: params.length, maxLength: params.length }),
          fc.dictionary(fc.oneof(fc.constantFrom('seq', 'limit', 'k', 'q', 'from', 'to'), text), text, { maxKeys: 3 }),
          fc.oneof(genericBody, fc.constant(undefined), text),
          fc.constantFrom(...STAFF_EVENT_TYPES), nasty, fc.nat(20),
          route.url === '/replication/stream' ? fc.constant(undefined) : tokens(),
          async (values, query, body, eventType, bad, pick, token) => {
            let path = route.url;
            params.forEach((p, i) => { path = path.replace(`:${p}`, encodeAny(values[i]!)); });
            // Most push runs go to the one collection that takes pushes, so the poisoned events reach the applier.
            if (isPush && tries++ % 4 !== 0) path = '/replication/events/push';
            const qs = Object.entries(query).map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&');
            let sendBody: unknown = ['GET', 'DELETE'].includes(route.method) ? undefined : body;
            let clean: { id: string } | null = null;
            if (path === '/replication/events/push') {
              // A staff desk's push: one event made unstorable at a random string, one clean event beside it.
              token = staff.token;
              const tag = `fz${n++}`;
              // Half the time in a free-text field the schema allows (a note, a title), else anywhere in a payload.
              const poisoned = n % 2 === 0
                ? staff.event('request.created', { requestId: `req-${tag}`, patronId: 'pat-1', lenderLibraryId: 'NPTU', neededBy: null, note: bad, item: { barcode: `3500000${n.toString().padStart(7, '0')}`, title: bad, author: '', callNumber: '', location: '', parts: 1 } })
                : { ...staff.event(eventType, samplePayload(eventType, A, tag)), payload: inject(samplePayload(eventType, A, tag), bad, pick) };
              clean = staff.event('request.pull_slip_printed', { requestIds: [`req-${tag}`] });
              sendBody = [{ newDocumentState: poisoned }, { newDocumentState: clean }];
            }
            const res = await fetch(`${svc.url}${path}${qs ? `?${qs}` : ''}`, {
              method: route.method,
              headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(sendBody !== undefined ? { 'content-type': 'application/json' } : {}) },
              ...(sendBody !== undefined ? { body: JSON.stringify(sendBody) } : {}),
              signal: AbortSignal.timeout(10_000),
            });
            const answer = await res.text();
            if (res.status >= 500) fiveHundreds.push(`${route.method} ${path} → ${res.status} ${answer.slice(0, 200)}`);
            if (clean && res.status === 200) {
              const results = (JSON.parse(answer) as { results: Array<{ id: string; status: string }> }).results;
              const mine = results.find((r) => r.id === clean!.id);
              // Rejected by the rules (no such request) is fine: it was applied or rejected on its own, not failed with the poisoned one.
              expect(mine?.status === 'applied' || mine?.status === 'rejected').toBe(true);
              applied++;
            }
          },
        ), { numRuns: runs });
      }
      expect(fiveHundreds).toEqual([]);
      expect(applied).toBeGreaterThan(0);
      // The service answers, and the fuzzed desk still syncs: a clean push is applied, a pull returns it.
      expect((await http(svc.url, 'GET', '/health')).status).toBe(200);
      const after = await staff.push('request.created', { requestId: 'req-after-fuzz', patronId: 'pat-1', lenderLibraryId: 'NPTU', neededBy: null, note: '𠮷', item: { barcode: '31000000009999', title: '𠮷'.repeat(400), author: '', callNumber: '', location: '', parts: 1 } });
      expect(after.status).toBe('applied');
      const events = (await staff.pullAll<{ id: string }>('events')).documents;
      expect(events.length).toBeGreaterThan(applied);
    }, 120_000);
  });
}
