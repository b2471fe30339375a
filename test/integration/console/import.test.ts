// Patron import from CSV and XLSX: every row checked and reported by number,
// nothing imported unless every row is good, one audit entry with counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { ConsoleClient, code } from './support/console-client';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

for (const backend of await backends()) {
  describe(`patron import on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let lib: ConsoleClient;
    const patronsOf = async (home: string) => (await admin.records<{ id: string; homeLibraryId: string; name: string; cardNumbers: string[]; status: string }>('patrons')).documents.filter((p) => p.homeLibraryId === home);

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.call('POST', '/admin/console/accounts', { username: 'nkust-admin', displayName: 'NKUST', role: 'library', libraryId: 'NKUST', password: 'nkust-password-1' });
      lib = await ConsoleClient.signedIn(svc.url, 'nkust-admin', 'nkust-password-1');
      await admin.patron('p-nptu-1', 'NPTU', '2130200000001');
    });
    afterAll(async () => svc?.dispose());

    it('reports every bad row and imports nothing', async () => {
      const csv = [
        'id,card,name,status,expires',
        'p-1,2102100000001,陳怡君,active,2028-07-31',
        'p-2,2102100000002,"林, 志豪",expired,2028-02-30',
        'p-1,2102100000003,黃雅婷,active,2028-07-31',
        'p-4,2130200000001,張家銘,suspended,2028-07-31',
        'p 5,,,,',
      ].join('\r\n');
      const r = await lib.call<{ error: { code: string; details: { problems: Array<{ row: number; errors: string[] }> } } }>('POST', '/console/api/patrons/import', { libraryId: 'NKUST', format: 'csv', filename: 'bad.csv', content: b64(csv) });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('IMPORT_INVALID');
      const problems = r.body.error.details.problems;
      expect(problems.map((p) => p.row)).toEqual([3, 4, 5, 6]);
      expect(problems[0]!.errors.join()).toMatch(/expires/);
      expect(problems[1]!.errors.join()).toMatch(/same as row 2/);
      expect(problems[2]!.errors.join()).toMatch(/already belongs to patron p-nptu-1/);
      expect(problems[2]!.errors.join()).toMatch(/status/);
      expect(problems[3]!.errors.length).toBeGreaterThanOrEqual(3);
      expect(await patronsOf('NKUST')).toEqual([]);
    });

    it('imports a good CSV in one go, with one audit entry', async () => {
      const csv = '\uFEFF讀者編號,證號,姓名,狀態,到期日\np-1,2102100000001,陳怡君,有效,2028/07/31\np-2,2102100000002;2102100000009,"林, 志豪",過期,2026-01-31\n';
      const r = await lib.call('POST', '/console/api/patrons/import', { libraryId: 'NKUST', format: 'csv', filename: 'nkust.csv', content: b64(csv) });
      expect(r.body).toEqual({ filename: 'nkust.csv', rows: 2, added: 2, updated: 0 });
      const got = await patronsOf('NKUST');
      expect(got.map((p) => [p.id, p.name, p.status, p.cardNumbers.length]).sort()).toEqual([['p-1', '陳怡君', 'active', 1], ['p-2', '林, 志豪', 'expired', 2]]);
      const audit = await lib.call<{ entries: Array<{ action: string; after: unknown }> }>('GET', '/console/api/audit');
      expect(audit.body.entries[0]).toMatchObject({ action: 'patrons.imported', after: { rows: 2, added: 2 } });
      expect(JSON.stringify(audit.body.entries[0])).not.toContain('陳怡君');
    });

    it('imports XLSX (first sheet) and updates existing patrons', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('讀者');
      ws.addRow(['id', 'card', 'name', 'expires']);
      ws.addRow(['p-1', '2102100000001', '陳怡君（更新）', '2029-07-31']);
      ws.addRow(['p-3', '2102100000003', '黃雅婷', new Date(Date.UTC(2028, 6, 31))]);
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      const r = await lib.call('POST', '/console/api/patrons/import', { libraryId: 'NKUST', format: 'xlsx', filename: 'nkust.xlsx', content: b64(buf) });
      expect(r.body).toEqual({ filename: 'nkust.xlsx', rows: 2, added: 1, updated: 1 });
      expect((await patronsOf('NKUST')).find((p) => p.id === 'p-1')?.name).toBe('陳怡君（更新）');
    });

    it('refuses another school, a missing column and an unreadable file', async () => {
      expect(code(await lib.call('POST', '/console/api/patrons/import', { libraryId: 'NPTU', format: 'csv', content: b64('id,card,name,expires\n') }))).toBe('OTHER_LIBRARY');
      const missing = await lib.call<{ error: { message: string } }>('POST', '/console/api/patrons/import', { libraryId: 'NKUST', format: 'csv', content: b64('id,name\np-9,王\n') });
      expect(missing.status).toBe(422);
      expect(missing.body.error.message).toMatch(/card/);
      expect(code(await lib.call('POST', '/console/api/patrons/import', { libraryId: 'NKUST', format: 'xlsx', content: b64('not a zip') }))).toBe('IMPORT_UNREADABLE');
      expect(code(await lib.call('POST', '/console/api/patrons/import', { libraryId: 'NKUST', format: 'pdf', content: '' }))).toBe('VALIDATION_FAILED');
    });
  });
}
