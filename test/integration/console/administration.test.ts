// Administration through the console: rename (nothing keyed on names breaks),
// join with a code in use, leave; policy overrides and closed days with range
// checks; pairing codes that a desk can use; every change in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http } from '#test/support/client';
import { ConsoleClient, code } from './support/console-client';

for (const backend of await backends()) {
  describe(`console administration on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let office: ConsoleClient;
    type Audit = { entries: Array<{ action: string; target: string; username: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }> };

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.call('POST', '/admin/console/accounts', { username: 'office', displayName: 'Office', role: 'office', password: 'office-password-1' });
      office = await ConsoleClient.signedIn(svc.url, 'office', 'office-password-1');
    });
    afterAll(async () => svc?.dispose());

    it('renames a library: the code stays, requests keep working, the audit log has before and after', async () => {
      const r = await office.call<{ library: { id: string; nameZh: string } }>('PUT', '/console/api/libraries/NKUST', { nameZh: '國立高雄科技大學（新名）', nameEn: 'NKUST (renamed)' });
      expect(r.status).toBe(200);
      expect(r.body.library).toMatchObject({ id: 'NKUST', nameZh: '國立高雄科技大學（新名）' });
      await admin.patron('p-1', 'NKUST', '2001000012345');
      expect((await admin.request('NKUST', 'NPTU', 'p-1', '31234000000017')).id).toBeTruthy();
      const audit = await office.call<Audit>('GET', '/console/api/audit');
      const entry = audit.body.entries.find((e) => e.action === 'library.updated' && e.target === 'NKUST')!;
      expect(entry.username).toBe('office');
      expect(entry.before!['nameZh']).not.toBe('國立高雄科技大學（新名）');
      expect(entry.after!['nameZh']).toBe('國立高雄科技大學（新名）');
    });

    it('lets a library join, refuses a code in use, and lets it leave', async () => {
      expect(code(await office.call('POST', '/console/api/libraries', { id: 'NPTU', nameZh: '重複', nameEn: 'Dup' }))).toBe('LIBRARY_CODE_IN_USE');
      expect(code(await office.call('POST', '/console/api/libraries', { id: 'bad code', nameZh: 'x', nameEn: 'x' }))).toBe('VALIDATION_FAILED');
      expect((await office.call('POST', '/console/api/libraries', { id: 'KSPARK', nameZh: '高雄軟體園區', nameEn: 'Kaohsiung Software Park' })).status).toBe(200);
      expect((await office.call<{ library: { active: boolean } }>('PUT', '/console/api/libraries/KSPARK', { active: false })).body.library.active).toBe(false);
      expect(code(await office.call('POST', '/console/api/pairing-codes', { libraryId: 'KSPARK', role: 'staff' }))).toBe('LIBRARY_INACTIVE');
      const actions = (await office.call<Audit>('GET', '/console/api/audit')).body.entries.map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['library.joined', 'library.left']));
    });

    it('sets policy overrides and closed days; out-of-range values and an always-closed calendar change nothing', async () => {
      const policyRecord = async () => (await admin.record<{ fields: Record<string, unknown> }>('policies', 'NPTU'))?.fields ?? null;
      const auditCount = async () => (await office.call<Audit>('GET', '/console/api/audit')).body.entries.length;
      const before = await policyRecord();
      const n = await auditCount();
      expect(code(await office.call('PUT', '/console/api/policies/NPTU', { loanDays: 0 }))).toBe('VALIDATION_FAILED');
      expect(code(await office.call('PUT', '/console/api/policies/NPTU', { closedWeekdays: [0, 1, 2, 3, 4, 5, 6] }))).toBe('CALENDAR_ALWAYS_CLOSED');
      expect(code(await office.call('PUT', '/console/api/policies/NPTU', { nonsense: 1 }))).toBe('VALIDATION_FAILED');
      expect(await policyRecord()).toEqual(before);
      expect(await auditCount()).toBe(n);
      const ok = await office.call('PUT', '/console/api/policies/NPTU', { loanDays: 21, closedDates: ['2026-12-25', '2027-01-01'] });
      expect(ok.status).toBe(200);
      expect(await policyRecord()).toMatchObject({ loanDays: 21, closedDates: ['2026-12-25', '2027-01-01'] });
      const got = await office.call<{ effective: { loanDays: number }; overrides: { loanDays: number } }>('GET', '/console/api/policies/NPTU');
      expect(got.body.effective.loanDays).toBe(21);
      const entry = (await office.call<Audit>('GET', '/console/api/audit')).body.entries[0]!;
      expect(entry).toMatchObject({ action: 'policy.set', target: 'NPTU' });
      expect(entry.after).toMatchObject({ fields: { loanDays: 21 } });
    });

    it('makes a pairing code a desk can pair with, and revokes the device', async () => {
      const made = await office.call<{ code: string }>('POST', '/console/api/pairing-codes', { libraryId: 'NPTU', role: 'kiosk' });
      expect(made.body.code).toMatch(/^\d{4}-\d{4}$/);
      const paired = await http<{ deviceId: string }>(svc.url, 'POST', '/pair', { body: { code: made.body.code, name: 'NPTU kiosk 1' } });
      expect(paired.status).toBe(200);
      const devices = await office.call<{ devices: Array<{ id: string; role: string }> }>('GET', '/console/api/devices?library=NPTU');
      expect(devices.body.devices.find((d) => d.id === paired.body.deviceId)?.role).toBe('kiosk');
      expect((await office.call<{ revoked: boolean }>('POST', `/console/api/devices/${paired.body.deviceId}/revoke`, {})).body.revoked).toBe(true);
      const actions = (await office.call<Audit>('GET', '/console/api/audit')).body.entries.map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['pairing_code.created', 'device.revoked']));
    });

    it('issues a partner organisation\'s card (office) and a patron\'s card, both audited', async () => {
      const until = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
      const partner = await office.call<{ card: { id: string; kind: string; organisation: string } }>('POST', '/console/api/cards/partner', { holderName: '周志明', holderId: 'KSP-00017', organisation: '高雄軟體園區', hostLibraryId: '*', validUntil: until, loanLimit: 5 });
      expect(partner.status).toBe(200);
      expect(partner.body.card).toMatchObject({ organisation: '高雄軟體園區' });
      expect(code(await office.call('POST', '/console/api/cards/partner', { holderName: 'x', holderId: 'y', organisation: 'z', hostLibraryId: '*', validUntil: '2099-02-30' }))).toBe('VALIDATION_FAILED');
      await admin.patron('p-nptu-9', 'NPTU', '2130200000099');
      const own = await office.call<{ card: { id: string; homeLibraryId: string } }>('POST', '/console/api/cards/patron', { libraryId: 'NPTU', patronId: 'p-nptu-9', hostLibraryId: 'NKUST' });
      expect(own.status).toBe(200);
      expect(own.body.card.homeLibraryId).toBe('NPTU');
      const targets = (await office.call<Audit>('GET', '/console/api/audit')).body.entries.filter((e) => e.action === 'card.issued').map((e) => e.target);
      expect(targets).toEqual(expect.arrayContaining([partner.body.card.id, own.body.card.id]));
    });
  });
}
