// The desk's connection to a library's own system (ILS) over SIP2.
export { IlsConnector } from './connector';
export type {
  IlsConfigureResult,
  IlsConnectorEnqueueResult,
  IlsConnectorOpInput,
  IlsConnectorOptions,
  IlsLogEntry,
  IlsPatronCheck,
  IlsSkipReason,
  IlsTestResult,
} from './connector';
export { DEFAULT_ILS_CONFIG, DEFAULT_SIP2_PORT, ilsAccountFor, parseIlsConfig, redactIlsConfig } from './config';
export type { IlsConfig, IlsConfigError, IlsConfigParseResult, IlsOperationsConfig, IlsTlsConfig, OfflinePinRule, ParseIlsConfigOptions, RedactedIlsConfig } from './config';
export { describeFailure } from './failure';
export type { IlsFailure, IlsFailureCode } from './failure';
export { ILS_JOURNAL_FILE, IlsQueue, IlsQueueClosedError, ilsOpInputProblem } from './queue';
export type {
  IlsEnqueueResult,
  IlsEnqueueStatus,
  IlsHealth,
  IlsHealthState,
  IlsListOptions,
  IlsOp,
  IlsOpError,
  IlsOpInput,
  IlsOpKind,
  IlsOpState,
  IlsQueueOptions,
  IlsTimers,
} from './queue';
export { IlsTransportError } from './transport';
export type { IlsCheckinRequest, IlsCheckoutRequest, IlsItemStatus, IlsReply, IlsTransport, IlsTransportFailure } from './transport';
export { createSip2Transport } from './sip2-transport';
export type { Sip2TransportOptions } from './sip2-transport';
