// SIP2 2.00 codec: pure, runs in Node and in the renderer.
export { buildSip2Message, parseSip2Message, Sip2BuildError } from './codec';
export type { ParsedSip2Message, Sip2BuildOptions, Sip2ParseOptions } from './codec';
export { characterChecksum, sip2Checksum, utf8Bytes } from './checksum';
export { BLANK_SIP_DATE, formatSipDate, formatSipDateIn, isKnownTimeZone, parseSipDate, sipDateToDate, sipDateToDateIn, SIP_DATE_LENGTH } from './dates';
export type { SipDateParts, SipDateZone } from './dates';
export { decodeFrame, encodeFrame, stripTerminator } from './frame';
export type { Sip2ChecksumMode, Sip2ChecksumStyle, Sip2DecodeOptions, Sip2Frame, Sip2FrameOptions, Sip2Terminator } from './frame';
export { FIELD_DELIMITER, isFieldDelimiter } from './fields';
export { LAYOUTS, PATRON_STATUS_ORDER, SUMMARY_ORDER, SUPPORTED_MESSAGES_ORDER } from './layouts';
export { MASK, maskSip2Line } from './mask';
export { emptyPatronStatus, emptySupportedMessages } from './flags';
export type * from './messages';
export type { Result, Sip2ParseError, Sip2ParseErrorCode, Sip2ParseResult } from './result';
