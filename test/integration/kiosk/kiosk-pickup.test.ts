// The kiosk core against the real service, in its own process with the
// simulated pad and printer: pickup of a patron's holds (a two-part set
// needs both parts), refusals (another patron's hold, no hold), blocks,
// self-return with a fine, and the receipt modes. Tags are checked on the
// pad itself (AFI 0xC2 on loan, 0x07 secured); receipts as printed text.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { until } from '#test/support/until';
import type { KioskScreen, VisitLine } from '#renderer/kiosk/kiosk-core';
import type { RfidTagView } from '#shared/bridge';
import { LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { RemoteKiosk } from './support/remote-kiosk';
import { KioskSeed, tagsOf, cardTag, type Patron } from './support/kiosk-seed';

type Visit = Extract<KioskScreen, { kind: 'visit' }>;
const lines = (s: KioskScreen): VisitLine[] => (s.kind === 'visit' ? [...s.visit.lines] : []);
const lineOf = (s: KioskScreen, barcode: string) => lines(s).find((l) => l.barcode === barcode);

describe('kiosk pickup, refusals, blocks and self-return (real service, simulated pad and printer)', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  let seed: KioskSeed;
  let kiosk: RemoteKiosk;
  let dataDir: string;

  const afiOf = async (uid: string) => (await kiosk.call<RfidTagView[]>('tags')).find((t) => t.uid === uid)?.afi;
  const printedTexts = async () => (await kiosk.call<Array<{ key: string; text: string }>>('printed')).map((p) => p.text);

  beforeAll(async () => {
    svc = await startTestService('pglite');
    admin = new AdminClient(svc.url, svc.adminToken);
    const [nkust, nptu] = await Promise.all([admin.pairDesk('NKUST'), admin.pairDesk('NPTU')]);
    seed = new KioskSeed(admin, { NKUST: nkust as DeskClient, NPTU: nptu as DeskClient });
    await admin.call('PUT', '/admin/policies/NKUST', { kioskReceipt: 'print' });
    await admin.call('PUT', '/admin/libraries/NKUST', { isil: 'TW-NKUST', nameZh: '高雄科技大學', nameEn: 'National Kaohsiung University of Science and Technology', region: 'kaohsiung', active: true, hours: '週一至週五 08:00–21:00', contact: '07-381-4526 分機 1234', courierWeekdays: [2, 4] });
    const k = await admin.pairDesk('NKUST', 'kiosk', 'NKUST 自助借書機');
    dataDir = await mkdtemp(join(tmpdir(), 'relay-kiosk-'));
    kiosk = await RemoteKiosk.start({
      config: { serviceUrl: svc.url, deviceToken: k.token, deviceId: k.deviceId, libraryId: 'NKUST', role: 'kiosk' },
      dataDir, storage: 'memory', printer: { kind: 'simulated' },
    });
    await kiosk.call('awaitConverged');
  }, 90_000);

  afterAll(async () => {
    await kiosk?.stop();
    await svc?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('checks out the patron\'s holds (a set only with every part), releases their tags, refuses the rest and prints the receipt', async () => {
    const patron = await seed.patron('NKUST', '吳建華');
    const [single] = await seed.onShelf('NKUST', 'NPTU', patron, 1);
    const [set] = await seed.onShelf('NKUST', 'NPTU', patron, 1, { parts: 2 });
    const other = await seed.patron('NKUST', '許雅雯');
    const [theirs] = await seed.onShelf('NKUST', 'NPTU', other, 1);
    await until('the holds on the kiosk', async () => (await kiosk.call<unknown[]>('holdsOf', patron.id)).length === 2 && (await kiosk.call('record', 'holds', theirs!.holdId)) !== null);

    const hello = await kiosk.call<KioskScreen>('identify', patron.card);
    expect(hello).toMatchObject({ kind: 'visit', visit: { mode: 'pickup', patronId: patron.id } });

    // The single item and part 1 of the set: one loan, the set waits for its second part.
    let s = await kiosk.call<KioskScreen>('place', [...tagsOf(single!), ...tagsOf(set!, 2, [1])]);
    expect(lineOf(s, single!.barcode)).toMatchObject({ kind: 'checked_out', securityOk: true, offline: false });
    expect(lineOf(s, single!.barcode)?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(lineOf(s, set!.barcode)).toMatchObject({ kind: 'waiting_parts', parts: 2, missingParts: [2] });
    expect(await afiOf(tagsOf(single!)[0]!.uid)).toBe(LIBRARY_AFI.UNSECURED);
    expect(await afiOf(tagsOf(set!, 2)[0]!.uid)).toBe(LIBRARY_AFI.SECURED);
    expect(await kiosk.call<unknown[]>('eventsMentioning', set!.holdId)).toHaveLength(0);

    s = await kiosk.call<KioskScreen>('place', tagsOf(set!, 2, [2]));
    expect(lineOf(s, set!.barcode)).toMatchObject({ kind: 'checked_out', securityOk: true });
    for (const t of tagsOf(set!, 2)) expect(await afiOf(t.uid)).toBe(LIBRARY_AFI.UNSECURED);

    // Another patron's hold and a book that is no hold at all: refused, nothing recorded, tags untouched.
    s = await kiosk.call<KioskScreen>('place', [...tagsOf(theirs!), ...tagsOf({ barcode: '3199999999990', owner: 'TW-NKUST' })]);
    expect(lineOf(s, theirs!.barcode)).toMatchObject({ kind: 'refused', problem: { source: 'kiosk', code: 'NOT_YOUR_HOLD' } });
    expect(lineOf(s, '3199999999990')).toMatchObject({ kind: 'refused', problem: { source: 'kiosk', code: 'NOT_A_HOLD' } });
    expect(await afiOf(tagsOf(theirs!)[0]!.uid)).toBe(LIBRARY_AFI.SECURED);
    expect(await kiosk.call<unknown[]>('eventsMentioning', theirs!.holdId)).toHaveLength(0);

    // The same books again (a patron lifting and putting them down): nothing new is recorded.
    await kiosk.call('remove');
    s = await kiosk.call<KioskScreen>('place', tagsOf(single!));
    expect(lines(s).filter((l) => l.barcode === single!.barcode)).toHaveLength(1);
    expect(await kiosk.call<unknown[]>('eventsMentioning', single!.holdId)).toHaveLength(1);

    s = await kiosk.call<KioskScreen>('finish');
    expect(s).toMatchObject({ kind: 'goodbye', receipt: { kind: 'printed' } });
    const receipt = await until('the receipt on paper', async () => (await printedTexts()).find((t) => t.includes(single!.title)));
    expect(receipt).toContain('借還書收據');
    expect(receipt).toContain('借出 2 件');
    expect(receipt).toContain(set!.title);
    expect(receipt).toMatch(/到期 \d{4}-\d{2}-\d{2}（.）/);
    expect(receipt).toContain('已借 2/6');
    expect(receipt).toContain('借閱規則：每人可借 6 冊，借期 28 天。逾期每冊每日罰款 NT$5');
    expect(receipt).toContain('未繳罰款 NT$0');
    expect(receipt).toContain('開放時間 週一至週五 08:00–21:00');
    expect(receipt).toContain('聯絡 07-381-4526 分機 1234');
    expect(receipt).toContain('吳○華');
    expect(receipt).not.toContain('離線作業');
    expect(receipt).not.toContain(theirs!.title);

    await kiosk.call('awaitConverged');
    const loans = (await admin.records<{ patronId: string; state: string; itemBarcode: string; ownerLibraryId: string }>('loans')).documents;
    expect(loans.filter((l) => l.patronId === patron.id && l.state === 'active').map((l) => l.itemBarcode).sort()).toEqual([single!.barcode, set!.barcode].sort());
    expect(loans.find((l) => l.itemBarcode === single!.barcode)?.ownerLibraryId).toBe('NPTU');
    expect(await admin.record('holds', theirs!.holdId)).toMatchObject({ state: 'waiting' });
    await kiosk.call('remove');
    await kiosk.call('timeout');
  });

  it('a blocked, expired or full patron is told why and sent to the desk; nothing is recorded', async () => {
    const blocked = await seed.patron('NKUST', '李佩珊');
    const expired = await seed.patron('NKUST', '張家銘', { expiresOn: '2020-06-30' });
    const full = await seed.patron('NKUST', '鄭文傑');
    for (let i = 0; i < 6; i++) await seed.lentOut('NKUST', 'NPTU', full, 1);
    const [waiting] = await seed.onShelf('NKUST', 'NPTU', blocked, 1);
    // Blocked after the hold reached the shelf (a lost item reported meanwhile).
    await admin.patron(blocked.id, 'NKUST', blocked.card, { name: blocked.name, blocks: [{ code: 'lost_item', note: '', since: new Date().toISOString() }] });
    await until('the block on the kiosk', async () => ((await kiosk.call<{ blocks: unknown[] } | null>('record', 'patrons', blocked.id))?.blocks.length ?? 0) === 1);
    await until('the patrons on the kiosk', async () => (await kiosk.call('record', 'holds', waiting!.holdId)) !== null && (await kiosk.call('record', 'patrons', full.id)) !== null);
    await until('six loans', async () => ((await kiosk.call<{ loanCount: number } | null>('record', 'patrons', full.id))?.loanCount ?? 0) === 6);

    const cases: Array<[Patron, string]> = [[blocked, 'PATRON_BLOCKED'], [expired, 'PATRON_EXPIRED'], [full, 'LOAN_LIMIT_REACHED']];
    for (const [p, code] of cases) {
      const s = await kiosk.call<KioskScreen>('identify', p.card);
      expect(s).toMatchObject({ kind: 'blocked', patronId: p.id, problems: [{ source: 'rules', code }] });
    }
    // A blocked patron's hold on the pad does nothing.
    const s = await kiosk.call<KioskScreen>('place', tagsOf(waiting!));
    expect(s.kind).toBe('blocked');
    expect(await kiosk.call<unknown[]>('eventsMentioning', waiting!.holdId)).toHaveLength(0);
    expect(await afiOf(tagsOf(waiting!)[0]!.uid)).toBe(LIBRARY_AFI.SECURED);
    await kiosk.call('remove');
    expect((await kiosk.call<KioskScreen>('identify', '2999999999999')).kind).toBe('welcome');
    expect(await kiosk.call<KioskScreen>('screen')).toMatchObject({ kind: 'welcome', problem: { code: 'UNKNOWN_CARD' } });
  });

  it('a patron card put on the pad identifies the patron (once: a card left lying does not start another visit)', async () => {
    const patron = await seed.patron('NKUST', '王小明');
    const [hold] = await seed.onShelf('NKUST', 'NPTU', patron, 1);
    await until('the hold on the kiosk', async () => (await kiosk.call('record', 'holds', hold!.holdId)) !== null);
    let s = await kiosk.call<KioskScreen>('place', [cardTag(patron.card)]);
    expect(s).toMatchObject({ kind: 'visit', visit: { patronId: patron.id } });
    s = await kiosk.call<KioskScreen>('place', tagsOf(hold!));
    expect(lineOf(s, hold!.barcode)).toMatchObject({ kind: 'checked_out' });
    // The card scanned again keeps the visit; a book's barcode scanned is pointed to the pad.
    s = await kiosk.call<KioskScreen>('identify', patron.card);
    expect(lineOf(s, hold!.barcode)).toMatchObject({ kind: 'checked_out' });
    s = await kiosk.call<KioskScreen>('identify', hold!.barcode);
    expect(s).toMatchObject({ kind: 'visit', notice: { code: 'PLACE_ON_PAD' } });
    expect(lineOf(s, hold!.barcode)).toMatchObject({ kind: 'checked_out' });
    s = await kiosk.call<KioskScreen>('finish');
    expect(s.kind).toBe('goodbye');
    await kiosk.call('remove', tagsOf(hold!).map((t) => t.uid));
    expect((await kiosk.call<KioskScreen>('screen')).kind).toBe('goodbye');
    await kiosk.call('remove');
    await kiosk.call('timeout');
  });

  it('self-return: the loan ends, the fine is shown, the tag is secured, staff are told where it goes, the receipt lists it', async () => {
    const patron = await seed.patron('NKUST', '張志明');
    const late = await seed.lentOut('NKUST', 'NPTU', patron, 40);
    await until('the loan on the kiosk', async () => (await kiosk.call('record', 'loans', late.loanId)) !== null);

    let s = await kiosk.call<KioskScreen>('startReturn');
    expect(s).toMatchObject({ kind: 'visit', visit: { mode: 'return' } });
    s = await kiosk.call<KioskScreen>('place', [...tagsOf(late).map((t) => ({ ...t, afi: LIBRARY_AFI.UNSECURED })), ...tagsOf({ barcode: '3188888888880', owner: 'TW-NPTU' })]);
    const line = lineOf(s, late.barcode)!;
    expect(line).toMatchObject({ kind: 'returned', securityOk: true, returnTo: 'NPTU' });
    expect(line.fine).toBeGreaterThan(0);
    expect(line.overdueDays).toBeGreaterThan(0);
    expect(lineOf(s, '3188888888880')).toMatchObject({ kind: 'refused', problem: { code: 'NOT_ON_LOAN_HERE' } });
    expect(await afiOf(tagsOf(late)[0]!.uid)).toBe(LIBRARY_AFI.SECURED);
    expect((s as Visit).visit.patronId).toBe(patron.id);
    // Only the return was recorded: a kiosk never packs (item.packed is staff-only).
    expect((await kiosk.call<Array<{ type: string }>>('eventsMentioning', late.loanId)).map((e) => e.type)).toEqual(['loan.ended']);

    s = await kiosk.call<KioskScreen>('finish');
    expect(s).toMatchObject({ kind: 'goodbye', receipt: { kind: 'printed' } });
    const receipt = await until('the return receipt', async () => (await printedTexts()).find((t) => t.includes('歸還 1 件')));
    expect(receipt).toContain(late.title);
    expect(receipt).toContain(`逾期 ${line.overdueDays} 天 NT$${line.fine}`);
    expect(receipt).toContain(`本次罰款 NT$${line.fine}`);

    await kiosk.call('awaitConverged');
    expect(await admin.record('loans', late.loanId)).toMatchObject({ state: 'returned', fineAmount: line.fine });
    // On the borrowing library's list of returns to pack (staff desk), not packed by the kiosk.
    expect(await admin.record('requests', late.requestId)).toMatchObject({ borrowerState: 'awaiting_return_shipping', parcelId: null });
    const fines = (await admin.records<{ loanId: string; amount: number }>('fines')).documents;
    expect(fines.find((f) => f.loanId === late.loanId)?.amount).toBe(line.fine);
    await kiosk.call('remove');
    await kiosk.call('timeout');
  });

  it('receipt "ask": the patron chooses; the idle timeout never prints one', async () => {
    await admin.call('PUT', '/admin/policies/NKUST', { kioskReceipt: 'ask' });
    await until('the policy on the kiosk', async () => ((await kiosk.call<{ fields: { kioskReceipt?: string } } | null>('record', 'policies', 'NKUST'))?.fields.kioskReceipt) === 'ask');
    const patron = await seed.patron('NKUST', '林淑芬');
    const holds = await seed.onShelf('NKUST', 'NPTU', patron, 2);
    await until('the holds on the kiosk', async () => (await kiosk.call<unknown[]>('holdsOf', patron.id)).length === 2);
    const before = (await printedTexts()).length;

    await kiosk.call('identify', patron.card);
    await kiosk.call('place', tagsOf(holds[0]!));
    let s = await kiosk.call<KioskScreen>('finish');
    expect(s.kind).toBe('ask_receipt');
    s = await kiosk.call<KioskScreen>('answerReceipt', false);
    expect(s).toMatchObject({ kind: 'goodbye', receipt: { kind: 'none' } });
    await kiosk.call('remove');

    await kiosk.call('identify', patron.card);
    await kiosk.call('place', tagsOf(holds[1]!));
    s = await kiosk.call<KioskScreen>('timeout');
    expect(s).toMatchObject({ kind: 'welcome', problem: null });
    expect((await printedTexts()).length).toBe(before);

    // Asked for later, the receipt comes out marked as a copy. Two visits of one patron minutes apart read as one.
    await kiosk.call('remove');
    await kiosk.call('identify', patron.card);
    expect(await kiosk.call('reprintLast', patron.id)).toEqual({ kind: 'printed' });
    const copy = await until('the copy', async () => (await printedTexts()).find((t) => t.includes(holds[1]!.title)));
    expect(copy).toContain('補印 COPY');
    expect(copy).toContain(holds[0]!.title);
    expect(copy).toContain('借出 2 件');
    await kiosk.call('timeout');
    await admin.call('PUT', '/admin/policies/NKUST', { kioskReceipt: 'print' });
  });
});
