// Vendor files into the service, on PGlite and PostgreSQL: the consortium's
// KBART list (976 titles, 10,123 copies) with its copies column; MARC records;
// a file with
// malformed rows reported per row and nothing of it written; a re-import that
// changes copies (more copies go to the waiting list; fewer than are out is
// refused); COUNTER R5 TR_B1 as SUSHI JSON and as tabular TSV and CSV, shown
// beside the consortium's own counts; malformed COUNTER files refused whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { borrow, placeHold } from '#server/ebooks/circulation';
import { ebookReport } from '#server/ebooks/reports';
import { EBOOK_PATHS, type ImportReport } from '#shared/ebooks/wire';
import { consortiumCollection, counterJson, counterTabular, isbnOf, kbartFile, type TitleSpec } from './support/files';
import { upload } from './support/ebooks';
import { Marc, Record as MarcRecord } from 'marcjs';

function ebookRecord(o: { id: string; title: string; sub?: string; isbn?: string; url?: string; copies?: string }): MarcRecord {
  const r = new MarcRecord();
  r.leader = '00000nam a2200000 a 4500';
  r.fields = [];
  if (o.id) r.append(['001', o.id]);
  if (o.isbn) r.append(['020', '  ', 'a', `${o.isbn} (electronic bk.)`]);
  r.append(['100', '1 ', 'a', '陳大文,']);
  r.append(['245', '10', 'a', o.sub ? `${o.title} :` : `${o.title} /`, ...(o.sub ? ['b', `${o.sub} /`] : [])]);
  r.append(['264', ' 1', 'a', '臺北市 :', 'b', '五南圖書出版,', 'c', '2021.']);
  if (o.url !== '') r.append(['856', '40', 'u', o.url ?? `https://ebook.example-vendor.com.tw/book/${o.id}`]);
  if (o.copies !== undefined) r.append(['985', '  ', 'a', o.copies]);
  return r;
}
const marcFile = (records: MarcRecord[]) => Buffer.concat(records.map((r) => Buffer.from(Marc.format(r, 'iso2709'))));

interface Refusal { error: { code: string; message: string; details: ImportReport } }

for (const backend of await backends()) {
  describe(`e-book imports (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    const kbart = (body: string, vendor = 'hyread') => upload<ImportReport & Refusal>(svc.url, svc.adminToken, `${EBOOK_PATHS.importKbart}?vendor=${vendor}`, body);
    const counter = (body: string, library = 'NKUST', type = 'application/json') => upload<ImportReport & Refusal>(svc.url, svc.adminToken, `${EBOOK_PATHS.importCounter}?library=${library}`, body, type);
    const totals = async () => {
      const r = (await svc.db.query<{ titles: string; copies: string }>('select count(*) as titles, coalesce(sum(copies), 0) as copies from ebook_titles')).rows[0]!;
      return { titles: Number(r.titles), copies: Number(r.copies) };
    };
    const counterRows = async () => Number((await svc.db.query<{ n: string }>('select count(*) as n from ebook_counter_usage')).rows[0]!.n);

    beforeAll(async () => {
      svc = await startTestService(backend);
    }, 120_000);
    afterAll(async () => svc?.dispose());

    it('imports the consortium\'s KBART list: 976 titles, 10,123 copies (CRLF line ends, a byte order mark)', async () => {
      const r = await kbart(`\uFEFF${kbartFile(consortiumCollection(), { crlf: true })}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, rows: 976, imported: 976, problems: [], kind: 'kbart' });
      expect(await totals()).toEqual({ titles: 976, copies: 10_123 });
      const one = (await svc.db.query('select title, online_identifier, publication_type, title_url, copies from ebook_titles where id = $1', ['hyread:HY00000'])).rows[0];
      expect(one).toEqual({ title: '雲端電子書 第 1 冊：資料科學導論', online_identifier: isbnOf(1), publication_type: 'monograph', title_url: 'https://ebook.example-vendor.com.tw/book/HY00000', copies: 14 });
    }, 120_000);

    it('a file with malformed rows: every problem reported with its line and field, and nothing written', async () => {
      const rows: TitleSpec[] = [
        { titleId: 'NEW-1', title: '好的一本', copies: 2 },
        { titleId: 'NEW-2', title: '', copies: 2 },
        { titleId: 'NEW-3', title: '份數不對', copies: 'three' },
        { titleId: 'NEW-4', title: '壞的 ISBN', copies: 1, isbn: '9789570000000' },
        { titleId: 'NEW-1', title: '重複的代號', copies: 1 },
        { titleId: 'NEW-5', title: '沒有網址', copies: 1, url: 'javascript:alert(1)' },
        { titleId: 'NEW-6', title: '類型不對', copies: 1, type: 'video' },
        { titleId: 'NEW-7', title: 'NUL\u0000在這', copies: 1 },
        { titleId: 'NEW-8', title: '負的份數', copies: -1 },
      ];
      const file = `${kbartFile(rows)}只有三欄\t\t\n`;
      const r = await kbart(file);
      expect([r.status, r.body.error.code]).toEqual([422, 'IMPORT_REFUSED']);
      const problems = r.body.error.details.problems.map((p) => `${p.row}:${p.field ?? '-'}`);
      expect(problems).toEqual(['3:publication_title', '4:copies', '5:online_identifier', '6:title_id', '7:title_url', '8:publication_type', '9:publication_title', '10:copies', '11:-', '11:title_id', '11:publication_type', '11:title_url', '11:copies']);
      expect(r.body.error.details).toMatchObject({ ok: false, rows: 10, imported: 0 });
      expect(await totals()).toEqual({ titles: 976, copies: 10_123 });
      // No header we can read, not UTF-8, no vendor: each its own 4xx.
      expect((await kbart('title\tcopies\nx\t1\n')).body.error.details.problems[0]).toMatchObject({ row: 1, field: 'publication_title' });
      const latin1 = await fetch(`${svc.url}${EBOOK_PATHS.importKbart}?vendor=hyread`, { method: 'POST', headers: { authorization: `Bearer ${svc.adminToken}`, 'content-type': 'text/plain' }, body: new Uint8Array([0x70, 0xe9, 0x0a]) });
      expect(latin1.status).toBe(400);
      expect((await upload(svc.url, svc.adminToken, `${EBOOK_PATHS.importKbart}?vendor=${encodeURIComponent('a b')}`, kbartFile(rows.slice(0, 1)))).status).toBe(400);
      expect((await upload(svc.url, 'wrong-token', `${EBOOK_PATHS.importKbart}?vendor=hyread`, kbartFile(rows.slice(0, 1)))).status).toBe(401);
    });

    it('re-importing changes copies: new copies go to the waiting list; cutting copies below those out is refused for that row, and nothing else changes', async () => {
      await kbart(kbartFile([{ titleId: 'POP-1', title: '熱門書', copies: 1 }]), 'airiti');
      await borrow(svc.db, { patronId: 'imp-a', libraryId: 'NKUST' }, 'airiti:POP-1', Date.now());
      await placeHold(svc.db, { patronId: 'imp-b', libraryId: 'NPTU' }, 'airiti:POP-1', Date.now());
      const more = await kbart(kbartFile([{ titleId: 'POP-1', title: '熱門書', copies: 2 }]), 'airiti');
      expect(more.status).toBe(200);
      const hold = (await svc.db.query<{ state: string }>(`select state from ebook_holds where patron_id = 'imp-b'`)).rows[0];
      expect(hold?.state).toBe('offered');
      const fewer = await kbart(kbartFile([{ titleId: 'POP-2', title: '新書', copies: 1 }, { titleId: 'POP-1', title: '熱門書（改名）', copies: 1 }]), 'airiti');
      expect(fewer.status).toBe(422);
      expect(fewer.body.error.details.problems).toMatchObject([{ row: 3, field: 'copies' }]);
      const titles = (await svc.db.query<{ id: string; title: string; copies: number }>(`select id, title, copies from ebook_titles where vendor = 'airiti' order by id`)).rows;
      expect(titles).toEqual([{ id: 'airiti:POP-1', title: '熱門書', copies: 2 }]);
    });

    it('imports the vendor\'s MARC records (copies in local field 985 $a); malformed records reported per record, nothing written', async () => {
      const post = (body: Buffer) => fetch(`${svc.url}${EBOOK_PATHS.importMarc}?vendor=udn`, { method: 'POST', headers: { authorization: `Bearer ${svc.adminToken}`, 'content-type': 'application/marc' }, body: new Uint8Array(body) });
      const good = await post(marcFile([ebookRecord({ id: 'UDN-1', title: '臺灣史', sub: '從史前到現代', isbn: isbnOf(901), copies: '4' }), ebookRecord({ id: 'UDN-2', title: '海洋文學選', copies: '2' })]));
      expect(good.status).toBe(200);
      expect(await good.json()).toMatchObject({ ok: true, kind: 'marc', rows: 2, imported: 2 });
      const t = (await svc.db.query('select title, online_identifier, first_author, publisher, title_url, copies from ebook_titles where id = $1', ['udn:UDN-1'])).rows[0];
      expect(t).toEqual({ title: '臺灣史 : 從史前到現代', online_identifier: isbnOf(901), first_author: '陳大文', publisher: '五南圖書出版', title_url: 'https://ebook.example-vendor.com.tw/book/UDN-1', copies: 4 });
      const bad = await post(marcFile([
        ebookRecord({ id: 'UDN-3', title: '好的', copies: '1' }),
        ebookRecord({ id: 'UDN-4', title: '沒有份數' }),
        ebookRecord({ id: 'UDN-5', title: '沒有網址', url: '', copies: '1' }),
        ebookRecord({ id: '', title: '沒有代號', copies: '1' }),
      ]));
      expect(bad.status).toBe(422);
      const body = (await bad.json()) as Refusal;
      expect(body.error.details.problems.map((p) => `${p.row}:${p.field}`)).toEqual(['2:985', '3:856', '4:001']);
      const garbage = await post(Buffer.from('this is not MARC\x1d'));
      expect(garbage.status).toBe(422);
      expect(Number((await svc.db.query<{ n: string }>(`select count(*) as n from ebook_titles where vendor = 'udn'`)).rows[0]!.n)).toBe(2);
    });

    it('imports COUNTER R5 TR_B1 as SUSHI JSON, matched to our titles by ISBN or proprietary id, beside our own counts', async () => {
      const json = counterJson([
        { title: '雲端電子書 第 1 冊：資料科學導論', isbn: isbnOf(1), months: { '2026-01': { Total_Item_Requests: 12, Unique_Title_Requests: 4 }, '2026-02': { Total_Item_Requests: 3, Unique_Title_Requests: 1 } } },
        { title: '雲端電子書 第 2 冊', proprietary: 'hyread:HY00001', months: { '2026-01': { Total_Item_Requests: 5, Unique_Title_Requests: 2 } } },
        { title: 'A book we do not own', isbn: '9780262033848', months: { '2026-03': { Total_Item_Requests: 7, Unique_Title_Requests: 1 } } },
      ]);
      const r = await counter(json);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, kind: 'counter-json', reportId: 'TR_B1', rows: 3, period: { begin: '2026-01-01', end: '2026-03-31' } });
      // Importing the same report again replaces, never doubles.
      expect((await counter(json)).status).toBe(200);
      const report = await ebookReport(svc.db, { from: '2026-01-01', to: '2026-03-31', library: 'NKUST', group: 'title' });
      expect(report.rows.find((x) => x.key === 'hyread:HY00000')).toMatchObject({ vendorRequests: 15, vendorUniqueTitleRequests: 5, loans: 0, copies: 14 });
      expect(report.rows.find((x) => x.key === 'hyread:HY00001')).toMatchObject({ vendorRequests: 5 });
      const bySchool = await ebookReport(svc.db, { from: '2026-01-01', to: '2026-03-31', library: null, group: 'month' });
      expect(bySchool.rows.map((x) => [x.key, x.vendorRequests])).toEqual([['2026-01', 17], ['2026-02', 3], ['2026-03', 7]]);
    });

    it('imports the tabular TR_B1 (13-row header) as TSV and as CSV with quoted cells', async () => {
      const months = ['2026-01', '2026-02', '2026-03'];
      const rows = [
        { title: '雲端電子書 第 3 冊：資料科學導論', isbn: isbnOf(3), metric: 'Total_Item_Requests', counts: [2, 0, 9] },
        { title: '雲端電子書 第 3 冊：資料科學導論', isbn: isbnOf(3), metric: 'Unique_Title_Requests', counts: [1, 0, 3] },
        { title: 'Data, "Quoted", and Commas', proprietary: 'hyread:HY00004', metric: 'Total_Item_Requests', counts: [1, 1, 1] },
      ];
      const tsv = await counter(counterTabular(rows, months), 'NPTU', 'text/tab-separated-values');
      expect(tsv.status).toBe(200);
      expect(tsv.body).toMatchObject({ ok: true, kind: 'counter-tabular', reportId: 'TR_B1', rows: 3, period: { begin: '2026-01-01', end: '2026-03-28' } });
      const csv = await counter(counterTabular(rows, months, ','), 'NUK', 'text/csv');
      expect(csv.status).toBe(200);
      const nptu = await ebookReport(svc.db, { from: '2026-01-01', to: '2026-12-31', library: 'NPTU', group: 'title' });
      expect(nptu.rows.find((x) => x.key === 'hyread:HY00002')).toMatchObject({ vendorRequests: 11, vendorUniqueTitleRequests: 4 });
      const nuk = await ebookReport(svc.db, { from: '2026-01-01', to: '2026-12-31', library: 'NUK', group: 'title' });
      expect(nuk.rows.find((x) => x.key === 'hyread:HY00004')).toMatchObject({ vendorRequests: 3 });
    });

    it('malformed COUNTER files: per-row problems, nothing imported', async () => {
      const before = await counterRows();
      const months = ['2026-04', '2026-05'];
      const bad = counterTabular([
        { title: '好的', isbn: isbnOf(5), metric: 'Total_Item_Requests', counts: [1, 2] },
        { title: '不認得的指標', isbn: isbnOf(6), metric: 'Searches_Platform', counts: [1, 1] },
        { title: '合計不符', isbn: isbnOf(7), metric: 'Total_Item_Requests', counts: [1, 1], total: 5 },
        { title: '負數', isbn: isbnOf(8), metric: 'Total_Item_Requests', counts: [-1, 1], total: 0 },
        { title: '', isbn: isbnOf(9), metric: 'Total_Item_Requests', counts: [0, 0] },
      ], months);
      const r = await counter(bad, 'NKUST', 'text/tab-separated-values');
      expect([r.status, r.body.error.code]).toEqual([422, 'IMPORT_REFUSED']);
      expect(r.body.error.details.problems.map((p) => `${p.row}:${p.field}`)).toEqual(['16:Metric_Type', '17:Reporting_Period_Total', '18:Apr-2026', '19:Title']);
      // A header that is not COUNTER R5, a report we do not take, a JSON item without counts.
      const r4 = await counter(bad.replace('Release\t5', 'Release\t4'), 'NKUST', 'text/tab-separated-values');
      expect(r4.body.error.details.problems).toMatchObject([{ row: 3, field: 'Release' }]);
      const shifted = await counter(bad.split('\r\n').slice(1).join('\r\n'), 'NKUST', 'text/tab-separated-values');
      expect(shifted.body.error.details.problems[0]).toMatchObject({ row: 1, field: 'Report_Name' });
      const pr = await counter(counterJson([{ title: 'x', isbn: isbnOf(1), months: { '2026-01': { Total_Item_Requests: 1 } } }], { reportId: 'PR' }));
      expect(pr.body.error.details.problems[0]).toMatchObject({ field: 'Report_Header/Report_ID' });
      const items = JSON.parse(counterJson([
        { title: '好', isbn: isbnOf(1), months: { '2026-06': { Total_Item_Requests: 1 } } },
        { title: '壞', isbn: isbnOf(2), months: { '2026-06': { Total_Item_Requests: 1 } } },
      ])) as { Report_Items: Array<{ Performance: Array<{ Instance: Array<{ Count: unknown }> }> }> };
      items.Report_Items[1]!.Performance[0]!.Instance[0]!.Count = 'many';
      const j = await counter(JSON.stringify(items));
      expect(j.body.error.details.problems).toMatchObject([{ row: 2, field: 'Report_Items/1/Performance/0/Instance/0/Count' }]);
      expect((await counter('{"Report_Header": ')).status).toBe(422);
      expect((await counter(counterJson([]), 'NOWHERE')).status).toBe(400);
      expect(await counterRows()).toBe(before);
    });
  });
}
