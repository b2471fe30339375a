// The ILS queue's transport over the SIP2 client. Its one job besides
// translating messages is to say, for every failure, whether the request may
// have reached the ILS: the client reports one code (TIMEOUT) for a connect
// that timed out and for a reply that never came, so each operation first
// opens the connection (and logs in) on its own; a failure there is "nothing
// was sent".
import { formatSipDate } from '#shared/sip2';
import type { CheckinResponse, CheckoutResponse } from '#shared/sip2';
import type { Sip2Client } from '#node/sip2/client';
import { isSip2ClientError } from '#node/sip2/errors';
import { describeFailure } from './failure';
import { isChargedStatus, itemInformationText, parseItemInformationResponseText } from './sip2-item-information';
import { IlsTransportError } from './transport';
import type { IlsCheckinRequest, IlsCheckoutRequest, IlsItemStatus, IlsReply, IlsTransport, IlsTransportFailure } from './transport';

export interface Sip2TransportOptions {
  readonly institutionId: string;
  readonly terminalPassword: string;
  /** AP (current location) of checkins. */
  readonly locationCode: string;
  readonly now?: () => Date;
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

export function createSip2Transport(client: Sip2Client, options: Sip2TransportOptions): IlsTransport {
  const now = options.now ?? (() => new Date());

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

    async checkout(request: IlsCheckoutRequest): Promise<IlsReply> {
      const reply = await sent(() =>
        client.checkout(request.patronId, request.itemId, {
          noBlock: request.noBlock,
          nbDueDate: request.noBlock && request.nbDueDate !== null ? formatSipDate(request.nbDueDate) : undefined,
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
      const text = itemInformationText({
        transactionDate: formatSipDate(now()),
        institutionId: options.institutionId,
        itemId,
        terminalPassword: options.terminalPassword,
      });
      if (!text.ok) throw new IlsTransportError('invalid', 'INVALID_REQUEST', `item information: ${text.error.message}`);
      const frame = await sent(() => client.requestText(text.value, '18'));
      const parsed = parseItemInformationResponseText(frame.text);
      if (!parsed.ok) throw new IlsTransportError('unknown', 'PROTOCOL_ERROR', `unreadable item information reply: ${parsed.error.message}`);
      return { circulationStatus: parsed.value.circulationStatus, charged: isChargedStatus(parsed.value.circulationStatus) };
    },

    async chargedItems(patronId: string): Promise<readonly string[] | null> {
      const info = await sent(() => client.patronInformation(patronId, { summary: 'chargedItems', startItem: 1, endItem: CHARGED_PAGE }));
      if (info.validPatron === false) return [];
      const listed = info.chargedItems ?? [];
      // An ILS that does not list items (or lists a partial page) cannot prove a negative.
      if (listed.length < info.chargedItemsCount) return null;
      return listed;
    },
  };
}
