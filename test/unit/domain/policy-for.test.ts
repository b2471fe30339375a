// One rule decides which library's policy applies (policyFor): the library
// where the item is lent — the pickup library of a relay loan, the host of a
// visitor loan. The reducer's fine and loan limit, the receipts (desk and
// kiosk) and the card page all read it, so what a patron is told is what they
// are charged. Before, the fine and the loan limit followed the patron's home
// library while the receipt printed the desk's.
import { describe, expect, it } from 'vitest';
import { reduce } from '#shared/domain/reducer';
import type { DomainEvent } from '#shared/domain/events';
import { policyFor, policyLibraryOf } from '#shared/domain/policy-for';
import { DEFAULT_POLICY } from '#shared/domain/policy';
import type { CardRecord, HoldRecord } from '#shared/domain/records';
import type { MemoryStore } from '#shared/domain/store';
import { buildPatronReceipt, receiptPlace, receiptReturnFromLoan } from '#shared/slips/patron-receipt';
import { slipPlainText } from '#shared/slips/model';
import { buildKioskReceipt } from '#renderer/kiosk/kiosk-receipt';
import type { DeskReader } from '#desk-core/record-index';
import { renderCardPage } from '#server/cards/card-page';
import { applyWrites, atLocal, BORROWER, ev, libraryPolicy, MON, patron, T0, THIRD, world } from './fixtures';

const PICKUP = BORROWER; // NKUST: finePerDay 10, loanLimit 4
const HOME = THIRD; // NUK: finePerDay 3, loanLimit 2

/** A patron registered at NUK whose hold waits at NKUST (the two libraries' policies differ). */
function split(): MemoryStore {
  const s = world();
  s.put({ collection: 'policies', doc: libraryPolicy(PICKUP, { finePerDay: 10, loanLimit: 4 }) });
  s.put({ collection: 'policies', doc: libraryPolicy(HOME, { finePerDay: 3, loanLimit: 2 }) });
  s.put({ collection: 'patrons', doc: patron('p-x', HOME, '3001000000123') });
  const hold: HoldRecord = {
    id: 'h-x', requestId: 'r-x', patronId: 'p-x', libraryId: PICKUP, ownerLibraryId: HOME, itemBarcode: '31234000000999', title: 'Title X', parts: 1,
    shelfSpot: 'H-123', shelvedOn: MON, pickupBy: '2025-03-10', state: 'waiting', updatedAt: T0,
  };
  s.put({ collection: 'holds', doc: hold });
  return s;
}

function apply(s: MemoryStore, e: DomainEvent) {
  const res = reduce(s, e);
  if (!res.ok) throw new Error(`${e.type}: ${res.reason}`);
  applyWrites(s, res.writes);
  return res.outcome;
}

const card = (hostLibraryId: string): Pick<CardRecord, 'hostLibraryId'> => ({ hostLibraryId });

describe('policyFor', () => {
  it('names the library where the item is lent: the loan\'s, the hold\'s, the fine\'s, the card\'s host', () => {
    expect(policyLibraryOf({ loan: { libraryId: PICKUP } })).toBe(PICKUP);
    expect(policyLibraryOf({ hold: { libraryId: PICKUP } })).toBe(PICKUP);
    expect(policyLibraryOf({ fine: { libraryId: PICKUP } })).toBe(PICKUP);
    expect(policyLibraryOf({ card: card(PICKUP) })).toBe(PICKUP);
    expect(policyLibraryOf({ card: card('*') })).toBeNull();
    expect(policyLibraryOf({ at: HOME })).toBe(HOME);
  });

  it('a card valid everywhere states the consortium\'s policy; a library\'s override applies where the loan is made', () => {
    const s = split();
    expect(policyFor(s, { card: card('*') })).toEqual(DEFAULT_POLICY);
    expect(policyFor(s, { card: card(PICKUP) })).toMatchObject({ finePerDay: 10, loanLimit: 4 });
    expect(policyFor(s.policies(), { at: HOME })).toMatchObject({ finePerDay: 3, loanLimit: 2 });
  });

  it('the reducer\'s loan limit and fine, the receipts and the card page agree', async () => {
    const s = split();
    const lent = apply(s, ev('loan.started', { loanId: 'l-x', holdId: 'h-x', patronId: 'p-x' }, PICKUP, atLocal(MON, '12:00')) as DomainEvent);
    expect(lent).toMatchObject({ kind: 'loan', loanLimit: 4, dueDate: '2025-03-31' });
    // Returned three open days late (Tue 1, Wed 2, Thu 3 April).
    const back = apply(s, ev('loan.ended', { loanId: 'l-x', fineId: 'f-x' }, PICKUP, atLocal('2025-04-03')) as DomainEvent);
    expect(back).toMatchObject({ kind: 'returned', overdueDays: 3, fineAmount: 30 });
    const loan = s.get('loans', 'l-x')!;
    const fine = s.get('fines', 'f-x')!;
    const policy = policyFor(s, { loan });
    expect(policyFor(s, { fine })).toEqual(policy);
    expect(fine.amount).toBe(3 * policy.finePerDay);

    // The desk's return receipt (ReturnsView) and the kiosk's both print that rate and that limit.
    const desk = slipPlainText(buildPatronReceipt({
      ...receiptPlace(PICKUP, s.get('libraries', PICKUP), policy.utcOffsetMinutes),
      at: atLocal('2025-04-03'), patronName: 'Patron p-x', cardNumber: '3001000000123', checkouts: [], returns: [receiptReturnFromLoan(loan, 3)],
      loanCount: 0, finesOwed: 30, policy: policyFor(s, { loan }),
    }));
    const kiosk = slipPlainText(buildKioskReceipt({
      reader: s as unknown as DeskReader, libraryId: PICKUP, patron: s.get('patrons', 'p-x'), checkouts: [], returns: [receiptReturnFromLoan(loan, 3)],
      at: atLocal('2025-04-03'), offline: false, visitKey: '01JVISIT0000000000000000XX',
    }, 'zh-TW'));
    for (const text of [desk, kiosk]) {
      expect(text).toContain('每人可借 4 冊');
      expect(text).toContain('每日罰款 NT$10');
      expect(text).toContain('NT$30');
    }

    // A card hosted by the pickup library: its page states the same loan period and rate.
    const page = await renderCardPage({
      card: cardRecord(PICKUP), cardText: 'RD1.test', libraries: new Map([[PICKUP, s.get('libraries', PICKUP)!]]), policy: policyFor(s, { card: card(PICKUP) }), today: MON,
    });
    expect(page).toContain(`借期 ${policy.loanDays} 天`);
    expect(page).toContain('NT$10');
  });
});

function cardRecord(hostLibraryId: string): CardRecord {
  return {
    id: '01JQ7Z8X4M5N6P7R8S9T0VWXYZ', kind: 'interlibrary', holderName: '王小明', holderId: 'p-x', homeLibraryId: HOME, organisation: null, hostLibraryId,
    validFrom: '2025-01-01', validUntil: '2025-12-31', loanLimit: 4, issuedAt: T0, keyId: 'k2025a', issuedBy: HOME, revokedAt: null, revokedReason: '', updatedAt: T0,
  };
}
