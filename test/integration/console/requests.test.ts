// Request management through the console: find, and cancel for the borrower
// (refused once packed, by the reducer); a library administrator only sees and
// cancels its own school's requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { ConsoleClient, code } from './support/console-client';

for (const backend of await backends()) {
  describe(`console request management on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let office: ConsoleClient;
    let nuk: ConsoleClient;
    let a: string;
    let b: string;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: 'Office', role: 'office', password: 'office-password-1' });
      await admin.call('POST', '/admin/console/accounts', { username: 'nuk-admin', displayName: 'NUK', role: 'library', libraryId: 'NUK', password: 'nuk-password-1' });
      office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
      nuk = await ConsoleClient.signedIn(svc.url, 'nuk-admin', 'nuk-password-1');
      await admin.patron('p-1', 'NKUST', '2001000012345');
      a = (await admin.request('NKUST', 'NPTU', 'p-1', '31234000000017')).id;
      b = (await admin.request('NKUST', 'NPTU', 'p-1', '31234000000025')).id;
      const lender = await admin.pairDesk('NPTU');
      await lender.push('item.packed', { parcelId: 'par-1', toLibraryId: 'NKUST', requestId: b, itemBarcode: '31234000000025' });
    });
    afterAll(async () => svc?.dispose());

    it('finds requests by barcode, and a library administrator sees only its own', async () => {
      const found = await office.call<{ requests: Array<{ id: string }> }>('GET', '/console/api/requests?q=31234000000017');
      expect(found.body.requests.map((r) => r.id)).toEqual([a]);
      expect((await nuk.call<{ requests: unknown[] }>('GET', '/console/api/requests')).body.requests).toEqual([]);
      expect(code(await nuk.call('GET', '/console/api/requests?library=NKUST'))).toBe('OTHER_LIBRARY');
      expect((await nuk.call('POST', `/console/api/requests/${a}/cancel`, { reason: 'x' })).status).toBe(404);
    });

    it('cancels for the borrower, refuses once packed, and audits', async () => {
      const ok = await office.call<{ request: { borrowerState: string } }>('POST', `/console/api/requests/${a}/cancel`, { reason: '讀者已自行購買' });
      expect(ok.body.request.borrowerState).toBe('cancelled');
      expect(code(await office.call('POST', `/console/api/requests/${b}/cancel`, { reason: 'too late' }))).toBe('INVALID_TRANSITION');
      expect(code(await office.call('POST', `/console/api/requests/${a}/cancel`, {}))).toBe('VALIDATION_FAILED');
      const audit = (await office.call<{ entries: Array<{ action: string; target: string }> }>('GET', '/console/api/audit')).body.entries;
      expect(audit.filter((e) => e.action === 'request.cancelled').map((e) => e.target)).toEqual([a]);
    });
  });
}
