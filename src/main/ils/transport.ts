// What the ILS queue needs from a library system, kept apart from SIP2 so the
// queue's state machine can be tested with a fake and so another protocol
// (NCIP, a REST API) could stand in later.

/** What the ILS answered to a checkout or checkin (its own words included). */
export interface IlsReply {
  readonly ok: boolean;
  /** AF lines. */
  readonly screenMessage: readonly string[];
  /** AG lines. */
  readonly printLine: readonly string[];
  readonly titleId?: string;
  /** AH as sent by the ILS (usually an 18-character SIP2 date). */
  readonly dueDate?: string;
  readonly alert?: boolean;
  /** CT: where a checked-in item must travel. */
  readonly destination?: string;
  readonly sortBin?: string;
  readonly permanentLocation?: string;
  /** AA of a checkin reply: whose loan it ended. */
  readonly patronId?: string;
}

export interface IlsCheckoutRequest {
  readonly patronId: string;
  readonly itemId: string;
  readonly noBlock: boolean;
  /** Due date the desk gave the patron; sent (as nbDueDate) with no-block checkouts only. */
  readonly nbDueDate: Date | null;
}

export interface IlsCheckinRequest {
  readonly itemId: string;
  /** When the item was actually returned at the desk. */
  readonly returnDate: Date;
  readonly noBlock: boolean;
}

export interface IlsItemStatus {
  /** Two-digit SIP2 circulation status ('04' charged, '03' available, …). */
  readonly circulationStatus: string;
  /** On loan to someone (04, 05, 07). */
  readonly charged: boolean;
  /** What the status proves: 'unknown' for an unknown barcode (01) and states that say nothing about a loan. */
  readonly evidence: 'charged' | 'not-charged' | 'unknown';
  /** The system's words (AF), for staff when the status proves nothing. */
  readonly screenMessage?: string;
}

export interface IlsFeePaidRequest {
  readonly patronId: string;
  /** Decimal amount as the ILS writes it, e.g. '30.00'. */
  readonly amount: string;
  readonly currency: string;
  /** The desk's fine id, sent as CG so the ILS can match it. */
  readonly feeId?: string;
  /** The desk's key, sent as BK. */
  readonly transactionId?: string;
}

export interface IlsTransport {
  /** Opens the connection (and logs in) ahead of a transaction, so a failure there is known to have sent nothing. */
  connect?(): Promise<void>;
  checkout(request: IlsCheckoutRequest): Promise<IlsReply>;
  checkin(request: IlsCheckinRequest): Promise<IlsReply>;
  /** SIP2 17 Item Information. */
  itemStatus(itemId: string): Promise<IlsItemStatus>;
  /** Items charged to a patron, or null when the ILS does not list them (or not completely). */
  chargedItems?(patronId: string): Promise<readonly string[] | null>;
  /** SIP2 37 Fee Paid; ok=false is the ILS refusing the payment. Throws 'unsupported' when the ILS does not take it. */
  feePaid?(request: IlsFeePaidRequest): Promise<IlsReply>;
}

/**
 * - unreachable: nothing was sent (connect refused, failed or timed out).
 * - auth: the ILS refused the login; nothing was sent.
 * - unknown: the request may have reached the ILS (reply lost, timed out, unreadable).
 * - invalid: the request cannot be encoded and never will be; nothing was sent.
 * - unsupported: the ILS says (SC Status BX) it does not handle this message; nothing was sent.
 */
export type IlsTransportFailure = 'unreachable' | 'auth' | 'unknown' | 'invalid' | 'unsupported';

export class IlsTransportError extends Error {
  override readonly name = 'IlsTransportError';

  constructor(
    readonly kind: IlsTransportFailure,
    /** The underlying code (a Sip2ClientErrorCode for SIP2). */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
