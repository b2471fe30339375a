// A library administrator sees and changes only their own school, on every
// console route: another school's id is refused (403), another school's device
// is not found (404), and lists without a school are their own school's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { ConsoleClient, code } from './support/console-client';

for (const backend of await backends()) {
  describe(`console least privilege on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let office: ConsoleClient;
    let nkust: ConsoleClient;
    let nptuDevice: string;

    beforeAll(async () => {
      svc = await startTestService(backend);
      const admin = new AdminClient(svc.url, svc.adminToken);
      await admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: 'Office', role: 'office', password: 'office-password-1' });
      office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
      await office.call('POST', '/console/api/accounts', { username: 'nkust-admin', displayName: 'NKUST', role: 'library', libraryId: 'NKUST', password: 'nkust-password-1' });
      await office.call('POST', '/console/api/accounts', { username: 'nptu-admin', displayName: 'NPTU', role: 'library', libraryId: 'NPTU', password: 'nptu-password-1' });
      nkust = await ConsoleClient.signedIn(svc.url, 'nkust-admin', 'nkust-password-1');
      // Something of NPTU's in the audit log and a device of NPTU's.
      await office.call('PUT', '/console/api/policies/NPTU', { loanDays: 20 });
      nptuDevice = (await admin.pairDesk('NPTU')).deviceId;
      await admin.pairDesk('NKUST');
    });
    afterAll(async () => svc?.dispose());

    const refused: Array<[string, string, unknown?]> = [
      ['PUT', '/console/api/libraries/NPTU', { nameZh: '改名' }],
      ['GET', '/console/api/policies/NPTU'],
      ['PUT', '/console/api/policies/NPTU', { loanDays: 10 }],
      ['GET', '/console/api/devices?library=NPTU'],
      ['POST', '/console/api/pairing-codes', { libraryId: 'NPTU', role: 'staff' }],
      ['GET', '/console/api/audit?library=NPTU'],
      ['GET', '/console/api/stats/dashboard?library=NPTU'],
      ['GET', '/console/api/stats/requests?library=NPTU'],
      ['GET', '/console/api/stats/trading?library=NPTU'],
      ['GET', '/console/api/stats/times?library=NPTU'],
      ['GET', '/console/api/stats/activity?library=NPTU'],
      ['POST', '/console/api/cards/patron', { libraryId: 'NPTU', patronId: 'p-x', hostLibraryId: 'NKUST' }],
      ['POST', '/console/api/patrons/import', { libraryId: 'NPTU', format: 'csv', content: '' }],
    ];
    it.each(refused)('refuses %s %s for another school (403)', async (method, path, body) => {
      const r = await nkust.call(method, path, body);
      expect(r.status).toBe(403);
      expect(code(r)).toBe('OTHER_LIBRARY');
    });

    const officeOnly: Array<[string, string, unknown?]> = [
      ['PUT', '/console/api/policies/consortium', { loanDays: 10 }],
      ['POST', '/console/api/libraries', { id: 'NEWLIB', nameZh: '新', nameEn: 'New' }],
      ['PUT', '/console/api/libraries/NKUST', { active: false }],
      ['POST', '/console/api/accounts', { username: 'sneaky', displayName: 'S', role: 'office', password: 'sneaky-password' }],
      ['POST', '/console/api/cards/partner', { holderName: 'x', holderId: 'y', organisation: 'z', hostLibraryId: '*', validUntil: '2099-12-31' }],
    ];
    it.each(officeOnly)('refuses %s %s to a library administrator (office only)', async (method, path, body) => {
      const r = await nkust.call(method, path, body);
      expect(r.status).toBe(403);
      expect(code(r)).toBe('OFFICE_ONLY');
    });

    it('answers another school\'s device as not found', async () => {
      expect((await nkust.call('POST', `/console/api/devices/${nptuDevice}/revoke`, {})).status).toBe(404);
      expect((await office.call<{ devices: Array<{ id: string; revokedAt: string | null }> }>('GET', '/console/api/devices?library=NPTU')).body.devices.find((d) => d.id === nptuDevice)?.revokedAt).toBeNull();
    });

    it('lists only its own school where no school is named', async () => {
      const libs = (await nkust.call<{ libraries: Array<{ id: string }> }>('GET', '/console/api/libraries')).body.libraries.map((l) => l.id);
      expect(libs).toEqual(['NKUST']);
      const devices = (await nkust.call<{ devices: Array<{ libraryId: string }> }>('GET', '/console/api/devices')).body.devices;
      expect(devices.length).toBeGreaterThan(0);
      expect(new Set(devices.map((d) => d.libraryId))).toEqual(new Set(['NKUST']));
      const audit = (await nkust.call<{ entries: Array<{ target: string }> }>('GET', '/console/api/audit')).body.entries;
      expect(audit.every((e) => e.target === 'NKUST' || e.target === 'nkust-admin')).toBe(true);
      expect((await office.call<{ entries: unknown[] }>('GET', '/console/api/audit?library=NPTU')).body.entries.length).toBeGreaterThan(0);
      const accounts = (await nkust.call<{ accounts: Array<{ username: string }> }>('GET', '/console/api/accounts')).body.accounts.map((a) => a.username);
      expect(accounts).toEqual(['nkust-admin']);
      const stats = await nkust.call<{ report: { scope: string } }>('GET', '/console/api/stats/dashboard');
      expect(stats.body.report.scope).toBe('NKUST');
    });

    it('lets it change its own school', async () => {
      expect((await nkust.call('PUT', '/console/api/libraries/NKUST', { hours: '週一至週五 08:00–22:00' })).status).toBe(200);
      expect((await nkust.call('PUT', '/console/api/policies/NKUST', { pickupDays: 10 })).status).toBe(200);
      expect((await nkust.call('POST', '/console/api/pairing-codes', { libraryId: 'NKUST', role: 'staff' })).status).toBe(200);
    });
  });
}
