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
import type { IlsOp } from './queue-types';
import type { IlsTransport } from './transport';

/** True when Item Information shows an earlier send of this op went through. */
export async function earlierSendWentThrough(op: IlsOp, transport: IlsTransport): Promise<boolean> {
  const status = await transport.itemStatus(op.itemId);
  if (op.kind === 'checkin') return !status.charged;
  if (!status.charged) return false;
  if (op.patronId === null || transport.chargedItems === undefined) return true;
  const charged = await transport.chargedItems(op.patronId);
  return charged === null || charged.includes(op.itemId);
}
