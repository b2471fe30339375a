// The typed SIP2 requests the client sends, filled in from its settings (institution,
// terminal password, language, dates in the system's zone), and how a message is
// written on this connection (delimiter, character set, no-block spelling).
import { BLANK_SIP_DATE, buildSip2Message, encodeFrame, formatSipDate, formatSipDateIn } from '#shared/sip2';
import type { Sip2BuildOptions, Sip2Message } from '#shared/sip2';
import type { CheckinOptions, CheckoutOptions, FeePaidOptions, PatronInformationOptions, RenewOptions, Sip2ClientOptions, Sip2LoginCredentials } from './client-options';
import type { Sip2Codec } from './charset';

/** Where the no-block flag sits in the messages that carry one (code + fixed fields before it). */
const NO_BLOCK_AT: Readonly<Record<string, number>> = { '11': 3, '09': 2, '29': 3 };

export class Sip2MessageBuilders {
  constructor(
    private readonly options: Sip2ClientOptions,
    private readonly codec: Sip2Codec,
  ) {}

  /** An 18-character SIP2 date as this connection sends them (in the system's zone when one is set). */
  sipDate(date: Date): string {
    return this.options.timeZone === undefined ? formatSipDate(date) : formatSipDateIn(date, this.options.timeZone);
  }

  login(credentials: Sip2LoginCredentials): Sip2Message {
    return {
      type: 'login',
      uidAlgorithm: credentials.uidAlgorithm ?? '0',
      pwdAlgorithm: credentials.pwdAlgorithm ?? '0',
      loginUserId: credentials.userId,
      loginPassword: credentials.password,
      locationCode: credentials.locationCode,
    };
  }

  scStatus(options: { statusCode?: number; maxPrintWidth?: number; protocolVersion?: string }): Sip2Message {
    return { type: 'scStatus', statusCode: options.statusCode ?? 0, maxPrintWidth: options.maxPrintWidth ?? 80, protocolVersion: options.protocolVersion ?? '2.00' };
  }

  patronStatus(patronId: string, patronPassword: string): Sip2Message {
    return {
      type: 'patronStatus',
      language: this.language,
      transactionDate: this.transactionDate(),
      institutionId: this.options.institutionId,
      patronId,
      terminalPassword: this.options.terminalPassword ?? '',
      patronPassword,
    };
  }

  patronInformation(patronId: string, options: PatronInformationOptions): Sip2Message {
    return {
      type: 'patronInformation',
      language: this.language,
      transactionDate: this.transactionDate(),
      summary: options.summary ?? 'none',
      institutionId: this.options.institutionId,
      patronId,
      terminalPassword: this.options.terminalPassword,
      patronPassword: options.patronPassword,
      startItem: options.startItem,
      endItem: options.endItem,
    };
  }

  checkout(patronId: string, itemId: string, options: CheckoutOptions): Sip2Message {
    return {
      type: 'checkout',
      scRenewalPolicy: options.scRenewalPolicy ?? false,
      noBlock: options.noBlock ?? false,
      transactionDate: this.transactionDate(),
      nbDueDate: options.nbDueDate ?? BLANK_SIP_DATE,
      institutionId: this.options.institutionId,
      patronId,
      itemId,
      terminalPassword: this.options.terminalPassword ?? '',
      itemProperties: options.itemProperties,
      patronPassword: options.patronPassword,
      feeAcknowledged: options.feeAcknowledged,
      cancel: options.cancel,
    };
  }

  checkin(itemId: string, options: CheckinOptions): Sip2Message {
    return {
      type: 'checkin',
      noBlock: options.noBlock ?? false,
      transactionDate: this.transactionDate(),
      returnDate: this.sipDate(options.returnDate ?? this.now()),
      currentLocation: options.currentLocation ?? '',
      institutionId: this.options.institutionId,
      itemId,
      terminalPassword: this.options.terminalPassword ?? '',
      itemProperties: options.itemProperties,
      cancel: options.cancel,
    };
  }

  renew(patronId: string, itemId: string, options: RenewOptions): Sip2Message {
    return {
      type: 'renew',
      thirdPartyAllowed: options.thirdPartyAllowed ?? false,
      noBlock: options.noBlock ?? false,
      transactionDate: this.transactionDate(),
      nbDueDate: options.nbDueDate ?? BLANK_SIP_DATE,
      institutionId: this.options.institutionId,
      patronId,
      patronPassword: options.patronPassword,
      itemId,
      terminalPassword: this.options.terminalPassword,
      itemProperties: options.itemProperties,
      feeAcknowledged: options.feeAcknowledged,
    };
  }

  feePaid(patronId: string, feeAmount: string, options: FeePaidOptions): Sip2Message {
    return {
      type: 'feePaid',
      transactionDate: this.transactionDate(),
      feeType: options.feeType ?? '01',
      paymentType: options.paymentType ?? '00',
      currencyType: options.currencyType ?? 'TWD',
      feeAmount,
      institutionId: this.options.institutionId,
      patronId,
      terminalPassword: this.options.terminalPassword,
      patronPassword: options.patronPassword,
      feeIdentifier: options.feeIdentifier,
      transactionId: options.transactionId,
    };
  }

  endSession(patronId: string, patronPassword: string | undefined): Sip2Message {
    return {
      type: 'endPatronSession',
      transactionDate: this.transactionDate(),
      institutionId: this.options.institutionId,
      patronId,
      terminalPassword: this.options.terminalPassword,
      patronPassword,
    };
  }

  /** A message as this connection writes it: its delimiter, its character set for the checksum, its no-block spelling. */
  encode(message: Sip2Message, framing: Sip2BuildOptions): string {
    const options = { ...framing, fieldDelimiter: this.options.fieldDelimiter, encode: this.codec.encode };
    const at = NO_BLOCK_AT[buildSip2Message(message, { errorDetection: false, terminator: '' }).slice(0, 2)];
    if (this.options.noBlockFlag !== '10' || at === undefined) return buildSip2Message(message, options);
    const text = buildSip2Message(message, { ...options, errorDetection: false, terminator: '' });
    const flag = text[at] === 'Y' ? '1' : '0';
    return encodeFrame(text.slice(0, at) + flag + text.slice(at + 1), options);
  }

  private get language(): string {
    return this.options.language ?? '000';
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private transactionDate(): string {
    return this.sipDate(this.now());
  }
}
