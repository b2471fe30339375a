// A generated consortium history, driven through the real reducer (applyEvents)
// with event times spread over fourteen months: requests filled, refused
// (cannot supply), cancelled; holds picked up (at the desk and at the kiosk)
// and expired; loans returned on time, late (fines paid, waived or still owed),
// at the desk and by self-return; virtual cards and visitor loans.
import type { Database } from '#server/db/database';
import { applyEvents } from '#server/events/apply-events';
import { applyAdminEvent } from '#server/events/admin-events';
import { CardService } from '#server/cards/card-service';
import { formatHlc } from '#shared/domain/hlc';
import { newId } from '#shared/domain/ids';
import type { EventDoc, EventPayload, EventType } from '#shared/domain/events';

export const SCHOOLS = ['NKUST', 'NPTU', 'NUK', 'KMU', 'STUST'] as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Small deterministic PRNG (mulberry32), so a failing history can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HistoryOptions { seed: number; requests: number; startMs: number }

export async function addDevices(db: Database): Promise<void> {
  for (const lib of SCHOOLS) {
    for (const role of ['staff', 'kiosk'] as const) {
      const id = `${role === 'staff' ? 'st' : 'ki'}-${lib.toLowerCase()}`;
      await db.query(`insert into devices (id, library_id, role, name, token_hash) values ($1, $2, $3, $4, $5) on conflict do nothing`, [id, lib, role, `${lib} ${role}`, `hash-${id}`]);
    }
  }
}

/** Apply the history; returns how many events were applied. Throws if a step the generator means to succeed is refused. */
export async function generateHistory(db: Database, opts: HistoryOptions): Promise<number> {
  const rand = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const hours = (lo: number, hi: number) => Math.round((lo + rand() * (hi - lo)) * HOUR / 60_000) * 60_000 + Math.floor(rand() * 60) * 1000;
  await addDevices(db);
  const patrons = new Map<string, string[]>();
  for (const lib of SCHOOLS) {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = `p-${lib.toLowerCase()}-${i}`;
      await applyAdminEvent(db, 'patron.upserted', lib, { patron: { id, homeLibraryId: lib, cardNumbers: [`2${lib.length}${i}00000000${i}`], name: '測試讀者', status: 'active', expiresOn: '2099-12-31', blocks: [] } });
      ids.push(id);
    }
    patrons.set(lib, ids);
  }
  const owed = new Map<string, number>();
  let applied = 0;
  const ev = async <T extends EventType>(lib: string, atMs: number, type: T, payload: EventPayload<T>, device: 'st' | 'ki' = 'st'): Promise<void> => {
    const deviceId = `${device}-${lib.toLowerCase()}`;
    const doc = { id: newId(atMs), deviceId, libraryId: lib, hlc: formatHlc({ wallMs: atMs, counter: 0, node: deviceId }), at: new Date(atMs).toISOString(), type, payload, status: 'pending', reason: '' } as unknown as EventDoc;
    const r = (await applyEvents(db, [doc])).results[0];
    if (r?.status !== 'applied') throw new Error(`history step ${type} at ${lib} was not applied: ${JSON.stringify(r)}`);
    applied++;
  };

  for (let i = 0; i < opts.requests; i++) {
    const t0 = opts.startMs + i * 10 * HOUR + Math.floor(rand() * 5 * HOUR);
    const borrower = pick(SCHOOLS);
    const lender = pick(SCHOOLS.filter((s) => s !== borrower));
    const patronId = pick(patrons.get(borrower)!.filter((p) => (owed.get(p) ?? 0) < 50));
    const id = `req-${i}`;
    const barcode = `3${String(1000 + i).padStart(13, '0')}`;
    await ev(borrower, t0, 'request.created', { requestId: id, patronId, lenderLibraryId: lender, neededBy: null, note: '', item: { barcode, title: '測試書', author: '作者', callNumber: 'QA1', location: '3F', parts: 1 } });
    const roll = rand();
    let t = t0;
    if (rand() < 0.6) await ev(lender, (t += hours(1, 30)), 'request.pull_slip_printed', { requestIds: [id] });
    if (roll < 0.12) {
      await ev(borrower, (t += hours(1, 20)), 'request.cancelled', { requestId: id, reason: pick(['讀者已自行購買', '不再需要']) });
      continue;
    }
    if (roll < 0.27) {
      await ev(lender, (t += hours(1, 40)), 'request.cannot_supply', { requestId: id, reason: pick(['館藏遺失 / missing', '外借中 / on loan', '不外借 / reference only']) });
      continue;
    }
    const parcel = `par-${i}`;
    await ev(lender, (t += hours(2, 40)), 'item.packed', { parcelId: parcel, toLibraryId: borrower, requestId: id, itemBarcode: barcode });
    await ev(lender, (t += hours(0, 3)), 'parcel.sealed', { parcelId: parcel });
    await ev(lender, (t += hours(0, 20)), 'parcel.dispatched', { parcelId: parcel, courier: '新竹物流', trackingNumber: `HCT${i}` });
    const holdId = `hold-${i}`;
    await ev(borrower, (t += hours(10, 110)), 'item.received', { itemBarcode: barcode, parcelId: parcel, ownerLibraryId: null, holdId });
    await ev(borrower, (t += hours(0, 1)), 'parcel.closed', { parcelId: parcel });
    const shelved = t;
    if (rand() < 0.15) {
      await ev(borrower, (t += 14 * DAY), 'hold.expired', { holdId });
    } else {
      const loanId = `loan-${i}`;
      await ev(borrower, (t += hours(2, 120)), 'loan.started', { loanId, holdId, patronId }, rand() < 0.3 ? 'ki' : 'st');
      const late = rand() < 0.3;
      await ev(borrower, late ? shelved + 33 * DAY : t + hours(24, 400), 'loan.ended', { loanId, fineId: `fine-${i}` }, rand() < 0.35 ? 'ki' : 'st');
      t = late ? shelved + 33 * DAY : t + 401 * HOUR;
      const fine = (await db.query<{ amount: number }>(`select (data->>'amount')::int as amount from records where collection = 'fines' and id = $1`, [`fine-${i}`])).rows[0];
      if (fine) {
        const r = rand();
        if (r < 0.5) await ev(borrower, (t += hours(1, 48)), 'fine.paid', { fineId: `fine-${i}` });
        else if (r < 0.8) await ev(borrower, (t += hours(1, 48)), 'fine.waived', { fineId: `fine-${i}`, reason: '首次逾期' });
        else owed.set(patronId, (owed.get(patronId) ?? 0) + fine.amount);
      }
    }
    // The return leg (transit lender-bound), for most.
    if (rand() < 0.8) {
      const back = `back-${i}`;
      await ev(borrower, (t += hours(2, 48)), 'item.packed', { parcelId: back, toLibraryId: lender, requestId: id, itemBarcode: barcode });
      await ev(borrower, (t += hours(0, 2)), 'parcel.sealed', { parcelId: back });
      await ev(borrower, (t += hours(0, 24)), 'parcel.dispatched', { parcelId: back, courier: '新竹物流', trackingNumber: `HCTB${i}` });
      await ev(lender, (t += hours(8, 100)), 'item.received', { itemBarcode: barcode, parcelId: back, ownerLibraryId: lender, holdId: `unused-${i}` });
    }
  }

  // Virtual cards and visitor loans, near the end of the history.
  const cardTime = opts.startMs + opts.requests * 10 * HOUR;
  const { cards } = await CardService.open(db, { nowMs: cardTime });
  for (let c = 0; c < 6; c++) {
    const home = SCHOOLS[c % SCHOOLS.length]!;
    const host = SCHOOLS[(c + 1) % SCHOOLS.length]!;
    const desk = { id: `st-${home.toLowerCase()}`, libraryId: home, role: 'staff' as const, name: `${home} desk` };
    const { card } = await cards.issuePatronCard(desk, { patronId: patrons.get(home)![c % 6]!, hostLibraryId: host }, cardTime + c * 1000);
    applied++;
    const loans = c % 3 + 1;
    for (let k = 0; k < loans; k++) {
      await ev(host, cardTime + (c * 10 + k + 1) * 60_000, 'loan.visitor_started', {
        loanId: `vloan-${c}-${k}`, itemBarcode: `3${String(900000 + c * 10 + k).padStart(13, '0')}`, title: '訪客借書',
        card: { cardId: card.id, holderName: card.holderName, homeLibraryId: card.homeLibraryId, organisation: card.organisation, hostLibraryId: card.hostLibraryId, validFrom: card.validFrom, validUntil: card.validUntil, loanLimit: card.loanLimit },
      });
    }
  }
  return applied;
}
