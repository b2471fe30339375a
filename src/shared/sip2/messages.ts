// Typed SIP2 2.00 messages used by the circulation desk. Property names follow
// the standard's field names; every message keeps the fields this codec does
// not know in `extraFields`, in arrival order, so ILS extensions survive a
// parse → build round trip.

/** A variable-length field: two-character id, value up to the next '|'. */
export interface SipField {
  id: string;
  value: string;
}

export type YesNoUnknown = 'Y' | 'N' | 'U';

interface MessageBase {
  extraFields?: SipField[];
  /**
   * Fixed-length number fields a server sent blank (e.g. four spaces for a
   * count it does not keep): read as 0, named here so callers can tell "0"
   * from "not known". Set by the parser only; the builder ignores it.
   */
  blankFields?: string[];
}

/** The 14-character patron status of messages 24 and 64, one flag per position. */
export interface PatronStatusFlags {
  chargePrivilegesDenied: boolean;
  renewalPrivilegesDenied: boolean;
  recallPrivilegesDenied: boolean;
  holdPrivilegesDenied: boolean;
  cardReportedLost: boolean;
  tooManyItemsCharged: boolean;
  tooManyItemsOverdue: boolean;
  tooManyRenewals: boolean;
  tooManyClaimsOfItemsReturned: boolean;
  tooManyItemsLost: boolean;
  excessiveOutstandingFines: boolean;
  excessiveOutstandingFees: boolean;
  recallOverdue: boolean;
  tooManyItemsBilled: boolean;
}

/** The BX field of message 98: which messages the ACS supports, in the standard's order. */
export interface SupportedMessages {
  patronStatusRequest: boolean;
  checkout: boolean;
  checkin: boolean;
  blockPatron: boolean;
  scAcsStatus: boolean;
  requestScAcsResend: boolean;
  login: boolean;
  patronInformation: boolean;
  endPatronSession: boolean;
  feePaid: boolean;
  itemInformation: boolean;
  itemStatusUpdate: boolean;
  patronEnable: boolean;
  hold: boolean;
  renew: boolean;
  renewAll: boolean;
}

/** Which item list message 63 asks for (at most one position of the 10-character summary is 'Y'). */
export type PatronSummary =
  | 'none'
  | 'holdItems'
  | 'overdueItems'
  | 'chargedItems'
  | 'fineItems'
  | 'recallItems'
  | 'unavailableHolds';

/** 93 */
export interface LoginRequest extends MessageBase {
  type: 'login';
  uidAlgorithm: string;
  pwdAlgorithm: string;
  loginUserId: string;
  loginPassword: string;
  locationCode?: string;
}

/** 94 */
export interface LoginResponse extends MessageBase {
  type: 'loginResponse';
  ok: boolean;
}

/** 99 */
export interface ScStatusRequest extends MessageBase {
  type: 'scStatus';
  /** 0 ok, 1 printer out of paper, 2 about to shut down. */
  statusCode: number;
  maxPrintWidth: number;
  protocolVersion: string;
}

/** 98 */
export interface AcsStatusResponse extends MessageBase {
  type: 'acsStatus';
  onlineStatus: boolean;
  checkinOk: boolean;
  checkoutOk: boolean;
  acsRenewalPolicy: boolean;
  statusUpdateOk: boolean;
  offlineOk: boolean;
  timeoutPeriod: number;
  retriesAllowed: number;
  dateTimeSync: string;
  protocolVersion: string;
  institutionId: string;
  libraryName?: string;
  supportedMessages?: SupportedMessages;
  terminalLocation?: string;
  screenMessage?: string[];
  printLine?: string[];
}

/** 23 */
export interface PatronStatusRequest extends MessageBase {
  type: 'patronStatus';
  language: string;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  terminalPassword: string;
  patronPassword: string;
}

/** 24 */
export interface PatronStatusResponse extends MessageBase {
  type: 'patronStatusResponse';
  patronStatus: PatronStatusFlags;
  language: string;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  personalName: string;
  validPatron?: boolean;
  validPatronPassword?: boolean;
  currencyType?: string;
  feeAmount?: string;
  screenMessage?: string[];
  printLine?: string[];
}

/** 63 */
export interface PatronInformationRequest extends MessageBase {
  type: 'patronInformation';
  language: string;
  transactionDate: string;
  summary: PatronSummary;
  institutionId: string;
  patronId: string;
  terminalPassword?: string;
  patronPassword?: string;
  startItem?: number;
  endItem?: number;
}

/** 64 */
export interface PatronInformationResponse extends MessageBase {
  type: 'patronInformationResponse';
  patronStatus: PatronStatusFlags;
  language: string;
  transactionDate: string;
  holdItemsCount: number;
  overdueItemsCount: number;
  chargedItemsCount: number;
  fineItemsCount: number;
  recallItemsCount: number;
  unavailableHoldsCount: number;
  institutionId: string;
  patronId: string;
  personalName: string;
  holdItemsLimit?: number;
  overdueItemsLimit?: number;
  chargedItemsLimit?: number;
  validPatron?: boolean;
  validPatronPassword?: boolean;
  currencyType?: string;
  feeAmount?: string;
  feeLimit?: string;
  holdItems?: string[];
  overdueItems?: string[];
  chargedItems?: string[];
  fineItems?: string[];
  recallItems?: string[];
  unavailableHoldItems?: string[];
  homeAddress?: string;
  emailAddress?: string;
  homePhoneNumber?: string;
  screenMessage?: string[];
  printLine?: string[];
}

/** 11 */
export interface CheckoutRequest extends MessageBase {
  type: 'checkout';
  scRenewalPolicy: boolean;
  noBlock: boolean;
  transactionDate: string;
  nbDueDate: string;
  institutionId: string;
  patronId: string;
  itemId: string;
  terminalPassword: string;
  itemProperties?: string;
  patronPassword?: string;
  feeAcknowledged?: boolean;
  cancel?: boolean;
}

interface CirculationResponseFields {
  ok: boolean;
  renewalOk: boolean;
  magneticMedia: YesNoUnknown;
  desensitize: YesNoUnknown;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  itemId: string;
  titleId: string;
  /** Free text in the standard; most ILSs send an 18-character SIP2 date. */
  dueDate: string;
  feeType?: string;
  securityInhibit?: boolean;
  currencyType?: string;
  feeAmount?: string;
  mediaType?: string;
  itemProperties?: string;
  transactionId?: string;
  screenMessage?: string[];
  printLine?: string[];
}

/** 12 */
export interface CheckoutResponse extends MessageBase, CirculationResponseFields {
  type: 'checkoutResponse';
}

/** 09 */
export interface CheckinRequest extends MessageBase {
  type: 'checkin';
  noBlock: boolean;
  transactionDate: string;
  returnDate: string;
  currentLocation: string;
  institutionId: string;
  itemId: string;
  terminalPassword: string;
  itemProperties?: string;
  cancel?: boolean;
}

/** 10 */
export interface CheckinResponse extends MessageBase {
  type: 'checkinResponse';
  ok: boolean;
  resensitize: boolean;
  magneticMedia: YesNoUnknown;
  alert: boolean;
  transactionDate: string;
  institutionId: string;
  itemId: string;
  permanentLocation: string;
  titleId?: string;
  sortBin?: string;
  patronId?: string;
  mediaType?: string;
  itemProperties?: string;
  /** CT: not in SIP2 2.00; some ILSs name the library an item must travel to. */
  destination?: string;
  screenMessage?: string[];
  printLine?: string[];
}

/** 29 */
export interface RenewRequest extends MessageBase {
  type: 'renew';
  thirdPartyAllowed: boolean;
  noBlock: boolean;
  transactionDate: string;
  nbDueDate: string;
  institutionId: string;
  patronId: string;
  patronPassword?: string;
  itemId?: string;
  titleId?: string;
  terminalPassword?: string;
  itemProperties?: string;
  feeAcknowledged?: boolean;
}

/** 30 */
export interface RenewResponse extends MessageBase, CirculationResponseFields {
  type: 'renewResponse';
}

/** 35 */
export interface EndPatronSessionRequest extends MessageBase {
  type: 'endPatronSession';
  transactionDate: string;
  institutionId: string;
  patronId: string;
  terminalPassword?: string;
  patronPassword?: string;
}

/** 36 */
export interface EndSessionResponse extends MessageBase {
  type: 'endSessionResponse';
  endSession: boolean;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  screenMessage?: string[];
  printLine?: string[];
}

/** 37: a fine or fee paid at the desk. */
export interface FeePaidRequest extends MessageBase {
  type: 'feePaid';
  transactionDate: string;
  /** Two digits: 01 other/unknown, 02 administrative, 03 damage, 04 overdue, 05 processing, 06 rental, 07 replacement, 08 computer access, 09 hold fee. */
  feeType: string;
  /** Two digits: 00 cash, 01 VISA, 02 credit card. */
  paymentType: string;
  /** Three letters (ISO 4217), e.g. TWD. */
  currencyType: string;
  feeAmount: string;
  institutionId: string;
  patronId: string;
  terminalPassword?: string;
  patronPassword?: string;
  feeIdentifier?: string;
  transactionId?: string;
}

/** 38 */
export interface FeePaidResponse extends MessageBase {
  type: 'feePaidResponse';
  paymentAccepted: boolean;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  transactionId?: string;
  screenMessage?: string[];
  printLine?: string[];
}

/** 97: the SC asks the ACS to send its last message again. */
export interface RequestAcsResend extends MessageBase {
  type: 'requestAcsResend';
}

/** 96: the ACS asks the SC to send its last message again. */
export interface RequestScResend extends MessageBase {
  type: 'requestScResend';
}

export type Sip2Message =
  | LoginRequest
  | LoginResponse
  | ScStatusRequest
  | AcsStatusResponse
  | PatronStatusRequest
  | PatronStatusResponse
  | PatronInformationRequest
  | PatronInformationResponse
  | CheckoutRequest
  | CheckoutResponse
  | CheckinRequest
  | CheckinResponse
  | RenewRequest
  | RenewResponse
  | EndPatronSessionRequest
  | EndSessionResponse
  | FeePaidRequest
  | FeePaidResponse
  | RequestAcsResend
  | RequestScResend;

export type Sip2MessageType = Sip2Message['type'];
export type Sip2MessageOf<T extends Sip2MessageType> = Extract<Sip2Message, { type: T }>;
