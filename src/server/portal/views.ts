// What the portal shows a patron, read from the service's records: the rules
// that apply, their requests with timelines, loans, holds, fines and cards.
import type { Sql } from '#server/db/database';
import type { CardService } from '#server/cards/card-service';
import { noticesForRequest } from '#server/notices/query';
import { assessFine, effectivePolicy, type PolicyFields, type PolicyRecordLike } from '#shared/domain/policy';
import { policyFor } from '#shared/domain/policy-for';
import { localDateOf, openDaysAfter } from '#shared/domain/dates';
import type { CardRecord, FineRecord, HoldRecord, LibraryRecord, LoanRecord, PatronRecord, RequestRecord } from '#shared/domain/records';
import type { PortalAccount, PortalFine, PortalRequest, PortalRules, RenewalAnswer } from '#shared/portal/wire';
import { buildTimeline, canCancel, currentStep, NOTICES_FOR_STEP } from './timeline';

/** Borrower states that no longer count against the loan limit as requests (the loan counts instead, or nothing). */
export const NOT_OPEN = `('complete', 'unfilled', 'cancelled', 'lost', 'checked_out')`;
const LIST_MAX = 200;

async function docs<T>(db: Sql, sql: string, params: readonly unknown[]): Promise<T[]> {
  const { rows } = await db.query<{ data: T }>(sql, params);
  return rows.map((r) => r.data);
}

export async function policies(db: Sql): Promise<PolicyRecordLike[]> {
  return docs<PolicyRecordLike>(db, `select data from records where collection = 'policies' and not deleted`, []);
}

export async function library(db: Sql, id: string): Promise<LibraryRecord | null> {
  return (await docs<LibraryRecord>(db, `select data from records where collection = 'libraries' and id = $1 and not deleted`, [id]))[0] ?? null;
}

export async function activeLibraries(db: Sql): Promise<LibraryRecord[]> {
  return docs<LibraryRecord>(db, `select data from records where collection = 'libraries' and not deleted and (data->>'active')::boolean order by id`, []);
}

/** Where the patron may pick up. The directory records no school grouping (one library per school), so: the home library. */
export async function pickupLibraries(db: Sql, patron: PatronRecord): Promise<Array<{ id: string; name: string }>> {
  const home = await library(db, patron.homeLibraryId);
  return [{ id: patron.homeLibraryId, name: home?.nameZh ?? patron.homeLibraryId }];
}

export async function rulesFor(db: Sql, patron: PatronRecord): Promise<PortalRules> {
  const policy = effectivePolicy(patron.homeLibraryId, await policies(db));
  const { rows } = await db.query<{ loans: string | number; requests: string | number }>(
    `select (select count(*) from records where collection = 'loans' and not deleted and data->>'patronId' = $1 and data->>'state' = 'active') as loans,
            (select count(*) from records where collection = 'requests' and not deleted and data->>'patronId' = $1 and data->>'borrowerState' not in ${NOT_OPEN}) as requests`,
    [patron.id],
  );
  return {
    loanLimit: policy.loanLimit,
    current: { loans: Number(rows[0]?.loans ?? 0), openRequests: Number(rows[0]?.requests ?? 0) },
    loanDays: policy.loanDays, pickupDays: policy.pickupDays, finePerDay: policy.finePerDay, maxFinePerItem: policy.maxFinePerItem,
    renewals: policy.renewals, renewalDays: policy.renewalDays, free: true,
    pickupLibraries: await pickupLibraries(db, patron),
  };
}

// ---- requests -------------------------------------------------------------

async function holdsOf(db: Sql, requestIds: string[]): Promise<Map<string, HoldRecord>> {
  if (requestIds.length === 0) return new Map();
  const holds = await docs<HoldRecord>(db, `select data from records where collection = 'holds' and not deleted and data->>'requestId' = any($1::text[])`, [requestIds]);
  // The newest hold of a request (a hold is made once per arrival).
  const out = new Map<string, HoldRecord>();
  for (const h of holds) {
    const prev = out.get(h.requestId);
    if (!prev || prev.updatedAt < h.updatedAt) out.set(h.requestId, h);
  }
  return out;
}

async function loansOf(db: Sql, requestIds: string[]): Promise<Map<string, LoanRecord>> {
  if (requestIds.length === 0) return new Map();
  const loans = await docs<LoanRecord>(db, `select data from records where collection = 'loans' and not deleted and data->>'requestId' = any($1::text[])`, [requestIds]);
  return new Map(loans.map((l) => [l.requestId!, l]));
}

export async function toPortalRequests(db: Sql, requests: RequestRecord[]): Promise<PortalRequest[]> {
  const ids = requests.map((r) => r.id);
  const [holds, loans] = await Promise.all([holdsOf(db, ids), loansOf(db, ids)]);
  const out: PortalRequest[] = [];
  for (const req of requests) {
    const hold = holds.get(req.id) ?? null;
    const loan = loans.get(req.id) ?? null;
    const timeline = buildTimeline(req, hold);
    const step = currentStep(timeline);
    const kinds = step ? NOTICES_FOR_STEP[step] ?? [] : [];
    const notified = kinds.length > 0 && (await noticesForRequest(db, req.id)).some((n) => n.state === 'sent' && kinds.includes(n.kind));
    out.push({
      id: req.id,
      title: req.work?.title ?? req.item.title,
      author: req.work?.author ?? req.item.author,
      workId: req.work?.workId ?? null,
      pickupLibraryId: req.borrowerLibraryId,
      lenderLibraryId: req.lenderLibraryId === '' ? null : req.lenderLibraryId,
      placedAt: req.createdAt,
      neededBy: req.neededBy,
      note: req.note,
      timeline,
      hold: hold && hold.state === 'waiting' ? { shelfSpot: hold.shelfSpot, pickupBy: hold.pickupBy } : null,
      dueOn: loan && loan.state === 'active' ? loan.dueDate : null,
      canCancel: canCancel(req),
      notified,
    });
  }
  return out;
}

export async function requestsOfPatron(db: Sql, patronId: string): Promise<RequestRecord[]> {
  return docs<RequestRecord>(
    db,
    `select data from records where collection = 'requests' and not deleted and data->>'patronId' = $1 order by data->>'createdAt' desc limit ${LIST_MAX}`,
    [patronId],
  );
}

/** The patron's own request, or null — another patron's is answered exactly like one that does not exist. */
export async function ownRequest(db: Sql, patronId: string, id: string): Promise<RequestRecord | null> {
  const [req] = await docs<RequestRecord>(db, `select data from records where collection = 'requests' and id = $1 and not deleted`, [id]);
  return req && req.patronId === patronId ? req : null;
}

export async function ownLoan(db: Sql, patronId: string, id: string): Promise<LoanRecord | null> {
  const [loan] = await docs<LoanRecord>(db, `select data from records where collection = 'loans' and id = $1 and not deleted`, [id]);
  return loan && loan.patronId === patronId ? loan : null;
}

// ---- account --------------------------------------------------------------

export function todayFor(policy: PolicyFields, nowMs = Date.now()): string {
  return localDateOf(nowMs, policy.utcOffsetMinutes);
}

export function overdueDays(loan: Pick<LoanRecord, 'dueDate'>, policy: PolicyFields, today: string): number {
  return today > loan.dueDate ? openDaysAfter(loan.dueDate, today, policy) : 0;
}

async function renewalAnswers(db: Sql, patronId: string): Promise<Map<string, RenewalAnswer>> {
  const { rows } = await db.query<{ loan_id: string; state: RenewalAnswer['state']; due_on: string | null; reason: string; decided_by: RenewalAnswer['decidedBy'] }>(
    'select loan_id, state, due_on, reason, decided_by from portal_renewals where patron_id = $1',
    [patronId],
  );
  return new Map(rows.map((r) => [r.loan_id, { state: r.state, dueOn: r.due_on, reason: r.reason, decidedBy: r.decided_by }]));
}

/** The card's page link; '' when this service cannot make page links (its card-page secret is sealed under another key): the rest of the account still shows. */
function cardUrl(cards: CardService, id: string): string {
  try {
    return cards.pagePath(id);
  } catch {
    return '';
  }
}

export async function accountOf(db: Sql, cards: CardService, patron: PatronRecord, nowMs = Date.now()): Promise<PortalAccount> {
  const pols = await policies(db);
  const [loans, holds, fines, cardRecords, renewals] = await Promise.all([
    docs<LoanRecord>(db, `select data from records where collection = 'loans' and not deleted and data->>'patronId' = $1 and data->>'state' = 'active' order by data->>'dueDate'`, [patron.id]),
    docs<HoldRecord>(db, `select data from records where collection = 'holds' and not deleted and data->>'patronId' = $1 and data->>'state' = 'waiting' order by data->>'pickupBy'`, [patron.id]),
    docs<FineRecord>(db, `select data from records where collection = 'fines' and not deleted and data->>'patronId' = $1 and data->>'state' = 'owed' order by data->>'createdAt'`, [patron.id]),
    docs<CardRecord>(db, `select data from records where collection = 'cards' and not deleted and data->>'holderId' = $1 and data->>'kind' = 'interlibrary' and data->>'revokedAt' is null order by data->>'validUntil' desc`, [patron.id]),
    renewalAnswers(db, patron.id),
  ]);
  const fineLoanIds = fines.map((f) => f.loanId);
  const fineLoans = fineLoanIds.length
    ? new Map((await docs<LoanRecord>(db, `select data from records where collection = 'loans' and id = any($1::text[])`, [fineLoanIds])).map((l) => [l.id, l]))
    : new Map<string, LoanRecord>();

  const fineItems: PortalFine[] = fines.map((f) => ({ loanId: f.loanId, title: fineLoans.get(f.loanId)?.title ?? '', libraryId: f.libraryId, amount: f.amount }));
  const portalLoans = loans.map((loan) => {
    const policy = policyFor(pols, { loan });
    const today = todayFor(policy, nowMs);
    const days = overdueDays(loan, policy, today);
    // An overdue loan's fine so far (charged when it is returned), by the policy of the library that lent it.
    if (days > 0) {
      const accruing = assessFine(loan.dueDate, today, policy).amount;
      if (accruing > 0) fineItems.push({ loanId: loan.id, title: loan.title, libraryId: loan.libraryId, amount: accruing });
    }
    return {
      id: loan.id, title: loan.title, ownerLibraryId: loan.ownerLibraryId, pickupLibraryId: loan.libraryId, dueOn: loan.dueDate,
      overdueDays: days, renewalsLeft: Math.max(0, policy.renewals - loan.renewals), renewal: renewals.get(loan.id) ?? null,
    };
  });
  const today = todayFor(effectivePolicy(patron.homeLibraryId, pols), nowMs);
  return {
    loans: portalLoans,
    holds: holds.map((h) => ({ id: h.id, title: h.title, libraryId: h.libraryId, shelfSpot: h.shelfSpot, pickupBy: h.pickupBy })),
    fines: { total: fineItems.reduce((s, f) => s + f.amount, 0), items: fineItems },
    cards: cardRecords.filter((c) => c.validUntil >= today).map((c) => ({ id: c.id, hostLibraryId: c.hostLibraryId, validUntil: c.validUntil, url: cardUrl(cards, c.id) })),
  };
}
