// Nothing a client sends may produce a 500: every refusal is a 4xx with a
// stable error.code and a message, on every backend. Hand-picked bad input
// for each endpoint, then fast-check properties with arbitrary JSON values and
// strings as bodies; the service must keep answering /health throughout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient, type HttpResult } from '#test/support/client';
import { expectError, expectErrorShape, healthSeq, pairOnDb, type ErrorShape } from './access-fixtures';

type Svc = Awaited<ReturnType<typeof startTestService>>;
const A = 'NKUST';
const PUSH = '/replication/events/push';
const NUM_RUNS = 100;

const isEmptyArray = (v: unknown) => Array.isArray(v) && v.length === 0;
const parsesTo = (s: string): { ok: boolean; value?: unknown } => {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch {
    return { ok: false };
  }
};

for (const backend of await backends()) {
  describe(`bad input on ${backend}`, () => {
    let svc: Svc;
    let admin: AdminClient;
    let staff: DeskClient;
    let kiosk: DeskClient;
    let library: Record<string, unknown>;
    const patron = { homeLibraryId: A, cardNumbers: ['2001000000001'], name: '王小明', status: 'active', expiresOn: '2099-12-31', blocks: [] };
    const requestBody = { borrowerLibraryId: A, lenderLibraryId: 'NPTU', patronId: 'pat-1', item: { barcode: '31234000000017', title: 't', author: '', callNumber: '', location: '', parts: 1 } };

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      staff = await pairOnDb(svc, A, 'staff');
      kiosk = await pairOnDb(svc, A, 'kiosk');
      await admin.patron('pat-1', A, '2001000000001');
      const lib = (await admin.record<Record<string, unknown>>('libraries', A))!;
      const { id: _id, updatedAt: _u, ...rest } = lib;
      library = rest;
    });
    afterAll(async () => svc?.dispose());
    afterEach(async () => {
      // Whatever the test sent, the service still answers.
      if (svc) await healthSeq(svc.url);
    });

    const asAdmin = (method: string, path: string, opts: { body?: unknown; rawBody?: string; contentType?: string } = {}) => http(svc.url, method, path, { token: svc.adminToken, ...opts });
    const push = (opts: { body?: unknown; rawBody?: string; contentType?: string }, token = staff.token) => http(svc.url, 'POST', PUSH, { token, ...opts });
    const pushDocs = (docs: unknown[]) => push({ body: docs.map((d) => ({ newDocumentState: d })) });
    const valid = (overrides: Record<string, unknown> = {}) => staff.event('loan.renewed', { loanId: 'no-such-loan' }, overrides);
    /** A request.created the rules run all the way through (the patron and both libraries exist). */
    const fullyChecked = (overrides: Record<string, unknown> = {}) =>
      staff.event('request.created', { requestId: `req-${randomBytes(6).toString('hex')}`, patronId: 'pat-1', lenderLibraryId: 'NPTU', item: requestBody.item, neededBy: null, note: '' }, overrides);
    /** The JSON-body endpoints, each with the token it needs. */
    const bodyEndpoints = (): Array<[string, string, string]> => [
      ['POST', PUSH, staff.token],
      ['PUT', `/admin/libraries/${A}`, svc.adminToken],
      ['PUT', '/admin/policies/consortium', svc.adminToken],
      ['PUT', '/admin/patrons/pat-1', svc.adminToken],
      ['POST', '/admin/requests', svc.adminToken],
      ['POST', '/admin/pairing-codes', svc.adminToken],
    ];

    /** The refusal, and nothing written. */
    async function refused(send: () => Promise<HttpResult>, status: number, code?: string, message?: RegExp): Promise<HttpResult> {
      const seq = await healthSeq(svc.url);
      const res = await send();
      expectError(res, status, code);
      if (message) expect((res.body as ErrorShape).error.message).toMatch(message);
      expect(await healthSeq(svc.url), `a refused request wrote something: ${JSON.stringify(res.body)}`).toBe(seq);
      return res;
    }
    /** A refusal by the rules (422): the administrator's rejected event is kept as a record, and nothing else changes. */
    async function ruledOut(send: () => Promise<HttpResult>, code: string): Promise<void> {
      const seq = await healthSeq(svc.url);
      const res = await send();
      expectError(res, 422, code);
      expect(await healthSeq(svc.url)).toBeLessThanOrEqual(seq + 1);
    }

    it('a valid push is accepted (the baseline every case below breaks)', async () => {
      const res = await pushDocs([valid()]);
      expect(res.status).toBe(200);
      expect((await pushDocs([valid({ _deleted: false })])).status).toBe(200);
    });

    describe('bodies', () => {
      it('malformed JSON → 400 MALFORMED_BODY on every JSON endpoint', async () => {
        const bad = ['{', '[{"newDocumentState":', 'nul', '{"a":1,}', "{'a':1}", '[1,2,,3]', 'NaN', '"unterminated', '{"a":1}}', '\u0000', '[]]', '{"__proto__":{"polluted":1}}'];
        for (const [method, path, token] of bodyEndpoints()) {
          for (const rawBody of bad) await refused(() => http(svc.url, method, path, { token, rawBody }), 400, 'MALFORMED_BODY');
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      });

      it('constructor.prototype keys are harmless: refused 400 like any other unknown field', async () => {
        const rawBody = '{"constructor":{"prototype":{"polluted":1}}}';
        for (const [method, path, token] of bodyEndpoints()) {
          const res = await http(svc.url, method, path, { token, rawBody });
          if (path === '/admin/policies/consortium') continue; // unknown policy fields: see the dedicated test below
          expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(400);
          expectErrorShape(res);
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      });

      it('wrong content types → 415 UNSUPPORTED_MEDIA_TYPE (or 400 when the type parses as text)', async () => {
        const body = JSON.stringify([{ newDocumentState: valid() }]);
        for (const [method, path, token] of bodyEndpoints()) {
          for (const contentType of ['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json', 'application/jsonx', 'application/octet-stream', 'image/png']) {
            await refused(() => http(svc.url, method, path, { token, rawBody: body, contentType }), 415, 'UNSUPPORTED_MEDIA_TYPE');
          }
          // text/plain has a parser: the body arrives as a string, which no endpoint accepts.
          await refused(() => http(svc.url, method, path, { token, rawBody: body, contentType: 'text/plain' }), 400, 'VALIDATION_FAILED');
        }
      });

      it('empty bodies → 400 EMPTY_BODY (JSON declared) or 400 VALIDATION_FAILED (no body at all)', async () => {
        for (const [method, path, token] of bodyEndpoints()) {
          await refused(() => http(svc.url, method, path, { token, rawBody: '' }), 400, 'EMPTY_BODY');
          await refused(() => http(svc.url, method, path, { token }), 400, 'VALIDATION_FAILED');
          await refused(() => http(svc.url, method, path, { token, body: null }), 400, 'VALIDATION_FAILED');
        }
      });

      it('bodies over 1 MiB → 413 BODY_TOO_LARGE; a large body under the limit is an ordinary 400', async () => {
        const huge = JSON.stringify([{ newDocumentState: valid({ reason: 'x'.repeat(1_100_000) }) }]);
        for (const [method, path, token] of bodyEndpoints()) {
          await refused(() => http(svc.url, method, path, { token, rawBody: huge }), 413, 'BODY_TOO_LARGE');
        }
        const big = [{ newDocumentState: valid({ payload: { loanId: 'x'.repeat(1_000_000) } }) }];
        expect(JSON.stringify(big).length).toBeLessThan(1_048_576);
        await refused(() => push({ body: big }), 400, 'VALIDATION_FAILED', /payload\/loanId/);
      });

      it('a push of more than 500 rows → 413 TOO_MANY_ROWS and nothing applied; exactly 500 is accepted', async () => {
        await refused(() => push({ body: Array.from({ length: 501 }, () => ({})) }), 413, 'TOO_MANY_ROWS');
        const rows = Array.from({ length: 501 }, () => valid());
        await refused(() => pushDocs(rows), 413, 'TOO_MANY_ROWS');
        await refused(() => push({ body: Array.from({ length: 100_000 }, () => 0) }), 413, 'TOO_MANY_ROWS');
        const ok = await pushDocs(rows.slice(0, 500));
        expect(ok.status).toBe(200);
        expect((ok.body as { results: unknown[] }).results).toHaveLength(500);
      });

      it('push bodies that are not arrays of {newDocumentState} rows → 400 VALIDATION_FAILED', async () => {
        const bodies: unknown[] = [
          { newDocumentState: valid() }, 'text', 42, true, {}, [{}], [{ assumedMasterState: valid() }], [null], [1], ['x'], [[]],
          [{ newDocumentState: null }], [{ newDocumentState: [] }], [{ newDocumentState: 'x' }], [{ newDocumentState: valid() }, { newdocumentstate: valid() }],
        ];
        for (const body of bodies) await refused(() => push({ body }), 400, 'VALIDATION_FAILED');
      });
    });

    describe('events', () => {
      it('unknown event types → 400 VALIDATION_FAILED naming /type', async () => {
        for (const type of ['foo', 'library.deleted', 'LOAN.STARTED', 'loan.started ', '', 123, null, true, [], {}, '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
          await refused(() => pushDocs([valid({ type })]), 400, 'VALIDATION_FAILED', /\/type/);
        }
        const { type: _t, ...withoutType } = valid();
        await refused(() => pushDocs([withoutType]), 400, 'VALIDATION_FAILED', /\/type/);
      });

      it('wrong field types and missing fields → 400 VALIDATION_FAILED', async () => {
        const mutations: Array<Record<string, unknown>> = [
          { id: 123 }, { id: null }, { deviceId: ['x'] }, { deviceId: null }, { libraryId: {} }, { libraryId: 7 }, { hlc: 5 }, { hlc: null },
          { at: 5 }, { at: null }, { payload: 'x' }, { payload: null }, { payload: [] }, { payload: 5 }, { status: true }, { status: null },
          { reason: null }, { reason: 0 }, { payload: { loanId: 5 } }, { payload: { loanId: null } }, { payload: {} },
        ];
        for (const m of mutations) await refused(() => pushDocs([valid(m)]), 400, 'VALIDATION_FAILED');
        for (const field of ['id', 'deviceId', 'libraryId', 'hlc', 'at', 'payload', 'status', 'reason']) {
          const doc: Record<string, unknown> = valid();
          delete doc[field];
          await refused(() => pushDocs([doc]), 400, 'VALIDATION_FAILED');
        }
        const typed: Array<[Parameters<DeskClient['event']>[0], Record<string, unknown>]> = [
          ['request.pull_slip_printed', { requestIds: 'r-1' }],
          ['request.pull_slip_printed', { requestIds: [] }],
          ['request.pull_slip_printed', { requestIds: [1] }],
          ['request.created', { ...fullyChecked().payload, item: { ...requestBody.item, parts: '1' } }],
          ['request.created', { ...fullyChecked().payload, item: { ...requestBody.item, parts: 0 } }],
          ['request.created', { ...fullyChecked().payload, neededBy: '31/12/2099' }],
          ['request.created', { ...fullyChecked().payload, lenderLibraryId: 'nptu' }],
          ['item.received', { itemBarcode: '1', parcelId: 5, ownerLibraryId: null, holdId: 'h' }],
          ['parcel.dispatched', { parcelId: 'p', courier: '', trackingNumber: 't' }],
          ['loan.started', { loanId: 'l 1', holdId: 'h', patronId: 'p' }],
        ];
        for (const [type, payload] of typed) await refused(() => pushDocs([staff.event(type, payload as never)]), 400, 'VALIDATION_FAILED', /\/payload/);
      });

      it('extra fields in the envelope or the payload → 400 VALIDATION_FAILED naming the field', async () => {
        await refused(() => pushDocs([valid({ extra: 1 })]), 400, 'VALIDATION_FAILED', /extra/);
        await refused(() => pushDocs([valid({ _meta: { lwt: 1 } })]), 400, 'VALIDATION_FAILED');
        await refused(() => pushDocs([valid({ payload: { loanId: 'x', extra: 1 } })]), 400, 'VALIDATION_FAILED', /extra/);
        await refused(() => pushDocs([fullyChecked({ payload: { ...fullyChecked().payload, item: { ...requestBody.item, isbn: '978' } } })]), 400, 'VALIDATION_FAILED', /isbn/);
        await refused(() => pushDocs([valid({ _deleted: true })]), 400, 'VALIDATION_FAILED', /deleted/);
      });

      it('oversized strings and arrays → 400 VALIDATION_FAILED', async () => {
        const long = (n: number) => 'x'.repeat(n);
        const cases: Array<Record<string, unknown>> = [
          valid({ id: `${valid()['id'] as string}0` }),
          valid({ deviceId: long(65) }),
          valid({ libraryId: long(17) }),
          valid({ hlc: `000000000000001:0000:${long(70)}` }),
          valid({ at: long(41) }),
          valid({ reason: long(41) }),
          staff.event('fine.waived', { fineId: 'f', reason: long(301) }),
          staff.event('request.cancelled', { requestId: long(65), reason: 'r' }),
          fullyChecked({ payload: { ...fullyChecked().payload, note: long(501) } }),
          fullyChecked({ payload: { ...fullyChecked().payload, item: { ...requestBody.item, title: long(401) } } }),
          fullyChecked({ payload: { ...fullyChecked().payload, item: { ...requestBody.item, barcode: long(65) } } }),
          staff.event('parcel.dispatched', { parcelId: 'p', courier: long(81), trackingNumber: 't' }),
          staff.event('request.pull_slip_printed', { requestIds: Array.from({ length: 501 }, (_, i) => `r-${i}`) }),
          valid({ payload: { loanId: '漢'.repeat(100) } }),
        ];
        for (const doc of cases) await refused(() => pushDocs([doc]), 400, 'VALIDATION_FAILED');
      });

      it('ids that are not ULIDs → 400 VALIDATION_FAILED naming /id', async () => {
        const good = valid()['id'] as string;
        for (const id of [good.toLowerCase(), good.slice(1), `${good}A`, `${good.slice(0, 25)}I`, `${good.slice(0, 25)}L`, `${good.slice(0, 25)}O`, `${good.slice(0, 25)}U`, '', `${good.slice(0, 13)}-${good.slice(14)}`, '０'.repeat(26), ' '.repeat(26)]) {
          await refused(() => pushDocs([valid({ id })]), 400, 'VALIDATION_FAILED', /\/id/);
        }
      });

      it('malformed hybrid logical clocks → 400 VALIDATION_FAILED naming /hlc', async () => {
        const node = staff.deviceId;
        for (const hlc of ['', '123', `000000000000001:0000:`, `00000000000001:0000:${node}`, `0000000000000001:0000:${node}`, `000000000000001:FFFF:${node}`, `000000000000001:000:${node}`, `000000000000001-0000-${node}`, `000000000000001:0000:${'n'.repeat(65)}`, `000000000000001:0000:a\nb`, `abcdefghijklmno:0000:${node}`]) {
          await refused(() => pushDocs([valid({ hlc })]), 400, 'VALIDATION_FAILED', /\/hlc/);
        }
      });

      it('a desk pushes events as pending only → 400 VALIDATION_FAILED naming /status', async () => {
        for (const status of ['applied', 'rejected', 'done', '', 'PENDING']) {
          await refused(() => pushDocs([valid({ status })]), 400, 'VALIDATION_FAILED', /\/status/);
        }
      });

      it('an unparseable or out-of-range event time `at` is a 4xx, not a 500', async () => {
        const failures: string[] = [];
        for (const at of ['garbage', '', '2024-02-30T25:61:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z']) {
          const res = await pushDocs([fullyChecked({ at })]);
          if (res.status >= 500 || (res.status !== 200 && (res.status < 400 || !(res.body as ErrorShape | null)?.error?.code))) failures.push(`at=${JSON.stringify(at)} → ${res.status} ${JSON.stringify(res.body)}`);
        }
        expect(failures, 'push of request.created with these `at` values').toEqual([]);
      });

      it('a kiosk gets the same validation before any rule: never a 500', async () => {
        await refused(() => push({ body: [{ newDocumentState: { ...kiosk.event('loan.started', { loanId: 'l', holdId: 'h', patronId: 'p' }), hlc: 'bad' } }] }, kiosk.token), 400, 'VALIDATION_FAILED');
        await refused(() => push({ rawBody: '{' }, kiosk.token), 400, 'MALFORMED_BODY');
      });
    });

    describe('routes and query strings', () => {
      it('unknown collections → 404 UNKNOWN_COLLECTION (pull, push, admin records)', async () => {
        for (const name of ['books', 'Events', 'event', 'patron', '__proto__', 'constructor', 'hasOwnProperty', 'toString', '%20', 'events%00', 'a'.repeat(199)]) {
          await refused(() => http(svc.url, 'GET', `/replication/${name}/pull`, { token: staff.token }), 404, 'UNKNOWN_COLLECTION');
          await refused(() => http(svc.url, 'POST', `/replication/${name}/push`, { token: staff.token, body: [] }), 404, 'UNKNOWN_COLLECTION');
          await refused(() => asAdmin('GET', `/admin/records/${name}`), 404, 'UNKNOWN_COLLECTION');
        }
        const res = await http(svc.url, 'GET', '/replication//pull', { token: staff.token });
        expectError(res, 404);
      });

      it('unknown routes and methods → 404 NOT_FOUND', async () => {
        const routes: Array<[string, string]> = [
          ['GET', '/'], ['GET', '/nope'], ['POST', '/health'], ['DELETE', '/me'], ['GET', '/replication/events'], ['GET', '/replication/events/pull/extra'],
          ['PUT', PUSH], ['GET', PUSH], ['POST', '/replication/events/pull'], ['DELETE', '/admin/libraries/NKUST'], ['GET', '/admin/nope'], ['GET', '/admin'],
          ['PATCH', '/admin/patrons/pat-1'], ['GET', `/${'x'.repeat(3000)}`], ['GET', '/pair'],
        ];
        for (const [method, path] of routes) {
          for (const token of [undefined, staff.token, svc.adminToken]) {
            await refused(() => http(svc.url, method, path, token ? { token } : {}), 404, 'NOT_FOUND');
          }
        }
      });

      it('bad query parameters → 400 VALIDATION_FAILED naming the parameter', async () => {
        const pull = (q: string) => http(svc.url, 'GET', `/replication/events/pull?${q}`, { token: staff.token });
        for (const q of ['seq=-1', 'seq=abc', 'seq=1.5', 'seq=1e3', 'seq=0x10', 'seq=%201', 'seq=9999999999999999', `seq=${'9'.repeat(5000)}`, 'seq=1&seq=2', 'seq=%00', 'seq=%']) {
          await refused(() => pull(q), 400, 'VALIDATION_FAILED', /\?seq/);
        }
        for (const q of ['limit=abc', 'limit=0', 'limit=-5', 'limit=99999', 'limit=1001', 'limit=1.0', 'limit=1&limit=2', 'limit=Infinity']) {
          await refused(() => pull(q), 400, 'VALIDATION_FAILED', /\?limit/);
        }
        for (const q of ['limit=5001', 'seq=-1', 'limit=abc']) await refused(() => asAdmin('GET', `/admin/records/patrons?${q}`), 400, 'VALIDATION_FAILED');
        // The boundaries themselves are fine.
        for (const q of ['seq=0', 'seq=', 'limit=1000', 'limit=1', 'seq=999999999999999', 'unknown=1']) expect((await pull(q)).status, q).toBe(200);
        expect((await asAdmin('GET', '/admin/records/patrons?limit=5000')).status).toBe(200);
      });

      it('path parameters within the router limit get ordinary refusals', async () => {
        await refused(() => asAdmin('PUT', `/admin/patrons/${'p'.repeat(65)}`, { body: patron }), 400, 'VALIDATION_FAILED');
        await refused(() => asAdmin('PUT', `/admin/patrons/${'p'.repeat(200)}`, { body: patron }), 400, 'VALIDATION_FAILED');
        await refused(() => asAdmin('PUT', `/admin/libraries/${'A'.repeat(200)}`, { body: library }), 400, 'VALIDATION_FAILED');
        await refused(() => asAdmin('POST', `/admin/devices/${'d'.repeat(200)}/revoke`), 404, 'UNKNOWN_DEVICE');
        await refused(() => asAdmin('PUT', '/admin/patrons/a%20b', { body: patron }), 400, 'VALIDATION_FAILED');
      });

      it('huge path parameters (over the 200-character router limit) get a 4xx with the error shape', async () => {
        const results: string[] = [];
        for (const [method, path, token] of [
          ['GET', `/replication/${'a'.repeat(201)}/pull`, staff.token],
          ['GET', `/replication/${'a'.repeat(5000)}/pull`, staff.token],
          ['PUT', `/admin/patrons/${'p'.repeat(5000)}`, svc.adminToken],
          ['POST', `/admin/devices/${'d'.repeat(1000)}/revoke`, svc.adminToken],
        ] as const) {
          const res = await http(svc.url, method, path, { token, ...(method === 'PUT' ? { body: patron } : {}) });
          const err = (res.body as Partial<ErrorShape> | null)?.error;
          if (res.status < 400 || res.status >= 500 || typeof err !== 'object' || typeof err?.code !== 'string') results.push(`${method} ${path.slice(0, 40)}… → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
        expect(results, 'responses without {error: {code, message}}').toEqual([]);
      });

      it('malformed percent-encoding in the path gets a 4xx with the error shape', async () => {
        for (const path of ['/replication/%E0%A4%A/pull', '/%', '/admin/patrons/%zz']) {
          const res = await http(svc.url, 'GET', path, { token: staff.token });
          expectErrorShape(res);
        }
      });

      it('a URL beyond the HTTP header limit (20 KB) gets a 4xx with the error shape', async () => {
        const res = await http(svc.url, 'GET', `/replication/events/pull?seq=${'1'.repeat(20_000)}`, { token: staff.token });
        expectErrorShape(res);
      });
    });

    describe('administrator bodies', () => {
      it('library codes: bad codes in the path or the body → 400 VALIDATION_FAILED', async () => {
        for (const id of ['nkust', 'N', 'NKUST-1', 'A'.repeat(17), '1ABC', '%E6%BC%A2%E5%AD%97', 'NKUST%20']) {
          await refused(() => asAdmin('PUT', `/admin/libraries/${id}`, { body: library }), 400, 'VALIDATION_FAILED', /\/id/);
        }
        for (const scope of ['nkust', 'X', 'consortium2']) await refused(() => asAdmin('PUT', `/admin/policies/${scope}`, { body: { loanLimit: 1 } }), 400, 'VALIDATION_FAILED', /\/scope/);
        for (const homeLibraryId of ['nkust', '', 5, null]) await refused(() => asAdmin('PUT', '/admin/patrons/pat-2', { body: { ...patron, homeLibraryId } }), 400, 'VALIDATION_FAILED', /homeLibraryId/);
        for (const libraryId of ['nkust', undefined, 7]) await refused(() => asAdmin('POST', '/admin/pairing-codes', { body: { libraryId, role: 'staff' } }), 400, 'VALIDATION_FAILED', /libraryId/);
        await refused(() => asAdmin('POST', '/admin/requests', { body: { ...requestBody, borrowerLibraryId: 'nkust' } }), 400, 'VALIDATION_FAILED', /borrowerLibraryId/);
      });

      it('libraries: missing, mistyped, out-of-range and unknown fields → 400', async () => {
        const { nameZh: _n, ...missing } = library;
        const bodies: unknown[] = [
          missing, { ...library, active: 'yes' }, { ...library, courierWeekdays: [7] }, { ...library, courierWeekdays: [1, 2, 3, 4, 5, 6, 0, 1] },
          { ...library, nameZh: '館'.repeat(81) }, { ...library, foo: 1 }, { ...library, updatedAt: 'x' }, [], null, 'NKUST', {},
        ];
        for (const body of bodies) await refused(() => asAdmin('PUT', `/admin/libraries/${A}`, { body }), 400, 'VALIDATION_FAILED');
      });

      it('policies: bad field values → 400 VALIDATION_FAILED; an unknown library → 422 UNKNOWN_LIBRARY', async () => {
        const bodies: unknown[] = [
          { loanLimit: -1 }, { loanLimit: 101 }, { loanLimit: 1.5 }, { loanLimit: '6' }, { loanLimit: null }, { closedWeekdays: [9] }, { closedWeekdays: [-1] },
          { closedWeekdays: 'sun' }, { closedDates: ['tomorrow'] }, { currency: 'NTD$' }, { currency: 'TW' }, { kioskReceipt: 'email' },
          { utcOffsetMinutes: 900 }, { kioskIdleSeconds: 5 }, { renewals: 11 }, [], 'x', 5,
        ];
        for (const body of bodies) await refused(() => asAdmin('PUT', '/admin/policies/consortium', { body }), 400, 'VALIDATION_FAILED');
        await refused(() => asAdmin('PUT', `/admin/policies/${A}`, { body: { closedWeekdays: [9] } }), 400, 'VALIDATION_FAILED', /closedWeekdays/);
        await ruledOut(() => asAdmin('PUT', '/admin/policies/ZZZZ', { body: { loanLimit: 1 } }), 'UNKNOWN_LIBRARY');
      });

      it('policies: unknown fields → 400 (not stored and replicated to every desk)', async () => {
        const res = await asAdmin('PUT', '/admin/policies/consortium', { body: { loanLimt: 3 } });
        const stored = await admin.record<{ fields: Record<string, unknown> }>('policies', 'consortium');
        expect(stored?.fields, 'the misspelt field was stored in the consortium policy').not.toHaveProperty('loanLimt');
        expectError(res, 400, 'VALIDATION_FAILED');
      });

      it('patrons: bad ids, values and unknown fields → 400; an unknown home library → 422 UNKNOWN_LIBRARY', async () => {
        const bodies: unknown[] = [
          { ...patron, cardNumbers: [] }, { ...patron, cardNumbers: '123' }, { ...patron, status: 'vip' }, { ...patron, expiresOn: '31/12/2099' },
          { ...patron, nationalId: 'A123456789' }, { ...patron, loanCount: 0 }, { ...patron, blocks: [{ code: 'other', note: '', since: '' }] },
          { ...patron, name: '名'.repeat(81) },
        ];
        for (const body of bodies) await refused(() => asAdmin('PUT', '/admin/patrons/pat-2', { body }), 400, 'VALIDATION_FAILED');
        await refused(() => asAdmin('PUT', '/admin/patrons/a%20b', { body: patron }), 400, 'VALIDATION_FAILED');
        await ruledOut(() => asAdmin('PUT', '/admin/patrons/pat-2', { body: { ...patron, homeLibraryId: 'ZZZZ' } }), 'UNKNOWN_LIBRARY');
      });

      it('requests: bad bodies → 400; rule refusals → 422 with the reason as the code', async () => {
        const { item: _i, ...noItem } = requestBody;
        const bodies: unknown[] = [
          { ...requestBody, borrowerLibraryId: undefined }, { ...requestBody, lenderLibraryId: undefined }, noItem, { ...requestBody, item: 'x' },
          { ...requestBody, extra: 1 }, { ...requestBody, requestId: 'a b' }, { ...requestBody, neededBy: 'soon' }, { ...requestBody, note: 'n'.repeat(501) },
        ];
        for (const body of bodies) await refused(() => asAdmin('POST', '/admin/requests', { body }), 400, 'VALIDATION_FAILED');
        await ruledOut(() => asAdmin('POST', '/admin/requests', { body: { ...requestBody, patronId: 'nobody' } }), 'UNKNOWN_PATRON');
        await ruledOut(() => asAdmin('POST', '/admin/requests', { body: { ...requestBody, lenderLibraryId: A } }), 'SAME_LIBRARY');
        await ruledOut(() => asAdmin('POST', '/admin/requests', { body: { ...requestBody, lenderLibraryId: 'ZZZZ' } }), 'UNKNOWN_LIBRARY');
        expect((await asAdmin('POST', '/admin/requests', { body: { ...requestBody, requestId: 'req-fixed-1' } })).status).toBe(200);
        await ruledOut(() => asAdmin('POST', '/admin/requests', { body: { ...requestBody, requestId: 'req-fixed-1' } }), 'DUPLICATE_ID');
      });

      it('pairing codes and devices: bad roles → 400, unknown library or device → 404', async () => {
        for (const role of ['admin', 'STAFF', '', 1, false]) await refused(() => asAdmin('POST', '/admin/pairing-codes', { body: { libraryId: A, role } }), 400, 'VALIDATION_FAILED', /role/);
        await refused(() => asAdmin('POST', '/admin/pairing-codes', { body: { libraryId: 'ZZZZ', role: 'staff' } }), 404, 'UNKNOWN_LIBRARY');
        await refused(() => asAdmin('POST', '/admin/devices/dev-nope/revoke'), 404, 'UNKNOWN_DEVICE');
      });

      it('pairing codes: an unknown (misspelt) field is refused rather than silently ignored', async () => {
        const before = Number((await svc.db.query<{ n: number | string }>('select count(*) as n from pairing_codes')).rows[0]!.n);
        const res = await asAdmin('POST', '/admin/pairing-codes', { body: { libraryId: A, rol: 'kiosk' } });
        const issued = res.status === 200 ? ' (a STAFF code was issued for a request that meant a kiosk)' : '';
        expect(res.status, `${JSON.stringify(res.body)}${issued}`).toBe(400);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(Number((await svc.db.query<{ n: number | string }>('select count(*) as n from pairing_codes')).rows[0]!.n)).toBe(before);
      });

      it('POST /pair: malformed and incomplete bodies → 400 (a handful only: the endpoint allows 10 a minute)', async () => {
        await refused(() => http(svc.url, 'POST', '/pair', { rawBody: '{' }), 400, 'MALFORMED_BODY');
        await refused(() => http(svc.url, 'POST', '/pair', { body: { code: 12345678, name: 'x' } }), 400, 'VALIDATION_FAILED', /code/);
        await refused(() => http(svc.url, 'POST', '/pair', { body: { code: '1234-5678' } }), 400, 'VALIDATION_FAILED', /name/);
        await refused(() => http(svc.url, 'POST', '/pair', { body: { code: '1234-5678', name: 'n'.repeat(81) } }), 400, 'VALIDATION_FAILED', /name/);
        await refused(() => http(svc.url, 'POST', '/pair', { body: { code: '1'.repeat(33), name: 'x' } }), 400, 'VALIDATION_FAILED', /code/);
      });
    });

    describe('properties (fast-check)', () => {
      const jsonValue = fc.jsonValue({ maxDepth: 4 });

      it('arbitrary JSON values pushed as bodies → 4xx {error: {code, message}}', async () => {
        await fc.assert(
          fc.asyncProperty(jsonValue, async (value) => {
            fc.pre(!isEmptyArray(value));
            expectErrorShape(await push({ rawBody: JSON.stringify(value) }));
          }),
          { numRuns: NUM_RUNS },
        );
        await healthSeq(svc.url);
      });

      it('arbitrary strings pushed as JSON bodies → 4xx {error: {code, message}}', async () => {
        await fc.assert(
          fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }), jsonValue.map((v) => JSON.stringify(v).slice(0, -1))), async (s) => {
            const parsed = parsesTo(s);
            fc.pre(!(parsed.ok && isEmptyArray(parsed.value)));
            expectErrorShape(await push({ rawBody: s }));
          }),
          { numRuns: NUM_RUNS },
        );
        await healthSeq(svc.url);
      });

      it('arbitrary rows (objects with a newDocumentState of any shape) → 4xx {error: {code, message}}', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(fc.record({ newDocumentState: jsonValue }), { minLength: 1, maxLength: 5 }), async (rows) => {
            expectErrorShape(await push({ body: rows }));
          }),
          { numRuns: NUM_RUNS },
        );
        await healthSeq(svc.url);
      });

      it('a valid event with one field replaced by an arbitrary value → 200 or a 4xx {error}, never a 500', async () => {
        const fields = ['id', 'deviceId', 'libraryId', 'hlc', 'at', 'type', 'payload', 'status', 'reason', 'payload.requestId', 'payload.patronId', 'payload.lenderLibraryId', 'payload.item', 'payload.item.parts', 'payload.neededBy', 'payload.note'];
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...fields), fc.oneof(jsonValue, fc.string({ maxLength: 40 })), async (field, value) => {
            const doc = fullyChecked() as unknown as Record<string, unknown>;
            const path = field.split('.');
            let target: Record<string, unknown> = doc;
            for (const key of path.slice(0, -1)) target = (target[key] = { ...(target[key] as Record<string, unknown>) });
            target[path.at(-1)!] = value;
            const res = await pushDocs([doc]);
            if (res.status !== 200) expectErrorShape(res);
          }),
          { numRuns: NUM_RUNS },
        );
        await healthSeq(svc.url);
      });

      it('arbitrary JSON values as administrator bodies (libraries, patrons, requests, pairing codes) → 4xx {error}', async () => {
        const endpoints: Array<[string, string]> = [['PUT', `/admin/libraries/${A}`], ['PUT', '/admin/patrons/pat-fuzz'], ['POST', '/admin/requests'], ['POST', '/admin/pairing-codes']];
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...endpoints), fc.oneof(jsonValue, fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 6 })), async ([method, path], value) => {
            expectErrorShape(await asAdmin(method, path, { rawBody: JSON.stringify(value) }));
          }),
          { numRuns: NUM_RUNS },
        );
        await healthSeq(svc.url);
      });

      it('arbitrary strings as administrator bodies → 4xx {error}', async () => {
        const endpoints: Array<[string, string]> = [['PUT', `/admin/libraries/${A}`], ['PUT', '/admin/patrons/pat-fuzz'], ['POST', '/admin/requests'], ['POST', '/admin/pairing-codes'], ['PUT', '/admin/policies/consortium']];
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...endpoints), fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 })), async ([method, path], s) => {
            const parsed = parsesTo(s);
            // {} is a valid (empty) policy change; every other object with keys is covered by the JSON-value properties.
            fc.pre(!(path.startsWith('/admin/policies') && parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)));
            expectErrorShape(await asAdmin(method, path, { rawBody: s }));
          }),
          { numRuns: NUM_RUNS },
        );
        await healthSeq(svc.url);
      });

      it('arbitrary JSON objects as policy changes → 4xx {error} (only known fields with valid values may pass)', async () => {
        await fc.assert(
          fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), jsonValue, { minKeys: 1, maxKeys: 4 }), async (value) => {
            expectErrorShape(await asAdmin('PUT', '/admin/policies/NUK', { body: value }));
          }),
          { numRuns: NUM_RUNS },
        );
        await healthSeq(svc.url);
      });
    });
  });

  describe(`rate limiting on ${backend}`, () => {
    let svc: Svc;
    beforeAll(async () => {
      svc = await startTestService(backend, { rateLimitPerMinute: 5 });
    });
    afterAll(async () => svc?.dispose());

    it('more requests than the limit → 429 RATE_LIMITED with a message, per address and per device token', async () => {
      const statuses: number[] = [];
      let last: HttpResult | null = null;
      for (let i = 0; i < 6; i++) {
        last = await http(svc.url, 'GET', '/health');
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expectError(last!, 429, 'RATE_LIMITED');
      expect((last!.body as ErrorShape).error.message).toMatch(/5/);

      // A paired desk has its own allowance, and then it too is limited.
      const desk = await pairOnDb(svc, A, 'staff');
      const deskStatuses: number[] = [];
      for (let i = 0; i < 6; i++) deskStatuses.push((await http(svc.url, 'GET', '/replication/libraries/pull', { token: desk.token })).status);
      expect(deskStatuses).toEqual([200, 200, 200, 200, 200, 429]);
      expectError(await http(svc.url, 'POST', PUSH, { token: desk.token, rawBody: '{' }), 429, 'RATE_LIMITED');
    });

    it('made-up bearer tokens do not each get a fresh allowance', async () => {
      const other = await startTestService(backend, { rateLimitPerMinute: 5 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) {
          statuses.push((await http(other.url, 'GET', '/me', { token: `rdt_${randomBytes(32).toString('base64url')}` })).status);
        }
        expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
        expect(statuses, 'each request with a different forged token escaped the limit').toContain(429);
      } finally {
        await other.dispose();
      }
    });
  });
}
