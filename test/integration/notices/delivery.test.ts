// Notices delivered to a real SMTP server on loopback, on PGlite and
// PostgreSQL: subject and body in zh-TW and English, the library's sender,
// exactly one message per state change (a replayed log range and repeated
// sweeps add none), opt-outs and patrons without an address skipped and
// visible to staff, and the desk's view of whether a patron was told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '#test/support/service';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { addDays } from '#shared/domain/dates';
import { duplicates, TestSmtp } from './support/smtp';
import { QUIET, startNoticeService, toHoldShelf } from './support/flow';

for (const backend of await backends()) {
  describe(`patron notices over SMTP on ${backend}`, () => {
    let smtp: TestSmtp;
    let svc: Awaited<ReturnType<typeof startNoticeService>>;
    let admin: AdminClient;
    let lender: DeskClient;
    let borrower: DeskClient;

    const settle = async () => {
      await svc.notices.consume();
      await svc.notices.drain();
    };
    const list = (q: string) => admin.call<{ notices: Array<{ id: string; kind: string; state: string; skipReason: string | null; patronId: string; requestId: string | null; attempts: number; lastError: string | null }> }>('GET', `/admin/notices${q}`);

    beforeAll(async () => {
      smtp = await new TestSmtp().start();
      svc = await startNoticeService(backend, { ...QUIET, SMTP_URL: smtp.url, NOTICES_FROM: 'relay@consortium.example' });
      admin = new AdminClient(svc.url, svc.adminToken);
      lender = await admin.pairDesk('NPTU');
      borrower = await admin.pairDesk('NKUST');
      for (const [id, card] of [['p-en', '2001'], ['p-zh', '2002'], ['p-out', '2003'], ['p-none', '2004']] as const) await admin.patron(id, 'NKUST', `${card}000012345`);
      await admin.call('PUT', '/admin/notices/contacts/p-en', { email: 'reader.en@student.example.edu.tw', language: 'en' });
      await admin.call('PUT', '/admin/notices/contacts/p-zh', { email: 'reader.zh@student.example.edu.tw', language: 'zh-TW' });
      await admin.call('PUT', '/admin/notices/contacts/p-out', { email: 'reader.out@student.example.edu.tw', language: 'zh-TW', kinds: { ready_for_pickup: false } });
      await admin.call('PUT', '/admin/notices/senders/NKUST', { fromName: '高科大圖書館 館際合作', fromAddress: 'ill@lib.nkust.example.edu.tw' });
    });
    afterAll(async () => {
      await svc?.dispose();
      await smtp?.stop();
    });

    it('sends request_received and ready_for_pickup in the patron\'s language, from the library\'s sender, once each', async () => {
      const zh = await toHoldShelf(admin, lender, borrower, 'p-zh');
      const en = await toHoldShelf(admin, lender, borrower, 'p-en');
      await settle();
      expect(smtp.received).toHaveLength(4);
      const zhMail = smtp.received.filter((m) => m.to === 'reader.zh@student.example.edu.tw');
      const enMail = smtp.received.filter((m) => m.to === 'reader.en@student.example.edu.tw');
      expect(zhMail.map((m) => m.kind).sort()).toEqual(['ready_for_pickup', 'request_received']);
      expect(enMail.map((m) => m.kind).sort()).toEqual(['ready_for_pickup', 'request_received']);

      const hold = await admin.record<{ shelfSpot: string; pickupBy: string }>('holds', zh.holdId);
      const zhReady = zhMail.find((m) => m.kind === 'ready_for_pickup')!;
      expect(zhReady.subject).toBe('【預約書到館通知】資料結構與演算法');
      expect(zhReady.text).toContain(`預約書架 ${hold!.shelfSpot}`);
      expect(zhReady.text).toContain(`取書期限：${hold!.pickupBy}`);
      expect(zhReady.text).toContain('借期 28 天');
      expect(zhReady.text).toContain('滯還金新臺幣 5 元');
      expect(zhReady.text).toContain('免費');
      expect(zhReady.text).not.toMatch(/\{\{|\}\}/);
      expect(zhReady.from).toBe('ill@lib.nkust.example.edu.tw');
      expect(zhReady.fromName).toBe('高科大圖書館 館際合作');

      const enReady = enMail.find((m) => m.kind === 'ready_for_pickup')!;
      const enHold = await admin.record<{ shelfSpot: string; pickupBy: string }>('holds', en.holdId);
      expect(enReady.subject).toBe('[Ready for pickup] 資料結構與演算法');
      expect(enReady.text).toContain(`hold shelf ${enHold!.shelfSpot}`);
      expect(enReady.text).toContain(`Pick it up by ${enHold!.pickupBy}`);
      expect(enReady.text).toContain('NT$5 per open day');
      expect(enReady.text).toContain('free of charge');
      expect(enReady.text).toContain('National Kaohsiung University of Science and Technology');
      expect(enReady.messageId).toMatch(/^<notice\.[0-9a-f]{40}@notices\.relay-desk\.invalid>$/);

      // The desk of a party sees that the patron was told; a third library learns nothing.
      const seen = await http<{ notices: Array<{ kind: string; state: string; sentAt: string | null }> }>(svc.url, 'GET', `/api/notices?requestId=${zh.requestId}`, { token: borrower.token });
      expect(seen.status).toBe(200);
      expect(seen.body.notices.map((n) => `${n.kind}:${n.state}`).sort()).toEqual(['ready_for_pickup:sent', 'request_received:sent']);
      expect(JSON.stringify(seen.body)).not.toContain('@');
      const third = await admin.pairDesk('NUK');
      expect((await http(svc.url, 'GET', `/api/notices?requestId=${zh.requestId}`, { token: third.token })).status).toBe(404);
    });

    it('sends nothing again when the consumer replays the whole log, or the service sweeps twice', async () => {
      const before = smtp.received.length;
      await svc.db.query('update notice_cursor set seq = 0 where id = 1');
      expect(await svc.notices.consume()).toBe(0);
      await svc.notices.drain();
      expect(smtp.received.length).toBe(before);
      expect(duplicates(smtp.received)).toEqual([]);
    });

    it('reminds before pickup-by, warns before the due date, after it, and confirms the return; each once', async () => {
      // A patron of its own: a sweep at a travelled-to time also reminds the other tests' patrons.
      await admin.patron('p-time', 'NKUST', '2009000012345');
      await admin.call('PUT', '/admin/notices/contacts/p-time', { email: 'reader.time@student.example.edu.tw', language: 'zh-TW' });
      const mine = () => smtp.received.filter((m) => m.to === 'reader.time@student.example.edu.tw' && m.kind !== 'request_received' && m.kind !== 'ready_for_pickup');
      const { holdId, requestId } = await toHoldShelf(admin, lender, borrower, 'p-time');
      await settle();
      const hold = (await admin.record<{ pickupBy: string }>('holds', holdId))!;
      const noonTaipei = (date: string) => Date.parse(`${date}T04:00:00Z`);
      expect(await svc.notices.sweep(noonTaipei(addDays(hold.pickupBy, -3)))).toBe(0);
      expect(await svc.notices.sweep(noonTaipei(addDays(hold.pickupBy, -1)))).toBeGreaterThanOrEqual(1);
      // Again at the same time, and on the last day: the reminder for this pickup-by date exists already.
      expect(await svc.notices.sweep(noonTaipei(addDays(hold.pickupBy, -1)))).toBe(0);
      expect(await svc.notices.sweep(noonTaipei(hold.pickupBy))).toBe(0);
      await svc.notices.drain();
      expect(mine().map((m) => m.kind)).toEqual(['pickup_reminder']);
      expect(mine()[0]!.subject).toBe(`【取書提醒】資料結構與演算法 取書期限 ${hold.pickupBy}`);

      await borrower.push('loan.started', { loanId: `loan-${requestId}`, holdId, patronId: 'p-time' });
      const loan = (await admin.record<{ dueDate: string }>('loans', `loan-${requestId}`))!;
      await svc.notices.sweep(noonTaipei(addDays(loan.dueDate, -2)));
      expect(await svc.notices.sweep(noonTaipei(addDays(loan.dueDate, -1)))).toBe(0);
      await svc.notices.sweep(noonTaipei(addDays(loan.dueDate, 1)));
      expect(await svc.notices.sweep(noonTaipei(addDays(loan.dueDate, 2)))).toBe(0);
      await borrower.push('loan.ended', { loanId: `loan-${requestId}`, fineId: `fine-${requestId}` });
      await settle();
      const later = mine().slice(1);
      expect(later.map((m) => m.kind)).toEqual(['due_soon', 'overdue', 'returned']);
      expect(later[0]!.subject).toBe(`【到期通知】資料結構與演算法 將於 ${loan.dueDate} 到期`);
      expect(later[0]!.text).toContain('滯還金新臺幣 5 元');
      expect(later[1]!.subject).toBe('【逾期通知】資料結構與演算法 已逾期');
      expect(later[2]!.subject).toBe('【還書通知】資料結構與演算法 已歸還');
      expect(later[2]!.text).toContain('歸還，謝謝您');
      expect(duplicates(smtp.received)).toEqual([]);
    });

    it('tells the patron when a request cannot be filled, with what to do next', async () => {
      const { id } = await admin.request('NKUST', 'NPTU', 'p-en', '31299999999999');
      await lender.push('request.cannot_supply', { requestId: id, reason: 'Missing from the shelf' });
      const start = smtp.received.length;
      await settle();
      const mails = smtp.received.slice(start).filter((m) => m.to === 'reader.en@student.example.edu.tw');
      expect(mails.map((m) => m.kind).sort()).toEqual(['cannot_fill', 'request_received']);
      const cf = mails.find((m) => m.kind === 'cannot_fill')!;
      expect(cf.text).toContain('Reason: Missing from the shelf');
      expect(cf.text).toContain('circulation desk');
      expect(cf.text).toContain('search the union catalogue again');
    });

    it('skips a patron who opted out of the kind, and one with no address; staff see why', async () => {
      const start = smtp.received.length;
      const out = await toHoldShelf(admin, lender, borrower, 'p-out');
      const none = await toHoldShelf(admin, lender, borrower, 'p-none');
      await settle();
      const mails = smtp.received.slice(start).filter((m) => m.kind !== 'pickup_reminder');
      // p-out still gets request_received (opted out of ready_for_pickup only); p-none gets nothing.
      expect(mails.map((m) => `${m.to}:${m.kind}`)).toEqual(['reader.out@student.example.edu.tw:request_received']);
      const outRows = (await list(`?requestId=${out.requestId}`)).notices;
      expect(outRows.map((n) => `${n.kind}:${n.state}:${n.skipReason ?? ''}`).sort()).toEqual(['ready_for_pickup:skipped:opted_out', 'request_received:sent:']);
      const noneRows = (await list(`?patronId=p-none&state=skipped`)).notices;
      expect(noneRows.filter((n) => n.requestId === none.requestId).map((n) => `${n.kind}:${n.skipReason}`).sort()).toEqual(['ready_for_pickup:no_email', 'request_received:no_email']);
      // The staff list carries no address and no text.
      expect(JSON.stringify(await list(''))).not.toMatch(/@|資料結構/);

      // The patron gives an address at the desk; staff retry the skipped ready_for_pickup: sent once.
      await admin.call('PUT', '/admin/notices/contacts/p-none', { email: 'reader.late@student.example.edu.tw', language: 'en' });
      const skipped = noneRows.find((n) => n.requestId === none.requestId && n.kind === 'ready_for_pickup')!;
      await admin.call('POST', `/admin/notices/${skipped.id}/retry`);
      await svc.notices.drain();
      expect(smtp.received.filter((m) => m.to === 'reader.late@student.example.edu.tw').map((m) => m.kind)).toEqual(['ready_for_pickup']);
    });

    it('uses a library\'s own template over the built-in text, and refuses unknown placeholders', async () => {
      await admin.call('PUT', '/admin/notices/templates', { libraryId: 'NKUST', kind: 'request_received', language: 'en', subject: 'NKUST got it: {{title}}', body: 'We will call you. {{library}}' });
      const bad = await http<{ error: { code: string; message: string } }>(svc.url, 'PUT', '/admin/notices/templates', { token: svc.adminToken, body: { libraryId: null, kind: 'overdue', language: 'en', subject: 'x {{titel}}', body: 'y' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('{{titel}}');
      const start = smtp.received.length;
      await admin.request('NKUST', 'NPTU', 'p-en', '31288888888888');
      await settle();
      const [m] = smtp.received.slice(start).filter((x) => x.kind === 'request_received');
      expect(m!.subject).toBe('NKUST got it: 資料結構與演算法');
      expect(m!.text.trim()).toBe('We will call you. National Kaohsiung University of Science and Technology');
    });
  });
}
