// Text the database cannot store, sent to the administrator's, pairing and
// card endpoints: a 400 VALIDATION_FAILED naming the field and the fault
// (NUL, lone surrogate), nothing written, never a 500 — and a pairing that
// fails so does not use up its code. Characters outside the BMP (𠮷) count
// as one, up to each field's limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestService } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { healthSeq, pairOnDb } from './access-fixtures';

type Svc = Awaited<ReturnType<typeof startTestService>>;
const A = 'NKUST';
const HOST = 'NPTU';
const BAD: Array<[string, RegExp]> = [['a\u0000b', /NUL/], ['a\uD842b', /lone surrogate/], ['\uDFB7', /lone surrogate/]];

for (const backend of await backends()) {
  describe(`unstorable text at the API on ${backend}`, () => {
    let svc: Svc;
    let admin: AdminClient;
    let desk: DeskClient;
    let cardId: string;

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      desk = await pairOnDb(svc, A);
      await admin.patron('pat-1', A, '2001000000001');
      const res = await http<{ card: { id: string } }>(svc.url, 'POST', '/api/cards', { token: desk.token, body: { patronId: 'pat-1', hostLibraryId: HOST } });
      expect(res.status).toBe(200);
      cardId = res.body.card.id;
    });
    afterAll(async () => svc?.dispose());

    async function refusedNaming(send: () => Promise<{ status: number; body: unknown }>, field: RegExp, fault: RegExp): Promise<void> {
      const seq = await healthSeq(svc.url);
      const res = await send();
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      const error = (res.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(field);
      expect(error.message).toMatch(fault);
      expect(await healthSeq(svc.url)).toBe(seq);
    }

    it('card revocation: a reason with NUL or a lone surrogate → 400 naming /reason', async () => {
      for (const [reason, fault] of BAD) {
        await refusedNaming(() => http(svc.url, 'POST', `/api/cards/${cardId}/revoke`, { token: desk.token, body: { reason } }), /\/reason/, fault);
        await refusedNaming(() => http(svc.url, 'POST', `/api/cards/${cardId}/revoke`, { token: svc.adminToken, body: { reason } }), /\/reason/, fault);
      }
    });

    it('pairing: a name with NUL or a lone surrogate → 400 naming /name, and the code still pairs afterwards', async () => {
      const { code } = await admin.call<{ code: string }>('POST', '/admin/pairing-codes', { libraryId: A });
      for (const [name, fault] of BAD) await refusedNaming(() => http(svc.url, 'POST', '/pair', { body: { code, name } }), /\/name/, fault);
      const ok = await http<{ token: string }>(svc.url, 'POST', '/pair', { body: { code, name: `櫃台 ${'𠮷'.repeat(77)}` } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    });

    it('the administrator\'s patron route: NUL or a lone surrogate in the name, a card number or a key → 400 naming the field', async () => {
      const patron = { homeLibraryId: A, cardNumbers: ['2001000000002'], name: '王小明', status: 'active', expiresOn: '2099-12-31', blocks: [] };
      for (const [bad, fault] of BAD) {
        await refusedNaming(() => http(svc.url, 'PUT', '/admin/patrons/pat-2', { token: svc.adminToken, body: { ...patron, name: bad } }), /\/name/, fault);
        await refusedNaming(() => http(svc.url, 'PUT', '/admin/patrons/pat-2', { token: svc.adminToken, body: { ...patron, cardNumbers: [bad] } }), /\/cardNumbers\/0/, fault);
        await refusedNaming(() => http(svc.url, 'PUT', '/admin/patrons/pat-2', { token: svc.adminToken, body: { ...patron, [bad]: 1 } }), /\//, fault);
      }
    });

    it('the administrator\'s other bodies: libraries, policies, requests, partner cards', async () => {
      const [bad, fault] = BAD[0]!;
      await refusedNaming(() => http(svc.url, 'POST', '/admin/requests', { token: svc.adminToken, body: { borrowerLibraryId: A, lenderLibraryId: HOST, patronId: 'pat-1', item: { barcode: '31000000000001', title: bad, author: '', callNumber: '', location: '', parts: 1 } } }), /\/item\/title/, fault);
      await refusedNaming(() => http(svc.url, 'PUT', `/admin/libraries/${A}`, { token: svc.adminToken, body: { contact: bad } }), /\/contact/, fault);
      await refusedNaming(() => http(svc.url, 'POST', '/admin/cards', { token: svc.adminToken, body: { holderName: bad, holderId: 'X-1', organisation: 'Org', hostLibraryId: '*', validUntil: '2099-01-01' } }), /\/holderName/, fault);
    });

    it('query strings and path parameters with NUL: a 4xx, never a 500', async () => {
      const seqQ = await http(svc.url, 'GET', '/replication/events/pull?seq=%00', { token: desk.token });
      expect(seqQ.status).toBe(400);
      const k = await http(svc.url, 'GET', `/cards/${cardId}?k=%00`);
      expect(k.status).toBe(400);
      const revoke = await http(svc.url, 'POST', '/admin/devices/dev-%00/revoke', { token: svc.adminToken });
      expect(revoke.status).toBe(404);
      const patron = await http(svc.url, 'PUT', '/admin/patrons/p%00', { token: svc.adminToken, body: { homeLibraryId: A, cardNumbers: ['1'], name: 'x', status: 'active', expiresOn: '2099-12-31', blocks: [] } });
      expect(patron.status).toBe(400);
    });

    it('astral characters count as one: 300 × 𠮷 is a valid revocation reason, 301 is too long', async () => {
      const long = await http(svc.url, 'POST', `/api/cards/${cardId}/revoke`, { token: desk.token, body: { reason: '𠮷'.repeat(301) } });
      expect(long.status).toBe(400);
      const ok = await http(svc.url, 'POST', `/api/cards/${cardId}/revoke`, { token: desk.token, body: { reason: '𠮷'.repeat(300) } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    });
  });
}
