// Logs never carry patron data, secrets or query strings. The service's own
// log stream is captured in-process across representative requests —
// pairing, pushes naming a patron, a write that fails (the database's error
// carries the whole record batch in its params), a card issued, its page
// opened with its secret link, a revocation, the administrator's patron
// route — and no line may hold the patron's name, card number, a token, a
// card's signed text or its page key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '#test/support/service';
import { startInterceptedService, type InterceptedService } from '#test/support/faulty-db';
import { AdminClient, DeskClient, http } from '#test/support/client';

const NAME = '測試讀者甲乙';
const CARD = '2009988776655';
const MARKER = 'FAIL-THIS-WRITE';

/** Any record batch carrying the marker gets a JSON "\u0000", which the database refuses: the whole write fails. */
function failWrites(param: unknown): unknown {
  return typeof param === 'string' && param.includes(MARKER) ? param.replaceAll(MARKER, '\\u0000') : param;
}

for (const backend of await backends()) {
  describe(`log capture on ${backend}`, () => {
    const lines: string[] = [];
    let svc: InterceptedService;
    const secrets: string[] = [NAME, CARD];

    beforeAll(async () => {
      svc = await startInterceptedService(backend, (_text, params) => params?.map(failWrites), {
        logger: { level: 'debug', stream: { write: (line: string) => void lines.push(line) } },
      });
      secrets.push(svc.adminToken);
    });
    afterAll(async () => svc?.dispose());

    it('no patron name, card number, token, card text or page key in any line', async () => {
      const admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('pat-log', 'NKUST', CARD, { name: NAME });
      // Pairing through the endpoint: the token is in the answer only.
      const { code } = await admin.call<{ code: string }>('POST', '/admin/pairing-codes', { libraryId: 'NKUST' });
      const paired = await http<{ deviceId: string; token: string }>(svc.url, 'POST', '/pair', { body: { code, name: `${NAME} 的櫃台` } });
      expect(paired.status).toBe(200);
      secrets.push(paired.body.token, code);
      const desk = new DeskClient(svc.url, paired.body.deviceId, 'NKUST', paired.body.token, 'staff');
      const request = (note: string, n: number) => desk.event('request.created', {
        requestId: `req-log-${n}`, patronId: 'pat-log', lenderLibraryId: 'NPTU', neededBy: null, note,
        item: { barcode: `3400000000000${n}`, title: `${NAME} 的書`, author: '', callNumber: '', location: '', parts: 1 },
      });
      expect((await desk.pushRaw([request(`for ${NAME}, card ${CARD}`, 1)])).status).toBe(200);
      // A write the database refuses as a whole (the event itself is unstorable there): logged, as a 503.
      const failed = await desk.pushRaw([request(`${MARKER} ${NAME} ${CARD}`, 2)]);
      expect(failed.status).toBe(503);
      // A token in a query string, as some clients send it.
      await http(svc.url, 'GET', `/me?token=${paired.body.token}&card=${CARD}`, { token: paired.body.token });
      // A card, its page by its secret link, a wrong link, a revocation naming the patron.
      const issued = await http<{ card: { id: string }; cardText: string; pagePath: string }>(svc.url, 'POST', '/api/cards', { token: desk.token, body: { patronId: 'pat-log', hostLibraryId: 'NPTU' } });
      expect(issued.status).toBe(200);
      const k = new URL(issued.body.pagePath, svc.url).searchParams.get('k')!;
      secrets.push(issued.body.cardText, k);
      expect((await fetch(svc.url + issued.body.pagePath)).status).toBe(200);
      await fetch(`${svc.url}/cards/${issued.body.card.id}?k=${k}x`);
      await http(svc.url, 'POST', `/api/cards/${issued.body.card.id}/revoke`, { token: desk.token, body: { reason: `${NAME} lost it` } });
      await admin.call('GET', '/admin/records/patrons');
      await http(svc.url, 'GET', '/me', { token: `rdt_${paired.body.token.slice(4)}x` });

      expect(lines.length).toBeGreaterThan(10);
      expect(lines.some((l) => l.includes('applying a push failed'))).toBe(true);
      const leaks = lines.flatMap((line) => secrets.filter((s) => line.includes(s)).map((s) => `${s.slice(0, 12)}… in ${line.slice(0, 300)}`));
      expect(leaks).toEqual([]);
      // Request lines keep the path, never the query string.
      expect(lines.some((l) => l.includes(`/cards/${issued.body.card.id}`))).toBe(true);
      expect(lines.filter((l) => /"url":"[^"]*\?/.test(l))).toEqual([]);
    });
  });
}
