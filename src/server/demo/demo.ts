// A demo consortium with data in every state: requests at each step on both
// sides, parcels open, sealed and in transit both ways, one closed with an item
// missing, holds waiting and expired, loans current and overdue, fines owed.
// Everything is created through the real events and reducer, with event times
// in the past so that due dates, pickup windows and fines come out as they would.
import type { Database } from '#server/db/database';
import { applyEvents } from '#server/events/apply-events';
import { applyAdminEvent } from '#server/events/admin-events';
import { CardService } from '#server/cards/card-service';
import { formatHlc } from '#shared/domain/hlc';
import { newId } from '#shared/domain/ids';
import type { EventDoc, EventPayload, EventType } from '#shared/domain/events';
import { seedDemoConsoleAccounts } from '#server/console/demo-accounts';
import { loadDemoCatalogue } from '#server/requests/demo-catalogue';
import { seedDemoPortalPatrons } from '#server/portal/demo-patrons';
import { seedDemoServices } from './demo-services';

const DAY = 86_400_000;

/** 14-digit library barcode: 3 (item) or 2 (patron), 4-digit institution, 8-digit serial, Luhn check digit. */
export function demoBarcode(kind: 2 | 3, institution: number, serial: number): string {
  const body = `${kind}${institution.toString().padStart(4, '0')}${serial.toString().padStart(8, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    if (d > 9) d -= 9;
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10).toString();
}

const INSTITUTION: Record<string, number> = { NKUST: 1021, NPTU: 1302, NUK: 1033, KMU: 1044, STUST: 1205 };

const BOOKS = [
  { title: '資料結構與演算法', author: '李淑芬', callNumber: 'QA76.9 .D35 L5 2021' },
  { title: '臺灣史新編', author: '吳密察', callNumber: '733.21 8445' },
  { title: '海洋生態學導論', author: '陳昭倫', callNumber: 'QH541.5 .S3 C4' },
  { title: 'Introduction to Algorithms', author: 'Cormen, T. H.', callNumber: 'QA76.6 .C662 2022' },
  { title: '藥理學概論', author: '林崇智', callNumber: 'RM300 .L5 2020' },
  { title: '餐旅管理：理論與實務', author: '黃韶顏', callNumber: 'TX911.3 .M27 H8' },
  { title: '機器學習實戰', author: '王建民', callNumber: 'Q325.5 .W36 2023' },
  { title: '紅樓夢（校注本）', author: '曹雪芹', callNumber: '857.49 5513' },
  { title: 'Clinical Nursing Skills', author: 'Smith, S. F.', callNumber: 'RT41 .S64 2019' },
  { title: '流體力學', author: '張家豪', callNumber: 'QA901 .C43 2018' },
  { title: '社會學（第五版）', author: 'Giddens, A.', callNumber: 'HM586 .G53 2021' },
  { title: '高雄港都百年', author: '曾玉昆', callNumber: '733.9/131.2 8011' },
  { title: '統計學：觀念與應用', author: '林惠玲', callNumber: 'QA276.12 .L56' },
  { title: '建築結構系統', author: '王貞雅', callNumber: 'TA658 .W36 2017' },
  { title: '數位行銷策略', author: '蔡佳蓉', callNumber: 'HF5415.1265 .T75' },
  { title: 'Modern Operating Systems', author: 'Tanenbaum, A. S.', callNumber: 'QA76.76.O63 T359' },
];

const PATRONS: Array<{ id: string; lib: string; name: string; serial: number; status?: 'active' | 'expired' | 'barred'; expiresOn?: string; blocks?: boolean }> = [
  { id: 'p-nkust-1', lib: 'NKUST', name: '陳怡君', serial: 10231 },
  { id: 'p-nkust-2', lib: 'NKUST', name: '林志豪', serial: 10488 },
  { id: 'p-nkust-3', lib: 'NKUST', name: '黃雅婷', serial: 11007 },
  { id: 'p-nkust-4', lib: 'NKUST', name: '張家銘', serial: 11562, status: 'expired', expiresOn: '2026-06-30' },
  { id: 'p-nkust-5', lib: 'NKUST', name: '李佩珊', serial: 12019, blocks: true },
  { id: 'p-nptu-1', lib: 'NPTU', name: '王俊傑', serial: 20114 },
  { id: 'p-nptu-2', lib: 'NPTU', name: '吳淑惠', serial: 20377 },
  { id: 'p-nuk-1', lib: 'NUK', name: '劉冠廷', serial: 30905 },
  { id: 'p-kmu-1', lib: 'KMU', name: '蔡宜蓁', serial: 40266 },
  { id: 'p-stust-1', lib: 'STUST', name: '鄭宇翔', serial: 50188 },
];

export async function loadDemo(db: Database, now: number = Date.now(), cardKeySecret?: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from records where collection = 'requests' limit 1`);
  if (rows.length > 0) return false;

  for (const p of PATRONS) {
    await applyAdminEvent(db, 'patron.upserted', p.lib, {
      patron: {
        id: p.id, homeLibraryId: p.lib, cardNumbers: [demoBarcode(2, INSTITUTION[p.lib]!, p.serial)], name: p.name,
        status: p.status ?? 'active', expiresOn: p.expiresOn ?? '2028-07-31',
        blocks: p.blocks ? [{ code: 'lost_item', note: '遺失圖書未賠償 / unpaid lost item', since: new Date(now - 20 * DAY).toISOString() }] : [],
      },
    });
  }
  await applyAdminEvent(db, 'policy.set', 'NKUST', { libraryId: 'NKUST', fields: { closedDates: ['2026-12-25', '2027-01-01', '2027-02-16', '2027-02-17'] } });

  let seq = 0;
  let bookNo = 0;
  const counters = new Map<string, number>();
  const ev = async <T extends EventType>(lib: string, daysAgo: number, type: T, payload: EventPayload<T>): Promise<void> => {
    const at = now - daysAgo * DAY + seq++ * 1000;
    const deviceId = `demo-desk-${lib}`;
    const doc = { id: newId(at), deviceId, libraryId: lib, hlc: formatHlc({ wallMs: at, counter: 0, node: deviceId }), at: new Date(at).toISOString(), type, payload, status: 'pending', reason: '' } as unknown as EventDoc;
    const out = await applyEvents(db, [doc]);
    const r = out.results[0];
    if (r?.status !== 'applied') throw new Error(`demo step ${type} at ${lib} was not applied: ${JSON.stringify(r)}`);
  };
  const request = async (borrower: string, lender: string, patronId: string, daysAgo: number): Promise<{ id: string; barcode: string }> => {
    const n = (counters.get(lender) ?? 0) + 1;
    counters.set(lender, n);
    const book = BOOKS[bookNo++ % BOOKS.length]!;
    const barcode = demoBarcode(3, INSTITUTION[lender]!, 500000 + n);
    const id = `req-${borrower.toLowerCase()}-${lender.toLowerCase()}-${n}`;
    await ev(borrower, daysAgo, 'request.created', {
      requestId: id, patronId, lenderLibraryId: lender, neededBy: null, note: '',
      item: { barcode, ...book, location: '書庫 3F', parts: book.title.includes('Clinical') ? 2 : 1 },
    });
    return { id, barcode };
  };
  const ship = async (from: string, to: string, parcelId: string, daysAgo: number, items: Array<{ id: string; barcode: string }>, opts: { seal?: boolean; dispatch?: boolean } = {}) => {
    for (const it of items) await ev(from, daysAgo, 'item.packed', { parcelId, toLibraryId: to, requestId: it.id, itemBarcode: it.barcode });
    if (opts.seal === false) return;
    await ev(from, daysAgo, 'parcel.sealed', { parcelId });
    if (opts.dispatch === false) return;
    await ev(from, daysAgo, 'parcel.dispatched', { parcelId, courier: '新竹物流 HCT', trackingNumber: `HCT${(7_000_000 + seq).toString()}` });
  };
  const receiveAll = async (at: string, parcelId: string, daysAgo: number, items: Array<{ id: string; barcode: string }>, close = true) => {
    for (const it of items) await ev(at, daysAgo, 'item.received', { itemBarcode: it.barcode, parcelId, ownerLibraryId: null, holdId: `hold-${it.id}` });
    if (close) await ev(at, daysAgo, 'parcel.closed', { parcelId });
  };
  const printSlips = (lender: string, daysAgo: number, ids: string[]) => ev(lender, daysAgo, 'request.pull_slip_printed', { requestIds: ids });

  // Long ago: a complete cycle, an overdue loan, a returned item with a fine waiting to ship back.
  const done = await request('NKUST', 'NPTU', 'p-nkust-1', 60);
  const overdue = await request('NKUST', 'NPTU', 'p-nkust-2', 60);
  const finedReturn = await request('NKUST', 'NPTU', 'p-nkust-3', 60);
  await printSlips('NPTU', 59, [done.id, overdue.id, finedReturn.id]);
  await ship('NPTU', 'NKUST', 'parcel-nptu-nkust-001', 58, [done, overdue, finedReturn]);
  await receiveAll('NKUST', 'parcel-nptu-nkust-001', 56, [done, overdue, finedReturn]);
  await ev('NKUST', 55, 'loan.started', { loanId: `loan-${done.id}`, holdId: `hold-${done.id}`, patronId: 'p-nkust-1' });
  await ev('NKUST', 55, 'loan.started', { loanId: `loan-${overdue.id}`, holdId: `hold-${overdue.id}`, patronId: 'p-nkust-2' });
  await ev('NKUST', 54, 'loan.started', { loanId: `loan-${finedReturn.id}`, holdId: `hold-${finedReturn.id}`, patronId: 'p-nkust-3' });
  await ev('NKUST', 40, 'loan.ended', { loanId: `loan-${done.id}`, fineId: `fine-${done.id}` });
  await ev('NKUST', 20, 'loan.ended', { loanId: `loan-${finedReturn.id}`, fineId: `fine-${finedReturn.id}` });
  await ship('NKUST', 'NPTU', 'parcel-nkust-nptu-001', 38, [done]);
  await receiveAll('NPTU', 'parcel-nkust-nptu-001', 36, [done]);

  // A return parcel in transit back to the lender.
  const shippedBack = await request('NKUST', 'NUK', 'p-nkust-1', 30);
  await printSlips('NUK', 29, [shippedBack.id]);
  await ship('NUK', 'NKUST', 'parcel-nuk-nkust-001', 28, [shippedBack]);
  await receiveAll('NKUST', 'parcel-nuk-nkust-001', 27, [shippedBack]);
  await ev('NKUST', 26, 'loan.started', { loanId: `loan-${shippedBack.id}`, holdId: `hold-${shippedBack.id}`, patronId: 'p-nkust-1' });
  await ev('NKUST', 6, 'loan.ended', { loanId: `loan-${shippedBack.id}`, fineId: `fine-${shippedBack.id}` });
  await ship('NKUST', 'NUK', 'parcel-nkust-nuk-001', 2, [shippedBack]);

  // Holds: one expired (not picked up in time), one waiting, and a current loan.
  const expired = await request('NKUST', 'KMU', 'p-nkust-3', 20);
  const waiting = await request('NKUST', 'KMU', 'p-nkust-2', 8);
  const current = await request('NKUST', 'KMU', 'p-nkust-1', 8);
  await printSlips('KMU', 19, [expired.id]);
  await ship('KMU', 'NKUST', 'parcel-kmu-nkust-001', 18, [expired]);
  await receiveAll('NKUST', 'parcel-kmu-nkust-001', 16, [expired]);
  await printSlips('KMU', 7, [waiting.id, current.id]);
  await ship('KMU', 'NKUST', 'parcel-kmu-nkust-002', 6, [waiting, current]);
  await receiveAll('NKUST', 'parcel-kmu-nkust-002', 3, [waiting, current]);
  await ev('NKUST', 2, 'loan.started', { loanId: `loan-${current.id}`, holdId: `hold-${current.id}`, patronId: 'p-nkust-1' });
  // An expired hold already taken off the shelf: it waits for the return parcel to its lender.
  const unclaimed = await request('NKUST', 'STUST', 'p-nkust-2', 22);
  await printSlips('STUST', 21, [unclaimed.id]);
  await ship('STUST', 'NKUST', 'parcel-stust-nkust-001', 20, [unclaimed]);
  await receiveAll('NKUST', 'parcel-stust-nkust-001', 18, [unclaimed]);
  await ev('NKUST', 5, 'hold.expired', { holdId: `hold-${unclaimed.id}` });

  // A parcel that arrived with an item missing: the discrepancy is recorded for both libraries.
  const arrived = await request('NPTU', 'NKUST', 'p-nptu-1', 9);
  const lostInTransit = await request('NPTU', 'NKUST', 'p-nptu-2', 9);
  await printSlips('NKUST', 8, [arrived.id, lostInTransit.id]);
  await ship('NKUST', 'NPTU', 'parcel-nkust-nptu-002', 7, [arrived, lostInTransit]);
  await receiveAll('NPTU', 'parcel-nkust-nptu-002', 5, [arrived]);

  // The lender's side at each early step, and parcels open, sealed and in transit.
  await request('NUK', 'NKUST', 'p-nuk-1', 1);
  await request('KMU', 'NKUST', 'p-kmu-1', 1);
  const printed = await request('STUST', 'NKUST', 'p-stust-1', 2);
  await printSlips('NKUST', 1, [printed.id]);
  const packed = await request('NPTU', 'NKUST', 'p-nptu-1', 3);
  await printSlips('NKUST', 2, [packed.id]);
  await ship('NKUST', 'NPTU', 'parcel-nkust-nptu-003', 1, [packed], { seal: false });
  const sealed = await request('NUK', 'NKUST', 'p-nuk-1', 3);
  await printSlips('NKUST', 2, [sealed.id]);
  await ship('NKUST', 'NUK', 'parcel-nkust-nuk-002', 1, [sealed], { dispatch: false });
  const inTransit = await request('NKUST', 'NPTU', 'p-nkust-3', 4);
  await printSlips('NPTU', 3, [inTransit.id]);
  await ship('NPTU', 'NKUST', 'parcel-nptu-nkust-002', 1, [inTransit]);
  const unfilled = await request('NKUST', 'NUK', 'p-nkust-2', 5);
  await ev('NUK', 4, 'request.cannot_supply', { requestId: unfilled.id, reason: '館藏遺失 / missing from shelf' });
  const cancelled = await request('NKUST', 'STUST', 'p-nkust-1', 5);
  await ev('NKUST', 4, 'request.cancelled', { requestId: cancelled.id, reason: '讀者已自行購買 / patron bought a copy' });

  // Virtual cards, issued now (a card cannot predate the signing key made for this database): a student of
  // NPTU sent to borrow at NKUST, one valid at every member library, a partner's card, and one reported lost.
  const { cards } = await CardService.open(db, { nowMs: now, keySecret: cardKeySecret });
  const desk = (lib: string) => ({ id: `demo-desk-${lib}`, libraryId: lib, role: 'staff' as const, name: `${lib} demo desk` });
  await cards.issuePatronCard(desk('NPTU'), { patronId: 'p-nptu-1', hostLibraryId: 'NKUST' }, now);
  await cards.issuePatronCard(desk('KMU'), { patronId: 'p-kmu-1', hostLibraryId: '*', loanLimit: 2 }, now);
  await cards.issuePartnerCard({ holderName: '周志明', holderId: 'KSP-00017', organisation: '高雄軟體園區產學合作夥伴', hostLibraryId: '*', validUntil: addDaysIso(now, 180), loanLimit: 5 }, now);
  const lost = await cards.issuePatronCard(desk('NPTU'), { patronId: 'p-nptu-2', hostLibraryId: 'NKUST' }, now);
  await cards.revoke({ kind: 'device', device: desk('NPTU') }, lost.card.id, '讀者掛失 / reported lost', now);
  // The union catalogue (search 統計學 at any desk) and title requests: one in NKUST's review queue, one routed.
  await loadDemoCatalogue(db, now);
  // Console sign-ins for the office and for NKUST's library (passwords in the README).
  await seedDemoConsoleAccounts(db);
  // Portal sign-ins with a password the consortium keeps (src/server/portal/demo-patrons.ts; in the README).
  await seedDemoPortalPatrons(db);
  // Cloud e-books, a swap fair at NKUST and used-book listings, so every part of the portal has something.
  await seedDemoServices(db, now);
  return true;
}

/** The local date (UTC+8) `days` after an instant. */
function addDaysIso(nowMs: number, days: number): string {
  return new Date(nowMs + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
}
