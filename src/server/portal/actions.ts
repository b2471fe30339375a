// What a signed-in patron can do: place a title request, cancel one not yet
// shipped, renew a loan. Each goes through the same rules and events as a
// desk's action (placeForPatron in requests/routes.ts; request.cancelled and
// loan.renewed applied as the service's own events), so desks see the change
// through sync like any other.
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { lockWriters } from '#server/events/apply-events';
import { getWork, lenderCandidates } from '#server/catalogue/search';
import { parseTitleRequest, placeForPatron } from '#server/requests/routes';
import { applyTitleEvents } from '#server/requests/service-events';
import { newId } from '#shared/domain/ids';
import { describeReason, type ReasonCode } from '#shared/domain/reasons';
import { policyFor } from '#shared/domain/policy-for';
import type { PatronRecord, RequestRecord } from '#shared/domain/records';
import type { RenewalAnswer } from '#shared/portal/wire';
import { activeLibraries, ownLoan, ownRequest, pickupLibraries, policies, todayFor } from './views';
import { canCancel } from './timeline';

const BODY_FIELDS = ['workId', 'pickupLibraryId', 'neededBy', 'note'] as const;

const reasonText = (code: string, params: Record<string, string | number> = {}): string => {
  try {
    return describeReason(code as ReasonCode, params, 'zh-TW').message;
  } catch {
    return code;
  }
};

/** Place a title request for the signed-in patron, picked up at one of their pickup libraries. */
export async function placeRequest(db: Database, patron: PatronRecord, body: unknown): Promise<RequestRecord> {
  const o = allowOnly(requireObject(body), BODY_FIELDS);
  const pickup = o['pickupLibraryId'];
  const allowed = await pickupLibraries(db, patron);
  if (typeof pickup !== 'string' || !allowed.some((l) => l.id === pickup)) {
    throw new ApiError(400, 'VALIDATION_FAILED', `/pickupLibraryId: one of ${allowed.map((l) => l.id).join(', ')}`);
  }
  const input = parseTitleRequest({ patronId: patron.id, workId: o['workId'], neededBy: o['neededBy'], note: o['note'] });
  const work = await getWork(db, input.workId);
  if (!work) throw new ApiError(404, 'NOT_FOUND', '聯合目錄中找不到這本書。 No such work in the union catalogue.');
  // Nobody to lend it: say so now rather than let the request end unfilled at routing.
  const active = new Set((await activeLibraries(db)).map((l) => l.id));
  const lenders = (await lenderCandidates(db, work.id, { excludeLibraryId: patron.homeLibraryId })).filter((c) => active.has(c.libraryId));
  if (lenders.length === 0) {
    throw new ApiError(422, 'NO_LENDER', '目前沒有其他聯盟圖書館有可外借的館藏。 No other member library holds a copy it can lend.', { workId: work.id });
  }
  try {
    return await placeForPatron(db, input, { libraryId: patron.homeLibraryId });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.code === 'DUPLICATE_REQUEST') throw new ApiError(409, 'DUPLICATE_REQUEST', '您已經申請過這本書，申請仍在處理中。 You already have an open request for this book.', err.details);
    if (err.code === 'REQUEST_LIMIT_REACHED') throw new ApiError(409, 'LIMIT_REACHED', `您的借閱與申請已達上限 ${String(err.details?.['limit'] ?? '')} 件。 You have reached the limit of loans and open requests.`, err.details);
    if (err.code === 'UNKNOWN_WORK') throw new ApiError(404, 'NOT_FOUND', '聯合目錄中找不到這本書。 No such work in the union catalogue.');
    if (err.status === 422) throw new ApiError(422, 'REQUEST_REFUSED', reasonText(err.code), { reason: err.code });
    throw err;
  }
}

const PATRON_CANCEL_REASON = '讀者於讀者服務網取消 / cancelled by the patron in the portal';

export async function cancelRequest(db: Database, patron: PatronRecord, id: string): Promise<RequestRecord> {
  return db.transaction(async (tx) => {
    await lockWriters(tx);
    const req = await ownRequest(tx, patron.id, id);
    if (!req) throw new ApiError(404, 'NOT_FOUND', '找不到這筆申請。 No such request.');
    if (!canCancel(req)) throw new ApiError(409, 'CANNOT_CANCEL', '這筆申請已寄出或已結束，無法取消。 This request has been shipped or has ended and cannot be cancelled.', { borrowerState: req.borrowerState });
    const nowMs = Date.now();
    const [r] = await applyTitleEvents(tx, [{ type: 'request.cancelled', libraryId: req.borrowerLibraryId, payload: { requestId: req.id, reason: PATRON_CANCEL_REASON } }], nowMs, () => newId(nowMs));
    if (r?.status !== 'applied') throw new ApiError(409, 'CANNOT_CANCEL', r?.status === 'rejected' ? reasonText(r.reason) : 'The request could not be cancelled.');
    return (await ownRequest(tx, patron.id, id))!;
  });
}

/** Renew by the policy of the library that lent it; a refusal is an answer (with its reason), not an error. */
export async function renewLoan(db: Database, patron: PatronRecord, loanId: string): Promise<RenewalAnswer> {
  const answer = await db.transaction(async (tx): Promise<RenewalAnswer> => {
    await lockWriters(tx);
    const loan = await ownLoan(tx, patron.id, loanId);
    if (!loan) throw new ApiError(404, 'NOT_FOUND', '找不到這筆借閱。 No such loan.');
    if (loan.state !== 'active') throw new ApiError(409, 'CANNOT_RENEW', '這本書已歸還。 This loan has ended.');
    const policy = policyFor(await policies(tx), { loan });
    // The reducer decides; these two are checked first only to word the refusal without recording a rejected event.
    if (loan.renewals >= policy.renewals) return { state: 'refused', dueOn: null, reason: reasonText('RENEWAL_LIMIT', { renewals: policy.renewals }), decidedBy: 'policy' };
    if (todayFor(policy) > loan.dueDate) return { state: 'refused', dueOn: null, reason: reasonText('RENEWAL_OVERDUE'), decidedBy: 'policy' };
    const nowMs = Date.now();
    const [r] = await applyTitleEvents(tx, [{ type: 'loan.renewed', libraryId: loan.libraryId, payload: { loanId: loan.id } }], nowMs, () => newId(nowMs));
    if (r?.status === 'applied') {
      const renewed = await ownLoan(tx, patron.id, loanId);
      return { state: 'granted', dueOn: renewed!.dueDate, reason: '', decidedBy: 'policy' };
    }
    return { state: 'refused', dueOn: null, reason: r?.status === 'rejected' ? reasonText(r.reason) : '無法續借。', decidedBy: 'policy' };
  });
  await db.query(
    `insert into portal_renewals (loan_id, patron_id, state, due_on, reason, decided_by, at) values ($1, $2, $3, $4, $5, $6, now())
     on conflict (loan_id) do update set state = excluded.state, due_on = excluded.due_on, reason = excluded.reason, decided_by = excluded.decided_by, at = now()`,
    [loanId, patron.id, answer.state, answer.dueOn, answer.reason, answer.decidedBy],
  );
  return answer;
}
