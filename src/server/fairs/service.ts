// The swap fairs at the service: a library creates a fair and its books, a
// patron reserves (slip code drawn here, hold time worked out from the fair
// and the library's calendar) or cancels, and the sweep lapses what was not
// collected in time. Every change is an event through the shared rules, so
// desks see it by sync; a refusal rolls the whole action back.
import { randomInt } from 'node:crypto';
import type { Database, Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { applyTitleEvents, type TitleServiceEvent } from '#server/requests/service-events';
import { describeReason, type ReasonCode, type ReasonParams } from '#shared/domain/reasons';
import { newId } from '#shared/domain/ids';
import { effectivePolicy, type PolicyRecordLike } from '#shared/domain/policy';
import { localDateOf } from '#shared/domain/dates';
import { holdUntilFor } from '#shared/domain/fairs/hold';
import { slipCodeOf } from '#shared/domain/fairs/slip-code';
import type { FairItemRecord, FairRecord, FairReservationRecord, PatronRecord } from '#shared/domain/records';
import { maskName } from '#shared/slips/mask';
import type { FairInput, ItemInput } from './input';

/** A refusal by the rules as the API answers it: the reason code, its zh-TW and English words. */
export function refusal(status: number, code: string, params: ReasonParams = {}): ApiError {
  try {
    const zh = describeReason(code as ReasonCode, params, 'zh-TW');
    const en = describeReason(code as ReasonCode, params, 'en');
    return new ApiError(status, code, `${zh.message} ${en.message}`, { ...params, nextStep: zh.nextStep });
  } catch {
    return new ApiError(status, code, code);
  }
}

const STATUS_OF: Record<string, number> = { FAIR_UNKNOWN: 404, FAIR_ITEM_UNKNOWN: 404, FAIR_SLIP_UNKNOWN: 404, DUPLICATE_ID: 409, FAIR_ITEM_TAKEN: 409 };

/**
 * Apply in the caller's transaction; the first refusal throws (rolling everything back).
 * The applier keeps only the English words with their details filled in, so those are
 * said, after the zh-TW words when these need no details.
 */
async function applyAll(tx: Sql, specs: TitleServiceEvent[], nowMs: number): Promise<void> {
  const results = await applyTitleEvents(tx, specs, nowMs, () => newId(nowMs));
  for (const r of results) {
    if (r.status !== 'rejected') continue;
    let zh = '';
    try {
      zh = describeReason(r.reason as ReasonCode, {}, 'zh-TW').message;
    } catch {
      /* a code without words: the English message alone */
    }
    throw new ApiError(STATUS_OF[r.reason] ?? 422, r.reason, zh && !zh.includes('{') ? `${zh} ${r.message}` : r.message);
  }
}

async function records<T>(q: Sql, collection: string, where: string, params: readonly unknown[]): Promise<T[]> {
  const { rows } = await q.query<{ data: T }>(`select data from records where collection = $1 and not deleted and ${where}`, [collection, ...params]);
  return rows.map((r) => r.data);
}

export async function fairById(q: Sql, fairId: string): Promise<FairRecord | undefined> {
  return (await records<FairRecord>(q, 'fairs', 'id = $2', [fairId]))[0];
}

export async function listFairs(q: Sql, libraryId: string | null): Promise<FairRecord[]> {
  const all = libraryId === null ? await records<FairRecord>(q, 'fairs', 'true', []) : await records<FairRecord>(q, 'fairs', `data->>'libraryId' = $2`, [libraryId]);
  return all.sort((a, b) => (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : a.id.localeCompare(b.id)));
}

export async function itemsOf(q: Sql, fairId: string): Promise<FairItemRecord[]> {
  const items = await records<FairItemRecord>(q, 'fairItems', `data->>'fairId' = $2`, [fairId]);
  return items.sort((a, b) => a.shelfMark.localeCompare(b.shelfMark, 'en', { numeric: true }) || a.id.localeCompare(b.id));
}

export async function reservationsOfFair(q: Sql, fairId: string): Promise<FairReservationRecord[]> {
  return (await records<FairReservationRecord>(q, 'fairReservations', `data->>'fairId' = $2`, [fairId])).sort((a, b) => (a.reservedAt < b.reservedAt ? -1 : 1));
}

export async function reservationsOfPatron(q: Sql, patronId: string): Promise<FairReservationRecord[]> {
  return (await records<FairReservationRecord>(q, 'fairReservations', `data->>'patronId' = $2`, [patronId])).sort((a, b) => (a.reservedAt < b.reservedAt ? 1 : -1));
}

async function policiesOf(q: Sql): Promise<PolicyRecordLike[]> {
  const { rows } = await q.query<{ data: PolicyRecordLike }>(`select data from records where collection = 'policies' and not deleted`);
  return rows.map((r) => r.data);
}

function itemEvents(fairId: string, libraryId: string, startAt: number, items: readonly ItemInput[]): TitleServiceEvent[] {
  const out: TitleServiceEvent[] = [];
  // At most 500 books per event (the schema's cap).
  for (let i = 0; i < items.length; i += 500) {
    out.push({
      type: 'fair.items_added', libraryId,
      payload: { fairId, items: items.slice(i, i + 500).map((it, k) => {
        const n = startAt + i + k + 1;
        return { id: `${fairId}.${n}`, title: it.title, author: it.author, shelfMark: it.shelfMark || `A-${String(n).padStart(2, '0')}` };
      }) },
    });
  }
  return out;
}

export async function createFair(db: Database, libraryId: string, input: FairInput, nowMs: number): Promise<{ fair: FairRecord; items: FairItemRecord[] }> {
  const fairId = input.id ?? `fair-${newId(nowMs).toLowerCase()}`;
  return db.transaction(async (tx) => {
    const { items, id: _id, ...fields } = input;
    void _id;
    await applyAll(tx, [
      { type: 'fair.created', libraryId, payload: { fair: { id: fairId, ...fields } } },
      ...itemEvents(fairId, libraryId, 0, items),
    ], nowMs);
    return { fair: (await fairById(tx, fairId))!, items: await itemsOf(tx, fairId) };
  });
}

export async function addItems(db: Database, libraryId: string, fairId: string, items: readonly ItemInput[], nowMs: number): Promise<FairItemRecord[]> {
  return db.transaction(async (tx) => {
    const fair = await fairById(tx, fairId);
    if (!fair || fair.libraryId !== libraryId) throw refusal(404, 'FAIR_UNKNOWN', { fairId });
    const existing = await itemsOf(tx, fairId);
    await applyAll(tx, itemEvents(fairId, libraryId, existing.length, items), nowMs);
    return itemsOf(tx, fairId);
  });
}

/** Nine random digits and a check digit: 10^9 codes, so a clash is rare and simply drawn again. */
const drawSlipCode = (): string => slipCodeOf(String(randomInt(0, 1_000_000_000)).padStart(9, '0'));

export async function reserve(db: Database, patron: PatronRecord, fairId: string, itemId: string, nowMs: number): Promise<FairReservationRecord> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const fair = await fairById(tx, fairId);
        if (!fair) throw refusal(404, 'FAIR_UNKNOWN', { fairId });
        const open = (await reservationsOfPatron(tx, patron.id)).filter((r) => r.fairId === fairId && r.state === 'reserved');
        if (open.length >= fair.perPatron) throw refusal(409, 'FAIR_PATRON_LIMIT', { limit: fair.perPatron, count: open.length });
        // Said here with the book's title; the rules check it again under the writers' lock.
        const item = (await records<FairItemRecord>(tx, 'fairItems', 'id = $2', [itemId]))[0];
        if (!item || item.fairId !== fair.id) throw refusal(404, 'FAIR_ITEM_UNKNOWN', { itemId });
        if (item.state !== 'available') throw refusal(409, 'FAIR_ITEM_TAKEN', { title: item.title });
        const offset = effectivePolicy(fair.libraryId, await policiesOf(tx)).utcOffsetMinutes;
        const slipCode = drawSlipCode();
        await applyAll(tx, [{
          type: 'fair.reserved', libraryId: fair.libraryId,
          payload: { slipCode, fairId, itemId, patronId: patron.id, patronMasked: maskName(patron.name), holdUntil: holdUntilFor(fair, nowMs, offset) },
        }], nowMs);
        return (await records<FairReservationRecord>(tx, 'fairReservations', 'id = $2', [slipCode]))[0]!;
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DUPLICATE_ID' && attempt < 5) continue;
      throw err;
    }
  }
}

/** The patron's own reservation, or 404 as if it did not exist. */
export async function ownReservation(q: Sql, patronId: string, slipCode: string): Promise<FairReservationRecord> {
  const r = (await records<FairReservationRecord>(q, 'fairReservations', 'id = $2', [slipCode]))[0];
  if (!r || r.patronId !== patronId) throw refusal(404, 'FAIR_SLIP_UNKNOWN', { slipCode });
  return r;
}

export async function cancel(db: Database, patronId: string, slipCode: string, nowMs: number): Promise<FairReservationRecord> {
  return db.transaction(async (tx) => {
    const r = await ownReservation(tx, patronId, slipCode);
    await applyAll(tx, [{ type: 'fair.reservation_cancelled', libraryId: r.libraryId, payload: { slipCode } }], nowMs);
    return ownReservation(tx, patronId, slipCode);
  });
}

/**
 * Lapse every reservation whose hold ran out, as the service's own events
 * (so desks see it). Each event's id is derived from the slip, so two service
 * processes sweeping together record one lapse: the second is a duplicate.
 */
export async function sweepLapsed(db: Database, nowMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await records<FairReservationRecord>(tx, 'fairReservations', `data->>'state' = 'reserved' and data->>'holdUntil' < $2`, [new Date(nowMs).toISOString()]);
    if (due.length === 0) return 0;
    const results = await applyTitleEvents(tx, due.map((r) => ({
      type: 'fair.reservation_lapsed' as const, libraryId: r.libraryId, payload: { slipCode: r.id }, key: `fair-lapse:${r.id}`,
    })), nowMs, () => newId(nowMs));
    return results.filter((r) => r.status === 'applied').length;
  });
}

/** The fair's local date today (its library's calendar). */
export async function todayAtFair(q: Sql, fair: FairRecord, nowMs: number): Promise<string> {
  return localDateOf(nowMs, effectivePolicy(fair.libraryId, await policiesOf(q)).utcOffsetMinutes);
}
