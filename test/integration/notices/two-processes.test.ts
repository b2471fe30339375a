// Two service instances on one PostgreSQL database, both consuming the event
// log, both sweeping and both sending to the same SMTP server at once: the
// cursor's lock, the dedupe keys and `for update skip locked` claims leave
// exactly one message per notice. PostgreSQL only (an embedded PGlite
// database belongs to one process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { duplicates, TestSmtp } from './support/smtp';
import { QUIET, startNoticeService } from './support/flow';

const run = (await backends()).includes('postgres');

describe.skipIf(!run)('two service processes on one PostgreSQL', () => {
  const smtp = new TestSmtp();
  let db: { url: string; drop: () => Promise<void> };
  let one: Awaited<ReturnType<typeof startNoticeService>>;
  let two: Awaited<ReturnType<typeof startNoticeService>>;

  beforeAll(async () => {
    await smtp.start();
    db = await createTestDatabase('relay_notices2');
    const env = { ...QUIET, SMTP_URL: smtp.url, NOTICES_BATCH_SIZE: '3', NOTICES_SMTP_CONNECTIONS: '2' };
    one = await startNoticeService('postgres', env, { databaseUrl: db.url });
    two = await startNoticeService('postgres', env, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await one?.dispose();
    await two?.dispose();
    await db?.drop();
    await smtp.stop();
  });

  it('sends each notice once while both consume, sweep and drain together', async () => {
    const admin = new AdminClient(one.url, one.adminToken);
    const N = 30;
    for (let i = 0; i < N; i++) {
      await admin.patron(`p-${i}`, 'NKUST', `20010000${String(i).padStart(5, '0')}`);
      await admin.call('PUT', `/admin/notices/contacts/p-${i}`, { email: `reader${i}@student.example.edu.tw`, language: 'zh-TW' });
      await admin.request('NKUST', 'NPTU', `p-${i}`, `312340000${String(i).padStart(5, '0')}`);
    }
    // Both at once, twice over: consume, sweep, drain.
    await Promise.all([one.notices.consume(), two.notices.consume(), one.notices.consume(), two.notices.consume()]);
    await Promise.all([one.notices.sweep(), two.notices.sweep()]);
    const [a, b] = await Promise.all([one.notices.drain(), two.notices.drain()]);
    await Promise.all([one.notices.drain(), two.notices.drain()]);
    expect(smtp.received).toHaveLength(N);
    expect(duplicates(smtp.received)).toEqual([]);
    // No claim ran out under the other process (which would mean it could have sent the notice too).
    expect((a?.lostLease ?? 0) + (b?.lostLease ?? 0)).toBe(0);
    const { rows } = await one.db.query<{ n: string }>(`select count(*)::text as n from notices where state = 'sent'`);
    expect(rows[0]!.n).toBe(String(N));
  });
});
