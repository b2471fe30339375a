// Bad sources and bad files, through the real service: a dead SRU endpoint,
// one that never answers, one that sends broken XML or something other than
// SRU, a CQL query the server refuses (Zebra's diagnostic); MARC files in
// MARC-8, with Big5 bytes, with broken UTF-8, cut short, or not XML. Each is
// a specific 4xx and is recorded on the source, per record where the file
// lets us tell; what can be read is indexed and the rest of the index keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import iconv from 'iconv-lite';
import { Marc } from 'marcjs';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import type { SearchResponse } from '#shared/catalogue/wire';
import type { HarvestReport, SourceView } from '#shared/catalogue/sources';
import { bib, nukRecords, RULE_949 } from './fixtures';
import { freePort, startZebra, zebraMissing, type Zebra } from './zebra';
import { data, rawRecord } from '#test/unit/catalogue/raw-marc';

const big5Book = (scheme: ' ' | 'a', id: string) => rawRecord(scheme, [
  ['001', Buffer.from(id)],
  ['245', data('10', ['a', iconv.encode('統計學：觀念與應用', 'big5')])],
  ['949', data('  ', ['a', 'NPTU'], ['l', 'MAIN'], ['c', '510 8345'], ['b', `B-${id}`], ['s', 'available'])],
]);

const missingZebra = await zebraMissing();
if (missingZebra) console.warn(`\n*** Zebra unavailable: ${missingZebra}. The SRU diagnostic case of the catalogue's bad-input tests is SKIPPED ***\n`);

type Svc = Awaited<ReturnType<typeof startTestService>>;

for (const backend of await backends()) {
  describe(`union catalogue bad input on ${backend}`, () => {
    let svc: Svc;
    let admin: AdminClient;
    let desk: DeskClient;
    let fake: Server;
    let fakeUrl: string;
    let zebra: Zebra | null = null;
    let fileSource: SourceView;

    const post = <T>(path: string, body?: unknown) => http<T>(svc.url, 'POST', path, { token: svc.adminToken, body });
    const sruSource = async (url: string, extra: Record<string, unknown> = {}) =>
      admin.call<SourceView>('POST', '/admin/catalogue/sources', { libraryId: 'NKUST', name: 'test', kind: 'sru', sru: { url, timeoutMs: 800, ...extra }, holdings: RULE_949 });
    const harvest = (id: string) => post<{ error: { code: string; message: string } }>(`/admin/catalogue/sources/${id}/harvest?wait=1`, { mode: 'full' });
    const upload = async (id: string, body: Buffer) => {
      const res = await fetch(`${svc.url}/admin/catalogue/sources/${id}/file`, { method: 'POST', headers: { authorization: `Bearer ${svc.adminToken}`, 'content-type': 'application/marc' }, body: new Uint8Array(body) });
      return { status: res.status, body: (await res.json()) as { status?: string; report?: HarvestReport; error?: { code: string; message: string; details?: { report: HarvestReport } } } };
    };
    const titles = async (q: string) => (await http<SearchResponse>(svc.url, 'GET', `/api/catalogue/search?q=${encodeURIComponent(q)}`, { token: desk.token })).body.works.map((w) => w.title);

    beforeAll(async () => {
      // A misbehaving "SRU server": the path picks the misbehaviour.
      fake = createServer((req, res) => {
        if (req.url!.startsWith('/silent')) return; // never answers
        if (req.url!.startsWith('/broken')) return void res.end('<?xml version="1.0"?><searchRetrieveResponse><numberOfRecords>3</numberOf');
        if (req.url!.startsWith('/html')) return void res.end('<html><body>OPAC maintenance</body></html>');
        res.statusCode = 500;
        res.end('Internal Server Error');
      });
      await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
      fakeUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
      if (!missingZebra) zebra = await startZebra(nukRecords());
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      desk = await admin.pairDesk('NUK');
      fileSource = await admin.call<SourceView>('POST', '/admin/catalogue/sources', { libraryId: 'NUK', name: 'NUK export', kind: 'file', holdings: RULE_949 });
      const ok = await upload(fileSource.id, Buffer.from(nukRecords().map((r) => Marc.format(r, 'iso2709')).join('')));
      expect(ok.status).toBe(200);
    }, 120_000);
    afterAll(async () => {
      await svc?.dispose();
      await zebra?.stop();
      fake?.closeAllConnections();
      await new Promise((r) => fake?.close(r));
    });

    it('reports dead, silent, broken and non-SRU endpoints on the source, and the index keeps working', async () => {
      const cases: Array<[string, string, RegExp]> = [
        [`http://127.0.0.1:${await freePort()}/db`, 'SRU_UNREACHABLE', /ECONNREFUSED/],
        [`${fakeUrl}/silent`, 'SRU_TIMEOUT', /did not answer within 800 ms/],
        [`${fakeUrl}/broken`, 'SRU_MALFORMED_XML', /not well-formed/],
        [`${fakeUrl}/html`, 'SRU_NOT_SRU', /root element: html/],
        [`${fakeUrl}/down`, 'SRU_HTTP_ERROR', /HTTP 500/],
      ];
      for (const [url, code, message] of cases) {
        const s = await sruSource(url);
        const res = await harvest(s.id);
        expect([res.status, res.body.error.code], url).toEqual([422, code]);
        expect(res.body.error.message).toMatch(message);
        const after = await admin.call<SourceView>('GET', `/admin/catalogue/sources/${s.id}`);
        expect(after).toMatchObject({ status: 'failed', lastError: { code } });
      }
      expect(await titles('統計學')).toEqual(['統計學 觀念與應用']);
    }, 30_000);

    it.skipIf(!!missingZebra)('reports the SRU server\'s own diagnostic for a query it refuses', async () => {
      const s = await sruSource(zebra!.url, { query: 'nosuchindex=x' });
      const res = await harvest(s.id);
      expect([res.status, res.body.error.code]).toEqual([422, 'SRU_DIAGNOSTIC']);
      expect(res.body.error.message).toMatch(/info:srw\/diagnostic\/1\/\d+/);
    });

    it('reads Big5 records when the source says so, and names Big5, MARC-8 and broken UTF-8 per record otherwise', async () => {
      const good = Buffer.from(Marc.format(bib({ id: 'ok1', title: 'Linear algebra', copies: [{ lib: 'NPTU', loc: 'MAIN', cn: '512.5', barcode: 'P9' }] }), 'iso2709'));
      const marc8 = rawRecord(' ', [['001', Buffer.from('m8')], ['245', data('10', ['a', Buffer.from('\x1b$1!0d!3K\x1b(B')])]]);
      const broken = rawRecord('a', [['001', Buffer.from('bad')], ['245', data('10', ['a', Buffer.from([0x41, 0xc3, 0x28, 0x42])])]]);
      const nptu = await admin.call<SourceView>('POST', '/admin/catalogue/sources', { libraryId: 'NPTU', name: 'NPTU legacy export', kind: 'file', holdings: RULE_949 });
      const res = await upload(nptu.id, Buffer.concat([good, big5Book('a', 'b1'), marc8, broken, big5Book(' ', 'b2')]));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('partial');
      expect(res.body.report!.records).toBe(1);
      expect(res.body.report!.problems.map((p) => [p.position, p.code])).toEqual([[2, 'BIG5_IN_UTF8_RECORD'], [3, 'MARC8_NOT_SUPPORTED'], [4, 'BROKEN_UTF8'], [5, 'BIG5_IN_MARC8_RECORD']]);
      expect(res.body.report!.problems[0]!.message).toMatch(/統計學.*big5/);
      expect(await admin.call<SourceView>('GET', `/admin/catalogue/sources/${nptu.id}`)).toMatchObject({ status: 'partial', indexed: { records: 1 } });

      await admin.call('PUT', `/admin/catalogue/sources/${nptu.id}`, { fileEncoding: 'big5' });
      const again = await upload(nptu.id, Buffer.concat([big5Book('a', 'b1'), big5Book(' ', 'b2')]));
      expect(again.body).toMatchObject({ status: 'ok', report: { records: 2 } });
      const found = await http<SearchResponse>(svc.url, 'GET', `/api/catalogue/search?q=${encodeURIComponent('统计学')}`, { token: desk.token });
      // Both Big5 records (no ISBN, same title, no author or year) are one work, held at NPTU, found in Simplified characters.
      const legacy = found.body.works.find((w) => w.title === '統計學：觀念與應用')!;
      expect(legacy.holdings.map((h) => [h.libraryId, h.copies.map((c) => c.barcode)])).toEqual([['NPTU', ['B-b1', 'B-b2']]]);
    });

    it('indexes the whole records of a file cut short and reports the cut one', async () => {
      const nuk = Buffer.from(nukRecords().map((r) => Marc.format(r, 'iso2709')).join(''));
      const res = await upload(fileSource.id, nuk.subarray(0, nuk.length - 30));
      expect(res.status).toBe(200);
      expect(res.body.report!.problems).toEqual([{ position: 2, localId: null, code: 'TRUNCATED_RECORD', message: expect.stringMatching(/file ends inside the record/) }]);
      expect(await titles('statistics hate')).toEqual([]);
      await upload(fileSource.id, nuk);
    });

    it('refuses files with nothing readable, keeping the previous records', async () => {
      const cases: Array<[Buffer, number, string]> = [
        [Buffer.alloc(0), 400, 'EMPTY_FILE'],
        [Buffer.from('<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>'), 422, 'MALFORMED_XML'],
        [Buffer.from('<rss><channel/></rss>'), 422, 'NOT_MARCXML'],
        [Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]), 422, 'BROKEN_UTF8'],
        [Buffer.from('hello, this is not MARC'), 422, 'NO_READABLE_RECORDS'],
      ];
      for (const [body, status, code] of cases) {
        const res = await upload(fileSource.id, body);
        expect([res.status, res.body.error?.code], code).toEqual([status, code]);
      }
      expect(await admin.call<SourceView>('GET', `/admin/catalogue/sources/${fileSource.id}`)).toMatchObject({ status: 'failed', indexed: { records: 2 } });
      expect(await titles('統計學')).toContain('統計學 觀念與應用');
    });

    it('refuses bad source settings and wrong operations with specific codes', async () => {
      const bad: Array<[unknown, RegExp]> = [
        [{ libraryId: 'nkust', name: 'x', kind: 'file' }, /\/libraryId/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'z3950' }, /\/kind/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'sru' }, /\/sru: required/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'sru', sru: { url: 'ftp://x' } }, /\/sru\/url/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'sru', sru: { url: 'http://x', version: '3.0' } }, /\/sru\/version/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'sru', sru: { url: 'http://x', incrementalQuery: 'x=1' } }, /\{since\}/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'file', holdings: { tag: '85' } }, /\/holdings\/tag/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'file', holdings: { barcodeSubfield: 'pp' } }, /\/holdings\/barcodeSubfield/],
        [{ libraryId: 'NKUST', name: 'x', kind: 'file', colour: 'red' }, /\/colour: unknown field/],
      ];
      for (const [body, message] of bad) {
        const res = await post<{ error: { code: string; message: string } }>('/admin/catalogue/sources', body);
        expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.error.message).toMatch(message);
      }
      expect((await post<{ error: { code: string } }>('/admin/catalogue/sources', { libraryId: 'NOPE', name: 'x', kind: 'file' })).body.error.code).toBe('UNKNOWN_LIBRARY');
      expect((await post<{ error: { code: string } }>(`/admin/catalogue/sources/${fileSource.id}/harvest?wait=1`)).body.error.code).toBe('WRONG_SOURCE_KIND');
      expect((await post<{ error: { code: string } }>('/admin/catalogue/sources/src-none/harvest')).status).toBe(404);
      expect((await http(svc.url, 'GET', '/admin/catalogue/sources')).status).toBe(401);
      expect((await upload('src-none', Buffer.from('x'))).status).toBe(404);
    });
  });
}
