// The notice routes under generated input (fast-check): query strings, path
// ids and bodies near and far from valid, with NUL, lone surrogates, 𠮷,
// CR/LF in headers-to-be, wrong types and unknown fields. Every answer is a
// 2xx or a 4xx with an error code; never a 5xx. Afterwards a valid template
// still renders and the service still answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backends } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { NOTICE_KINDS } from '#shared/portal/wire';
import { QUIET, startNoticeService } from './support/flow';
import { templateProblem } from '#server/notices/templates';

const RUNS = 150;

const nasty = fc.constantFrom('\u0000', '\uD842', '𠮷', 'a\r\nBcc: x@y.z', '{{title}}', '{{ nope }}', '{{', '%00', '"', "'; drop table notices; --", '', ' ', 'NKUST', '*', 'x'.repeat(300), '王'.repeat(5001));
const text = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ maxLength: 10, unit: 'binary' }));
const anyJson: fc.Arbitrary<unknown> = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.dictionary(text, text, { maxKeys: 3 }));
const kind = fc.oneof(fc.constantFrom(...NOTICE_KINDS), text);
const language = fc.oneof(fc.constantFrom('zh-TW', 'en'), text);
const library = fc.oneof(fc.constantFrom('NKUST', 'NPTU', null, '*', 'nkust', 'TOOLONGLIBRARYCODE1'), text);

/** A template body: mostly well-formed with one field off, sometimes anything at all. */
const templateBody = fc.oneof(
  fc.record({ libraryId: library, kind, language, subject: text, body: text }, { requiredKeys: [] }),
  fc.record({ libraryId: library, kind, language, subject: text, body: text, extra: anyJson }),
  anyJson,
);
const prefsBody = fc.oneof(
  fc.record({ email: fc.oneof(fc.emailAddress(), text, fc.constant(null)), language, kinds: fc.oneof(fc.dictionary(kind, fc.oneof(fc.boolean(), anyJson), { maxKeys: 3 }), anyJson) }, { requiredKeys: [] }),
  anyJson,
);
const senderBody = fc.oneof(fc.record({ fromName: text, fromAddress: fc.oneof(fc.emailAddress(), text) }, { requiredKeys: [] }), anyJson);

/** Percent-encode, lone surrogates included (as a broken client would send their bytes). */
const enc = (s: string) => s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g, (ch) => {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  return encodeURIComponent(ch);
});
const query = fc.dictionary(fc.constantFrom('state', 'patronId', 'requestId', 'libraryId', 'before', 'limit', 'kind', 'language', 'x'), fc.oneof(text, fc.constantFrom('queued', 'sent', 'failed', 'skipped', '0', '1001', '-1', '1e3')), { maxKeys: 4 })
  .map((q) => (Object.keys(q).length === 0 ? '' : `?${Object.entries(q).map(([k, v]) => `${k}=${enc(v)}`).join('&')}`));

for (const backend of await backends()) {
  describe(`notice routes fuzzed on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startNoticeService>>;
    let admin: AdminClient;
    let staff: DeskClient;
    let kiosk: DeskClient;
    let requestId: string;

    beforeAll(async () => {
      svc = await startNoticeService(backend, QUIET);
      admin = new AdminClient(svc.url, svc.adminToken);
      staff = await admin.pairDesk('NKUST');
      kiosk = await admin.pairDesk('NKUST', 'kiosk');
      await admin.patron('p-1', 'NKUST', '2001000012345');
      requestId = (await admin.request('NKUST', 'NPTU', 'p-1', '31234000000017')).id;
      await svc.notices.consume();
    });
    afterAll(async () => svc?.dispose());

    const no5xx = async (method: string, path: string, token: string | undefined, body?: unknown) => {
      const res = await http<{ error?: { code: string } }>(svc.url, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
      expect(res.status, `${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
      if (res.status >= 400) expect(typeof res.body.error?.code).toBe('string');
      return res;
    };

    it('admin reads and retries: 4xx for bad input, never 5xx', async () => {
      await fc.assert(fc.asyncProperty(query, fc.oneof(text, fc.constantFrom('01ARZ3NDEKTSV4RRFFQ69G5FAV')), async (q, id) => {
        await no5xx('GET', `/admin/notices${q}`, svc.adminToken);
        await no5xx('GET', `/admin/notices/templates${q}`, svc.adminToken);
        await no5xx('DELETE', `/admin/notices/templates${q}`, svc.adminToken);
        await no5xx('POST', `/admin/notices/${enc(id)}/retry`, svc.adminToken);
        await no5xx('GET', `/admin/notices/contacts/${enc(id)}`, svc.adminToken);
      }), { numRuns: RUNS });
    });

    it('admin writes (templates, senders, contacts): 4xx for bad input, never 5xx, and nothing unsafe stored', async () => {
      await fc.assert(fc.asyncProperty(templateBody, senderBody, prefsBody, fc.oneof(text, fc.constantFrom('NKUST', 'p-1')), async (t, s, p, id) => {
        const put = await no5xx('PUT', '/admin/notices/templates', svc.adminToken, t);
        // A saved template has only known, whole placeholders and no control characters.
        if (put.status === 200) {
          const saved = put.body as unknown as { subject: string; body: string };
          expect(templateProblem(saved.subject, true)).toBeNull();
          expect(templateProblem(saved.body, false)).toBeNull();
        }
        await no5xx('PUT', `/admin/notices/senders/${enc(id)}`, svc.adminToken, s);
        await no5xx('PUT', `/admin/notices/contacts/${enc(id)}`, svc.adminToken, p);
      }), { numRuns: RUNS });
      const { rows } = await svc.db.query<{ n: string }>(`select count(*)::text as n from notice_senders where from_name ~ '[\\r\\n]'`);
      expect(rows[0]!.n).toBe('0');
    });

    it('the desk route answers only parties, never 5xx, never an address', async () => {
      await fc.assert(fc.asyncProperty(query, fc.constantFrom<'staff' | 'kiosk' | 'none' | 'admin' | 'bogus'>('staff', 'kiosk', 'none', 'admin', 'bogus'), async (q, who) => {
        const token = { staff: staff.token, kiosk: kiosk.token, none: undefined, admin: svc.adminToken, bogus: 'rdt_bogus' }[who];
        const res = await no5xx('GET', `/api/notices${q}`, token);
        expect(JSON.stringify(res.body)).not.toContain('@');
      }), { numRuns: RUNS });
      const ok = await no5xx('GET', `/api/notices?requestId=${requestId}`, staff.token);
      expect(ok.status).toBe(200);
    });

    it('still answers and still renders after the fuzzing', async () => {
      await admin.call('DELETE', '/admin/notices/templates?libraryId=NKUST&kind=request_received&language=zh-TW').catch(() => undefined);
      expect((await http(svc.url, 'GET', '/health')).status).toBe(200);
      expect((await admin.call<{ smtp: { configured: boolean } }>('GET', '/admin/notices/status')).smtp.configured).toBe(false);
    });
  });
}
