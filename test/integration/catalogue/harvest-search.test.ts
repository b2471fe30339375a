// The union catalogue end to end against a real SRU server: Zebra on
// loopback, loaded with MARC records made here, harvested by the service on
// PGlite and PostgreSQL; a second library's MARC file uploaded; duplicates
// across libraries merged into works (ISBN-10 = ISBN-13; same title, author
// and year without ISBN); searches in Traditional and Simplified Chinese,
// full-width punctuation, English, ISBN, subject and call number; copies
// that are on loan, missing or reference-only shown and not offered to lend;
// a re-harvest that fails keeps the index, one that succeeds replaces it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marc } from 'marcjs';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import type { SearchResponse, WorkDetail, LenderCandidate } from '#shared/catalogue/wire';
import type { SourceView } from '#shared/catalogue/sources';
import { bib, ISBN10, ISBN10_HYPHENATED, ISBN13, nukRecords, RULE_949, zebraRecords } from './fixtures';
import { freePort, startZebra, zebraMissing, type Zebra } from './zebra';

const missing = await zebraMissing();
if (missing) console.warn(`\n*** Zebra unavailable: ${missing}. The catalogue's SRU integration tests are SKIPPED ***\n`);

type Svc = Awaited<ReturnType<typeof startTestService>>;

for (const backend of missing ? [] : await backends()) {
  describe(`union catalogue over SRU (Zebra) on ${backend}`, () => {
    let svc: Svc;
    let admin: AdminClient;
    let desk: DeskClient;
    let zebra: Zebra;
    let sru: SourceView;
    let file: SourceView;

    const search = async (q: string, field = 'any') => {
      const res = await http<SearchResponse>(svc.url, 'GET', `/api/catalogue/search?q=${encodeURIComponent(q)}&field=${field}`, { token: desk.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const titles = async (q: string, field = 'any') => (await search(q, field)).works.map((w) => w.title);
    const upload = (id: string, body: Buffer) => fetch(`${svc.url}/admin/catalogue/sources/${id}/file`, {
      method: 'POST', headers: { authorization: `Bearer ${svc.adminToken}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body),
    });

    beforeAll(async () => {
      zebra = await startZebra(zebraRecords());
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      desk = await admin.pairDesk('NUK');
      sru = await admin.call<SourceView>('POST', '/admin/catalogue/sources', {
        libraryId: 'NKUST', name: 'NKUST and NPTU shared ILS', kind: 'sru', sru: { url: zebra.url, pageSize: 2 }, holdings: RULE_949, intervalMinutes: 60,
      });
      file = await admin.call<SourceView>('POST', '/admin/catalogue/sources', { libraryId: 'NUK', name: 'NUK export', kind: 'file', holdings: RULE_949 });
    }, 120_000);
    afterAll(async () => {
      await svc?.dispose();
      await zebra?.stop();
    });

    it('harvests every page over SRU, reading the version from the explain response', async () => {
      const res = await admin.call<{ status: string; report: { records: number; holdings: number; holdingsSkipped: number; sruVersion: string } }>('POST', `/admin/catalogue/sources/${sru.id}/harvest?wait=1`, { mode: 'full' });
      expect(res.status).toBe('ok');
      // 4 records in pages of 2; the XYZ copy belongs to no member library.
      expect(res.report).toMatchObject({ records: 4, holdings: 6, holdingsSkipped: 1, sruVersion: '2.0' });
      const s = await admin.call<SourceView>('GET', `/admin/catalogue/sources/${sru.id}`);
      expect(s).toMatchObject({ status: 'ok', lastError: null, indexed: { records: 4, holdings: 6 } });
      expect(Date.parse(s.nextRunAt!) - Date.parse(s.lastStartedAt!)).toBe(60 * 60_000);
    });

    it('speaks SRU 1.1 and 1.2 when the source is set to them', async () => {
      for (const version of ['1.1', '1.2']) {
        await admin.call('PUT', `/admin/catalogue/sources/${sru.id}`, { sru: { url: zebra.url, pageSize: 3, version } });
        const res = await admin.call<{ report: { records: number; sruVersion: string } }>('POST', `/admin/catalogue/sources/${sru.id}/harvest?wait=1`, { mode: 'full' });
        expect(res.report).toMatchObject({ records: 4, sruVersion: version });
      }
    });

    it('merges a MARC file from another library into the same works', async () => {
      const iso = Buffer.concat(nukRecords().map((r) => Buffer.from(Marc.format(r, 'iso2709'))));
      const res = await upload(file.id, iso);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', report: { records: 2, holdings: 2, recordsRejected: 0 } });

      const found = await search('統計學');
      const stats = found.works.find((w) => w.title.startsWith('統計學'))!;
      // One work for the ISBN-13 record at NKUST/NPTU and the ISBN-10 record at NUK.
      expect(found.works.filter((w) => w.title.startsWith('統計學'))).toHaveLength(1);
      expect(stats.isbns).toEqual([ISBN13]);
      expect(stats.holdings.map((h) => h.libraryId).sort()).toEqual(['NKUST', 'NPTU', 'NUK']);
      const salkind = (await search('hate statistics', 'title')).works;
      expect(salkind).toHaveLength(1);
      expect(salkind[0]!.holdings.map((h) => h.libraryId).sort()).toEqual(['NKUST', 'NUK']);
    });

    it('finds titles in Traditional, Simplified and full-width forms, and by ISBN-10, author, subject, call number', async () => {
      const want = '統計學 觀念與應用';
      expect(await titles('統計學')).toContain(want);
      expect(await titles('统计学')).toContain(want);
      expect(await titles('統計學：觀念與應用')).toContain(want);
      expect(await titles('统计学：观念与应用', 'title')).toContain(want);
      expect(await titles('ＳＴＡＴＩＳＴＩＣＳ　ｈａｔｅ')).toEqual(['Statistics for people who (think they) hate statistics']);
      expect(await titles(ISBN10, 'isbn')).toEqual([want]);
      expect(await titles(ISBN10_HYPHENATED)).toEqual([want]);
      expect(await titles('王小明', 'author')).toEqual([want]);
      expect(await titles('王', 'author')).toEqual([want]);
      expect(await titles('salkind', 'author')).toHaveLength(1);
      expect(await titles('机器学习', 'subject')).toEqual(['機器學習導論']);
      expect(await titles('312.831', 'callnumber')).toEqual(['機器學習導論']);
      expect(await titles('"HA29 .S2365"', 'callnumber')).toHaveLength(1);
      expect(await titles('ti:資料 au:李四')).toEqual(['資料結構 使用C++']);
      expect((await search('量子力學')).works).toEqual([]);
    });

    it('shows each copy\'s lending rule and availability, and offers only requestable copies as lenders', async () => {
      const work = (await search('統計學')).works[0]!;
      const nkust = work.holdings.find((h) => h.libraryId === 'NKUST')!;
      expect(nkust.copies.map((c) => [c.barcode, c.lendable, c.availability])).toEqual([['K0001', true, 'available'], ['K0002', false, 'available']]);
      expect(nkust.requestableCopies).toBe(1);
      expect(work.holdings.find((h) => h.libraryId === 'NPTU')!.copies[0]!.availability).toBe('on_loan');

      // The desk is NUK's: its own library is not a candidate; NPTU's copy is on loan; the reference copy is not lent.
      const c = await http<{ candidates: LenderCandidate[] }>(svc.url, 'GET', `/api/catalogue/works/${work.id}/candidates`, { token: desk.token });
      expect(c.body.candidates).toEqual([{ libraryId: 'NKUST', availableCopies: 1, copies: [{ barcode: 'K0001', callNumber: '510 8345 2019', location: 'MAIN', availability: 'available' }] }]);
      const fromNkust = await admin.call<{ candidates: LenderCandidate[] }>('GET', `/admin/catalogue/works/${work.id}/candidates?exclude=NKUST`);
      expect(fromNkust.candidates.map((x) => x.libraryId)).toEqual(['NUK']);

      const ref = (await search('資料結構')).works[0]!;
      expect((await admin.call<{ candidates: LenderCandidate[] }>('GET', `/admin/catalogue/works/${ref.id}/candidates`)).candidates).toEqual([]);
      const lost = (await search('機器學習')).works[0]!;
      expect(lost.holdings[0]!.copies[0]!.availability).toBe('missing');
      expect((await admin.call<{ candidates: LenderCandidate[] }>('GET', `/admin/catalogue/works/${lost.id}/candidates`)).candidates).toEqual([]);
    });

    it('answers one work with its records from every source', async () => {
      const id = (await search(ISBN13, 'isbn')).works[0]!.id;
      const res = await http<WorkDetail>(svc.url, 'GET', `/api/catalogue/works/${id}`, { token: desk.token });
      expect(res.status).toBe(200);
      expect(res.body.records.map((r) => [r.sourceId, r.localId]).sort()).toEqual([[file.id, 'n1'], [sru.id, 'z1']].sort());
      expect((await http(svc.url, 'GET', '/api/catalogue/works/w0000', { token: desk.token })).status).toBe(404);
    });

    it('keeps the index when a re-harvest fails, and replaces it when one succeeds (work ids stay)', async () => {
      const before = (await search('統計學')).works[0]!;
      const deadPort = await freePort();
      await admin.call('PUT', `/admin/catalogue/sources/${sru.id}`, { sru: { url: `http://127.0.0.1:${deadPort}/Default`, timeoutMs: 2000 } });
      const dead = await http<{ error: { code: string; message: string } }>(svc.url, 'POST', `/admin/catalogue/sources/${sru.id}/harvest?wait=1`, { token: svc.adminToken, body: { mode: 'full' } });
      expect(dead.status).toBe(422);
      expect(dead.body.error.code).toBe('SRU_UNREACHABLE');
      const s = await admin.call<SourceView>('GET', `/admin/catalogue/sources/${sru.id}`);
      expect(s.status).toBe('failed');
      expect(s.lastError?.message).toMatch(/previous index is kept/);
      expect(s.indexed.records).toBe(4);
      expect((await search('統計學')).works[0]).toEqual(before);

      // The library's system now has only the statistics book, its NKUST copy out on loan.
      const next = await startZebra([bib({ id: 'z1', title: '統計學', sub: '觀念與應用', author: '王小明', year: 2019, isbn: ISBN13, copies: [{ lib: 'NKUST', loc: 'MAIN', cn: '510 8345 2019', barcode: 'K0001', status: 'checked out' }] })]);
      try {
        await admin.call('PUT', `/admin/catalogue/sources/${sru.id}`, { sru: { url: next.url } });
        await admin.call('POST', `/admin/catalogue/sources/${sru.id}/harvest?wait=1`, { mode: 'full' });
      } finally {
        await next.stop();
      }
      const after = (await search('統計學')).works[0]!;
      expect(after.id).toBe(before.id);
      expect(after.holdings.map((h) => [h.libraryId, h.copies.map((c) => c.availability)])).toEqual([['NKUST', ['on_loan']], ['NUK', ['available']]]);
      expect((await search('資料結構')).works).toEqual([]);
      // Salkind is still held at NUK, from the file source.
      expect((await search('salkind', 'author')).works[0]!.holdings.map((h) => h.libraryId)).toEqual(['NUK']);
      const cands = await admin.call<{ candidates: LenderCandidate[] }>('GET', `/admin/catalogue/works/${after.id}/candidates?exclude=NUK`);
      expect(cands.candidates).toEqual([]);
    }, 60_000);

    it('refuses bad searches with specific 4xx errors', async () => {
      const get = (qs: string, token = desk.token) => http<{ error: { code: string } }>(svc.url, 'GET', `/api/catalogue/search?${qs}`, { token });
      expect((await get('q=x', '')).status).toBe(401);
      for (const [qs, code] of [['', 'EMPTY_QUERY'], ['q=%20', 'EMPTY_QUERY'], ['q=x&field=publisher', 'VALIDATION_FAILED'], ['q=x&page=0', 'VALIDATION_FAILED'],
        ['q=x&page=abc', 'VALIDATION_FAILED'], ['q=%EF%BC%9A%EF%BC%9A', 'NO_SEARCHABLE_TERMS'], ['q=the%20of', 'NO_SEARCHABLE_TERMS'],
        ['q=abc&field=isbn', 'NOT_AN_ISBN'], [`q=${'統'.repeat(201)}`, 'QUERY_TOO_LONG']] as const) {
        const res = await get(qs);
        expect([res.status, res.body.error?.code], qs).toEqual([400, code]);
      }
    });
  });
}
