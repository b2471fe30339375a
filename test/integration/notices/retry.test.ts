// When SMTP is not there: with none configured notices wait in the queue (and
// the status route says so); with the server down they are retried with
// backoff and delivered once it is back; a server that refuses (5xx) makes
// them 'failed' after the attempt limit, visible at /admin/notices without
// the address, and an administrator's retry sends them once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '#test/support/service';
import { AdminClient, http } from '#test/support/client';
import { until } from '#test/support/until';
import { duplicates, TestSmtp } from './support/smtp';
import { QUIET, startNoticeService } from './support/flow';

interface Row { id: string; kind: string; state: string; attempts: number; lastError: string | null; requestId: string | null }

for (const backend of await backends()) {
  describe(`notices when SMTP is missing, down or refusing, on ${backend}`, () => {
    const smtp = new TestSmtp();
    let svc: Awaited<ReturnType<typeof startNoticeService>>;
    let admin: AdminClient;
    const lines: string[] = [];
    const rows = async (requestId: string) => (await admin.call<{ notices: Row[] }>('GET', `/admin/notices?requestId=${requestId}`)).notices;

    beforeAll(async () => {
      await smtp.start();
      await smtp.stop(); // down from the start; the same port comes back later
      svc = await startNoticeService(backend, { ...QUIET, SMTP_URL: smtp.url, NOTICES_RETRY_MS: '100', NOTICES_MAX_ATTEMPTS: '3', NOTICES_SMTP_TIMEOUT_MS: '3000' }, {
        logger: { level: 'debug', stream: { write: (line: string) => void lines.push(line) } },
      });
      admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('p-1', 'NKUST', '2001000012345');
      await admin.call('PUT', '/admin/notices/contacts/p-1', { email: 'reader.one@student.example.edu.tw', language: 'en' });
    });
    afterAll(async () => {
      await svc?.dispose();
      await smtp.stop();
    });

    it('keeps notices queued while SMTP is down, retries with backoff, delivers once when it is back', async () => {
      const { id } = await admin.request('NKUST', 'NPTU', 'p-1', '31234000000017');
      await svc.notices.consume();
      // (The service's own loop may have tried first, woken by the change: the state is what counts.)
      await svc.notices.drain();
      const [queued] = await rows(id);
      expect(queued).toMatchObject({ kind: 'request_received', state: 'queued' });
      expect(queued!.attempts).toBeGreaterThanOrEqual(1);
      expect(queued!.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      await new Promise((r) => setTimeout(r, 300));
      await svc.notices.drain();
      const [retried] = await rows(id);
      expect(retried!.state).toBe('queued');
      expect(retried!.attempts).toBeGreaterThan(queued!.attempts);

      await smtp.start(smtp.port);
      await until('the notice sent', async () => {
        await svc.notices.drain();
        return (await rows(id))[0]?.state === 'sent';
      }, 5000);
      expect(smtp.received).toHaveLength(1);
      expect((await rows(id))[0]).toMatchObject({ state: 'sent', attempts: retried!.attempts + 1, lastError: null });
      await svc.notices.drain();
      expect(smtp.received).toHaveLength(1);
    });

    it('marks a notice failed after the attempt limit when the server refuses it (5xx), without the address', async () => {
      smtp.mode = 'refuse';
      const { id } = await admin.request('NKUST', 'NPTU', 'p-1', '31234000000025');
      await svc.notices.consume();
      await until('the notice failed', async () => {
        await svc.notices.drain();
        return (await rows(id))[0]?.state === 'failed';
      }, 10_000);
      const [failed] = await rows(id);
      expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
      expect(failed!.lastError).toContain('550');
      expect(failed!.lastError).not.toContain('@');
      expect((await admin.call<{ notices: Row[] }>('GET', '/admin/notices?state=failed')).notices.map((n) => n.id)).toContain(failed!.id);
      const status = await admin.call<{ counts: { failed: number } }>('GET', '/admin/notices/status');
      expect(status.counts.failed).toBeGreaterThanOrEqual(1);

      // The administrator fixes the cause and retries: sent once.
      smtp.mode = 'accept';
      const before = smtp.received.length;
      expect(await admin.call('POST', `/admin/notices/${failed!.id}/retry`)).toEqual({ id: failed!.id, state: 'queued' });
      await until('the retried notice sent', async () => {
        await svc.notices.drain();
        return (await rows(id))[0]?.state === 'sent';
      }, 5000);
      expect(smtp.received.length).toBe(before + 1);
      const again = await http<{ error: { code: string } }>(svc.url, 'POST', `/admin/notices/${failed!.id}/retry`, { token: svc.adminToken });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('NOTICE_ALREADY_SENT');
      expect(duplicates(smtp.received)).toEqual([]);
    });

    it('logged the failures (ids, kinds, SMTP codes) and never the address', () => {
      const notices = lines.filter((l) => l.includes('"feature":"notices"'));
      expect(notices.some((l) => l.includes('will retry') && l.includes('ECONNREFUSED'))).toBe(true);
      expect(notices.some((l) => l.includes('failed for good') && l.includes('550'))).toBe(true);
      for (const l of lines) {
        expect(l).not.toContain('reader.one');
        expect(l).not.toContain('student.example.edu.tw');
      }
    });
  });

  describe(`notices with no SMTP configured on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startNoticeService>>;
    beforeAll(async () => {
      const saved = process.env['SMTP_URL'];
      delete process.env['SMTP_URL'];
      svc = await startNoticeService(backend, QUIET);
      if (saved !== undefined) process.env['SMTP_URL'] = saved;
    });
    afterAll(async () => svc?.dispose());

    it('keeps them queued and says so in the status route', async () => {
      const admin = new AdminClient(svc.url, svc.adminToken);
      await admin.patron('p-1', 'NKUST', '2001000012345');
      await admin.call('PUT', '/admin/notices/contacts/p-1', { email: 'reader.one@student.example.edu.tw', language: 'zh-TW' });
      await admin.request('NKUST', 'NPTU', 'p-1', '31234000000017');
      await svc.notices.consume();
      expect(await svc.notices.drain()).toBeNull();
      const status = await admin.call<{ smtp: { configured: boolean; message: string }; counts: { queued: number } }>('GET', '/admin/notices/status');
      expect(status.smtp.configured).toBe(false);
      expect(status.smtp.message).toContain('SMTP_URL');
      expect(status.counts.queued).toBe(1);

      // Retrying a queued notice that a sender has claimed makes it due, and leaves the claim alone
      // (clearing it would let a second send race the one in flight).
      await svc.db.query(`update notices set lease_token = 'in-flight', lease_until = now() + interval '1 hour', attempts = 2`);
      const [n] = (await admin.call<{ notices: Array<{ id: string }> }>('GET', '/admin/notices?state=queued')).notices;
      expect(await admin.call('POST', `/admin/notices/${n!.id}/retry`)).toEqual({ id: n!.id, state: 'queued' });
      const { rows } = await svc.db.query<{ lease_token: string | null; attempts: number }>('select lease_token, attempts from notices where id = $1', [n!.id]);
      expect(rows[0]).toEqual({ lease_token: 'in-flight', attempts: 2 });
    });
  });
}
