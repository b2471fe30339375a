// Nothing a browser or an attacker sends to the portal answers 5xx: every
// portal route, signed in (cookie and CSRF token) and not, gets fast-check
// generated bodies (malformed JSON, wrong types, NUL, lone surrogates, 𠮷 at
// the cut limits, huge strings), path ids and query strings. Each refusal is
// a 4xx with an error code; afterwards the patron's session still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { PORTAL_PATHS, portalPath } from '#shared/portal/wire';
import { call, loadPortalCatalogue, Patron, type Answer } from './support/portal-client';

const PASSWORD = 'correct horse battery';
const RUNS = 30;
const LIMITS = [40, 64, 100, 200, 254, 300, 500];

const nasty: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...LIMITS), fc.constantFrom(-1, 0, 1), fc.constantFrom('\u0000', '\uD842', '\uDFB7', '𠮷', '|', '\r\n', '"', '%00'), fc.constantFrom('x', '𠮷', '王'), fc.boolean())
  .map(([limit, delta, bad, fill, atEnd]) => {
    const body = fill.repeat(Math.max(0, limit + delta - 1));
    return atEnd ? body + bad : bad + body;
  });
const huge = fc.constantFrom('a'.repeat(100_000), '𠮷'.repeat(30_000));
const short = fc.oneof(fc.constantFrom('\u0000', '\uD842', '𠮷', '', ' ', 'NPTU', '2099-02-30', 'null'), fc.string({ maxLength: 8, unit: 'binary' }));
const text = fc.oneof(nasty, short, huge);
const anyValue = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.dictionary(text, text, { maxKeys: 2 }));

/** A body shaped like the route's own, with one field replaced (or added) by something wrong. */
const bodyLike = (base: Record<string, unknown>) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(base)), anyValue).map(([k, v]) => ({ ...base, [k]: v })),
    fc.tuple(text, anyValue).map(([k, v]) => ({ ...base, [k]: v })),
    anyValue,
  );
const rawJson = fc.constantFrom('{', '{"a":', 'not json', '[1,2', '{"workId":"\\ud800"}', '{"account":"\\u0000"}', '"just a string"', '', '{}'.repeat(3));

function encodeAny(s: string): string {
  return s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    return encodeURIComponent(ch);
  });
}

function expectClean(what: string, r: Answer): void {
  expect([what, r.status < 500]).toEqual([what, true]);
  if (r.status >= 400) expect([what, typeof (r.body as { error?: { code?: unknown } }).error?.code]).toEqual([what, 'string']);
}

for (const backend of await backends()) {
  describe(`portal routes fuzzed (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let patron: Patron;
    let workId: string;

    beforeAll(async () => {
      svc = await startTestService(backend, { trustProxy: '127.0.0.1' });
      const admin = new AdminClient(svc.url, svc.adminToken);
      workId = (await loadPortalCatalogue(admin)).statsWork;
      await admin.patron('p-fuzz', 'NPTU', '21020000111113');
      await admin.call('POST', '/admin/portal/passwords', { patronId: 'p-fuzz', password: PASSWORD });
      patron = new Patron(svc.url);
      expect((await patron.signIn('NPTU', '21020000111113', PASSWORD)).status).toBe(200);
    }, 60_000);
    afterAll(async () => svc?.dispose());

    const send = (method: string, path: string, body: { json?: unknown; raw?: string }, signedIn: boolean) =>
      call(svc.url, method, path, { ...(signedIn ? { cookie: patron.cookie, csrf: patron.csrf } : {}), ...(body.raw !== undefined ? { raw: body.raw } : { body: body.json }), headers: { 'x-forwarded-for': `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });

    const bodies: Array<[string, string, Record<string, unknown>]> = [
      ['POST', PORTAL_PATHS.session, { libraryId: 'NPTU', account: '21020000111113', password: 'wrong password' }],
      ['POST', PORTAL_PATHS.requests, { workId: 'w-x', pickupLibraryId: 'NPTU', neededBy: '2099-01-01', note: '' }],
      ['PUT', PORTAL_PATHS.preferences, { email: 'a@b.tw', language: 'en', kinds: { overdue: true } }],
      ['POST', '/admin/portal/passwords', { patronId: 'p-fuzz', password: 'x' }],
      ['PUT', '/admin/portal/sip2/NPTU', { host: 'h', port: 1 }],
    ];

    it('bodies: malformed JSON, wrong types, unstorable and huge strings → 4xx with a code, signed in or not', async () => {
      for (const [method, path, base] of bodies) {
        for (const signedIn of [true, false]) {
          await fc.assert(fc.asyncProperty(fc.oneof(bodyLike(base).map((json) => ({ json })), rawJson.map((raw) => ({ raw }))), async (b) => {
            expectClean(`${method} ${path}`, await send(method, path, b, signedIn));
          }), { numRuns: RUNS });
        }
      }
    }, 240_000);

    it('ids in paths and query strings: 4xx with a code, never 5xx', async () => {
      const idRoutes: Array<[string, string]> = [['GET', PORTAL_PATHS.request], ['POST', PORTAL_PATHS.cancel], ['POST', PORTAL_PATHS.renewal]];
      await fc.assert(fc.asyncProperty(fc.constantFrom(...idRoutes), text, fc.boolean(), async ([method, template], id, signedIn) => {
        const path = template.replace(':id', encodeAny(id));
        expectClean(`${method} ${template}`, await send(method, path, {}, signedIn));
      }), { numRuns: RUNS * 3 });
      await fc.assert(fc.asyncProperty(fc.constantFrom(PORTAL_PATHS.search, PORTAL_PATHS.rules, PORTAL_PATHS.account, PORTAL_PATHS.libraries, PORTAL_PATHS.me), fc.constantFrom('q', 'field', 'page', 'x'), text, async (path, key, value) => {
        expectClean(`GET ${path}`, await send('GET', `${path}?${key}=${encodeAny(value)}`, {}, true));
      }), { numRuns: RUNS * 3 });
      expectClean('GET /admin/portal/sip2/:libraryId', await call(svc.url, 'GET', `/admin/portal/sip2/${encodeAny('\uD842x')}`));
    }, 240_000);

    it('afterwards the session still works and a clean request is placed', async () => {
      expect((await patron.get(PORTAL_PATHS.me)).status).toBe(200);
      const placed = await patron.send('POST', PORTAL_PATHS.requests, { workId, pickupLibraryId: 'NPTU' });
      expect([201, 409]).toContain(placed.status);
      expectClean('GET requests', await patron.get(PORTAL_PATHS.requests));
      expect((await patron.get(portalPath(PORTAL_PATHS.request, 'x'.repeat(65)))).body.error.code).toBe('VALIDATION_FAILED');
    });
  });
}
