// The ILS queue's transport over the SIP2 client. Its one job besides
// translating messages is to say, for every failure, whether the request may
// have reached the ILS: the client reports one code (TIMEOUT) for a connect
// that timed out and for a reply that never came, so each operation first
// opens the connection (and logs in) on its own; a failure there is "nothing
// was sent".
//
// Which messages the ILS handles is read once from SC Status (98 BX): a
// system without Item Information (17) or Fee Paid (37) stays silent or
// closes the connection when sent one, which looked like an outage.
import type { CheckinResponse, CheckoutResponse, SupportedMessages } from '#shared/sip2';
import type { Sip2Client } from '#node/sip2/client';
import { isSip2ClientError } from '#node/sip2/errors';
import { describeFailure } from './failure';
import { isChargedStatus, itemInformationText, loanEvidence, parseItemInformationResponseText } from './sip2-item-information';
import { IlsTransportError } from './transport';
import type { IlsCheckinRequest, IlsCheckoutRequest, IlsFeePaidRequest, IlsItemStatus, IlsReply, IlsTransport, IlsTransportFailure } from './transport';

export interface Sip2TransportOptions {
  readonly institutionId: string;
  readonly terminalPassword: string;
  /** AP (current location) of checkins. */
  readonly locationCode: string;
  readonly now?: () => Date;
  /** The connection's field delimiter, for the 18 reply read here. */
  readonly fieldDelimiter?: string;
}

/** Largest charged-items page asked for when reconciling a checkout. */
const CHARGED_PAGE = 500;

function failure(kind: IlsTransportFailure, error: unknown): IlsTransportError {
  const { code, message } = describeFailure(error);
  return new IlsTransportError(kind, code, message, { cause: error });
}

/** A failure while connecting or logging in: the request itself never left. */
function beforeSend(error: unknown): IlsTransportError {
  const code = isSip2ClientError(error) ? error.code : 'INTERNAL';
  return failure(code === 'LOGIN_FAILED' ? 'auth' : code === 'INVALID_REQUEST' ? 'invalid' : 'unreachable', error);
}

/** A failure after the connection was up: the request may have been applied. */
function afterConnect(error: unknown): IlsTransportError {
  switch (isSip2ClientError(error) ? error.code : 'INTERNAL') {
    case 'INVALID_REQUEST':
      return failure('invalid', error);
    case 'LOGIN_FAILED':
      // The connection dropped between connect() and the request and the re-login was refused.
      return failure('auth', error);
    case 'CONNECTION_REFUSED':
    case 'CONNECTION_FAILED':
      // Same, and the reconnect failed: the request was never written.
      return failure('unreachable', error);
    default:
      return failure('unknown', error);
  }
}

function circulationReply(reply: CheckoutResponse): IlsReply {
  return {
    ok: reply.ok,
    screenMessage: reply.screenMessage ?? [],
    printLine: reply.printLine ?? [],
    titleId: reply.titleId || undefined,
    dueDate: reply.dueDate || undefined,
  };
}

function checkinReply(reply: CheckinResponse): IlsReply {
  return {
    ok: reply.ok,
    screenMessage: reply.screenMessage ?? [],
    printLine: reply.printLine ?? [],
    titleId: reply.titleId || undefined,
    alert: reply.alert,
    destination: reply.destination,
    sortBin: reply.sortBin,
    permanentLocation: reply.permanentLocation || undefined,
    patronId: reply.patronId || undefined,
  };
}

/** The transport plus what it learnt of the ILS (for the settings screen). */
export interface Sip2Transport extends IlsTransport {
  /** BX of the ILS's SC Status, once read; null before (or when the ILS sent none). */
  supported(): SupportedMessages | null;
}

export function createSip2Transport(client: Sip2Client, options: Sip2TransportOptions): Sip2Transport {
  const now = options.now ?? (() => new Date());
  let bx: SupportedMessages | null = null;
  let bxRead = false;

  /** False only when the ILS said it does not support the message; an ILS that cannot say gets the benefit of the doubt. */
  async function supports(key: keyof SupportedMessages): Promise<boolean> {
    if (!bxRead) {
      try {
        bx = (await client.scStatus()).supportedMessages ?? null;
        bxRead = true;
      } catch (error) {
        throw afterConnect(error);
      }
    }
    return bx === null || bx[key];
  }

  async function connected(): Promise<void> {
    try {
      await client.connect();
    } catch (error) {
      throw beforeSend(error);
    }
  }

  async function sent<R>(request: () => Promise<R>): Promise<R> {
    await connected();
    try {
      return await request();
    } catch (error) {
      throw afterConnect(error);
    }
  }

  return {
    connect: connected,
    supported: () => bx,

    async checkout(request: IlsCheckoutRequest): Promise<IlsReply> {
      const reply = await sent(() =>
        client.checkout(request.patronId, request.itemId, {
          noBlock: request.noBlock,
          // In the ILS's zone (client.sipDate): a blank zone is read as the system's own.
          nbDueDate: request.noBlock && request.nbDueDate !== null ? client.sipDate(request.nbDueDate) : undefined,
        }),
      );
      return circulationReply(reply);
    },

    async checkin(request: IlsCheckinRequest): Promise<IlsReply> {
      const reply = await sent(() =>
        client.checkin(request.itemId, { returnDate: request.returnDate, noBlock: request.noBlock, currentLocation: options.locationCode }),
      );
      return checkinReply(reply);
    },

    async itemStatus(itemId: string): Promise<IlsItemStatus> {
      await connected();
      if (!(await supports('itemInformation'))) {
        throw new IlsTransportError('unsupported', 'NOT_SUPPORTED', "the library's system does not support Item Information (17): a lost reply cannot be checked automatically");
      }
      const text = itemInformationText({
        transactionDate: client.sipDate(now()),
        institutionId: options.institutionId,
        itemId,
        terminalPassword: options.terminalPassword,
      });
      if (!text.ok) throw new IlsTransportError('invalid', 'INVALID_REQUEST', `item information: ${text.error.message}`);
      const frame = await sent(() => client.requestText(text.value, '18'));
      const parsed = parseItemInformationResponseText(frame.text, options.fieldDelimiter);
      if (!parsed.ok) throw new IlsTransportError('unknown', 'PROTOCOL_ERROR', `unreadable item information reply: ${parsed.error.message}`);
      const status = parsed.value.circulationStatus;
      return { circulationStatus: status, charged: isChargedStatus(status), evidence: loanEvidence(status), screenMessage: parsed.value.screenMessage.join(' / ') };
    },

    async feePaid(request: IlsFeePaidRequest): Promise<IlsReply> {
      await connected();
      if (!(await supports('feePaid'))) {
        throw new IlsTransportError('unsupported', 'NOT_SUPPORTED', "the library's system does not take fee payments over SIP2 (no Fee Paid, 37): record the payment there by hand");
      }
      const reply = await sent(() =>
        client.feePaid(request.patronId, request.amount, { currencyType: request.currency, feeIdentifier: request.feeId, transactionId: request.transactionId }),
      );
      return { ok: reply.paymentAccepted, screenMessage: reply.screenMessage ?? [], printLine: reply.printLine ?? [] };
    },

    async chargedItems(patronId: string): Promise<readonly string[] | null> {
      const info = await sent(() => client.patronInformation(patronId, { summary: 'chargedItems', startItem: 1, endItem: CHARGED_PAGE }));
      if (info.validPatron === false) return [];
      const listed = info.chargedItems ?? [];
      // A blank count (a system that does not keep it) cannot say whether the list is complete.
      if (info.blankFields?.includes('chargedItemsCount')) return listed.length > 0 ? listed : null;
      // An ILS that does not list items (or lists a partial page) cannot prove a negative.
      if (listed.length < info.chargedItemsCount) return null;
      return listed;
    },
  };
}
