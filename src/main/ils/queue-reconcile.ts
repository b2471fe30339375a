// Lost replies and crashes: reconcile, never resend blindly.
//
// An op whose request may have reached the ILS without an answer coming back
// (reply timeout, connection lost, unreadable reply, or found in "sending" at
// start-up) is marked outcomeUnknown and stays at the head. Before sending it
// again the queue asks Item Information (17):
//   checkout: the item is charged (04/05/07) → it went through: done,
//     reconciled. When the ILS lists the patron's charged items (63) and the
//     item is not among them, it is on someone else's account: sent again
//     (the ILS then refuses or, for a no-block checkout, moves the loan).
//   checkin: the item is not charged → done, reconciled; still charged →
//     sent again.
// Known gap: if the item was checked out again elsewhere between a lost
// checkin reply and the reconciliation, the checkin is sent again and ends
// that new loan. Reconciliation runs as soon as the ILS answers again, which
// keeps that window short; the op records reconciled/attempts for audit.
//
// A status that proves nothing (01 for a barcode the ILS does not know, 12
// lost, 13 missing…) no longer counts as "not charged": the op is stuck for
// staff instead, as it is when the ILS has no Item Information at all, and
// for fee payments (nothing in SIP2 can show a payment arrived).
import type { IlsOp } from './queue-types';
import type { IlsTransport } from './transport';

export type Reconciliation = { kind: 'through' } | { kind: 'not-through' } | { kind: 'undetermined'; why: string };

/** Whether Item Information shows an earlier send of this op went through. */
export async function reconcile(op: IlsOp, transport: IlsTransport): Promise<Reconciliation> {
  if (op.kind === 'fee') return { kind: 'undetermined', why: "a lost Fee Paid reply cannot be checked over SIP2: see whether the library's system recorded the payment" };
  const status = await transport.itemStatus(op.itemId);
  const evidence = status.evidence ?? (status.charged ? 'charged' : 'not-charged');
  if (evidence === 'unknown') {
    const words = status.screenMessage ? ` (${status.screenMessage})` : '';
    return { kind: 'undetermined', why: `Item Information answered status ${status.circulationStatus}${words}, which does not show whether the ${op.kind} went through` };
  }
  if (op.kind === 'checkin') return { kind: evidence === 'not-charged' ? 'through' : 'not-through' };
  if (evidence === 'not-charged') return { kind: 'not-through' };
  if (op.patronId === null || transport.chargedItems === undefined) return { kind: 'through' };
  const charged = await transport.chargedItems(op.patronId);
  return { kind: charged === null || charged.includes(op.itemId) ? 'through' : 'not-through' };
}

/** True when Item Information shows an earlier send of this op went through (kept for callers of the old name). */
export async function earlierSendWentThrough(op: IlsOp, transport: IlsTransport): Promise<boolean> {
  return (await reconcile(op, transport)).kind === 'through';
}
