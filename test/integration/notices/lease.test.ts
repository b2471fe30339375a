// Two senders racing over one queue whose sends are slower than the lease:
// a notice waiting behind slow sends must not run out of its claim and be
// sent by both. The first sender renews a claim older than half its lease
// before sending, and gives the notice up if the other has taken it. SMTP is
// a slow in-memory transport here: what is tested is the claim, not the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '#test/support/service';
import { drainNotices, type SenderSettings } from '#server/notices/sender';
import type { MailTransport } from '#server/notices/mailer';
import { queueNotices } from '#server/notices/queue';
import { setPreferences, defaultPreferences } from '#server/notices/preferences';
import { DEFAULT_NOTICE_SETTINGS } from '#server/notices/settings';
import { QUIET, startNoticeService } from './support/flow';

const slow = (sent: string[], ms: number): MailTransport => ({
  async send(mail) {
    await new Promise((r) => setTimeout(r, ms));
    sent.push(mail.messageId);
  },
  close: () => undefined,
});

for (const backend of await backends()) {
  describe(`claims and leases on ${backend}`, () => {
    let svc: Awaited<ReturnType<typeof startNoticeService>>;
    beforeAll(async () => {
      const saved = process.env['SMTP_URL'];
      delete process.env['SMTP_URL'];
      svc = await startNoticeService(backend, QUIET);
      if (saved !== undefined) process.env['SMTP_URL'] = saved;
      await setPreferences(svc.db, 'p-1', { ...defaultPreferences(), email: 'reader@student.example.edu.tw' });
    });
    afterAll(async () => svc?.dispose());

    it('never sends a notice twice when sends outlast the lease', async () => {
      const N = 6;
      await svc.db.transaction((tx) => queueNotices(tx, Array.from({ length: N }, (_, i) => ({
        dedupeKey: `lease:${i}`, kind: 'request_received' as const, patronId: 'p-1', libraryId: 'NKUST', requestId: null, holdId: null, loanId: null, sourceSeq: null, vars: { title: `T${i}` },
      }))));
      const s: SenderSettings = { ...DEFAULT_NOTICE_SETTINGS, leaseMs: 400, batchSize: N, connections: 1, retryBackoff: { initialMs: 50, maxMs: 50 } };
      const sent: string[] = [];
      // A claims all six and sends one at a time, 250 ms each: the last ones wait far past the 400 ms lease.
      const a = drainNotices(svc.db, slow(sent, 250), s);
      // B comes by while A is busy and again later, as a second process's loop would.
      await new Promise((r) => setTimeout(r, 450));
      const b1 = await drainNotices(svc.db, slow(sent, 250), { ...s, batchSize: 2 });
      const b2 = await drainNotices(svc.db, slow(sent, 250), s);
      const ra = await a;
      const b3 = await drainNotices(svc.db, slow(sent, 250), s);
      expect(new Set(sent).size).toBe(sent.length);
      expect(sent).toHaveLength(N);
      expect(ra.sent + b1.sent + b2.sent + b3.sent).toBe(N);
      const { rows } = await svc.db.query<{ n: string }>(`select count(*)::text as n from notices where state = 'sent' and dedupe_key like 'lease:%'`);
      expect(rows[0]!.n).toBe(String(N));
    });
  });
}
