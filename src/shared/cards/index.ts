// Virtual library cards (issue 7): signed by the consortium, shown as a QR
// code, verified offline at desks and kiosks.
export type { CardKind, CardPayload, CardCheck } from './card';
export { checkCardPayload, InvalidCardError, ANY_LIBRARY } from './card';
export type { CardKeyPair, KeyInput } from './ed25519';
export { generateKeyPair, publicKeyOf, signBytes, verifyBytes, webCryptoAvailable } from './ed25519';
export type { CardParseCode, ParsedCard } from './qr';
export { CARD_PREFIX, MAX_CARD_TEXT, parseCard, signCard } from './qr';
export type { CardPublicKey, CardVerifyContext, CardVerification } from './verify';
export { ISSUED_AT_SKEW_MS, verifyCard } from './verify';
export type { CardErrorCode, CardErrorParams } from './messages';
export { CARD_ERRORS, describeCardError } from './messages';
