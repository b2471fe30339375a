// The virtual library card: what the consortium signs and a desk or kiosk
// checks offline. Validation lives next to the type because the encoder and
// the decoder enforce the same rules: a payload that validates encodes, and
// bytes that decode always validate, so signing and parsing agree on what a
// card can be.
import { isLocalDate } from '../domain/dates';

export type CardKind = 'interlibrary' | 'partner';

export interface CardPayload {
  readonly v: 1;
  /** ULID-like, Crockford base32 (26 characters). */
  readonly cardId: string;
  readonly kind: CardKind;
  readonly holderName: string;
  /** Patron id at the home library, or the partner's member id. */
  readonly holderId: string;
  /** Library code for interlibrary cards; null for partner cards. */
  readonly homeLibraryId: string | null;
  /** The partner organisation for partner cards; null for interlibrary cards. */
  readonly organisation: string | null;
  /** Library code where the card may be used, or '*' for the whole consortium. */
  readonly hostLibraryId: string;
  /** First day of validity, 'YYYY-MM-DD', Asia/Taipei calendar, inclusive. */
  readonly validFrom: string;
  /** Last day of validity, 'YYYY-MM-DD', Asia/Taipei calendar, inclusive. */
  readonly validUntil: string;
  /** Items the holder may have out on this card (1..50). */
  readonly loanLimit: number;
  /** Issuing instant, exactly as Date.prototype.toISOString prints it. */
  readonly issuedAt: string;
  /** Which consortium signing key signed the card. */
  readonly keyId: string;
}

export const CARD_ID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const LIBRARY_CODE_RE = /^[A-Z0-9]{2,16}$/;
export const ANY_LIBRARY = '*';
export const HOLDER_ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
export const KEY_ID_RE = /^[A-Za-z0-9_.-]{1,32}$/;
export const MAX_NAME_BYTES = 120;
export const MAX_ORGANISATION_BYTES = 120;
export const LOAN_LIMIT_MIN = 1;
export const LOAN_LIMIT_MAX = 50;
/** Dates are stored as uint16 days since 1970-01-01, so this is the last representable day. */
export const LAST_DATE = '2149-06-06';
/** issuedAt is stored as uint48 milliseconds; toISOString prints five-digit years differently, so stop at 9999. */
export const MAX_ISSUED_MS = 253_402_300_799_999;

// Control characters would break slips and screens; bidirectional overrides
// could make a name read differently from what was signed. Joiners (U+200D)
// stay allowed: emoji sequences need them.
const FORBIDDEN_TEXT_RE = /[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

function textProblem(field: string, value: unknown, maxBytes: number): string | null {
  if (typeof value !== 'string') return `${field} must be a string`;
  if (value.length === 0 || value.trim() !== value) return `${field} must be non-empty without surrounding spaces`;
  // \p{Cs} under the u flag matches only unpaired surrogates, which UTF-8 cannot carry.
  if (FORBIDDEN_TEXT_RE.test(value)) return `${field} contains control or direction characters`;
  if (utf8Length(value) > maxBytes) return `${field} is longer than ${maxBytes} UTF-8 bytes`;
  return null;
}

export function isCardDate(value: unknown): value is string {
  return typeof value === 'string' && isLocalDate(value) && value >= '1970-01-01' && value <= LAST_DATE;
}

export function isCanonicalInstant(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 24) return false;
  const ms = Date.parse(value);
  return Number.isInteger(ms) && ms >= 0 && ms <= MAX_ISSUED_MS && new Date(ms).toISOString() === value;
}

const FIELDS = ['v', 'cardId', 'kind', 'holderName', 'holderId', 'homeLibraryId', 'organisation', 'hostLibraryId', 'validFrom', 'validUntil', 'loanLimit', 'issuedAt', 'keyId'] as const;

/** Every rule a card payload breaks; empty when it is a valid card. */
export function cardPayloadProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['card must be an object'];
  const p = value as Record<string, unknown>;
  const problems: string[] = [];
  const extra = Object.keys(p).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra.length > 0) problems.push(`unknown fields: ${extra.join(', ')}`);
  if (p.v !== 1) problems.push('v must be 1');
  if (typeof p.cardId !== 'string' || !CARD_ID_RE.test(p.cardId)) problems.push('cardId must be 26 Crockford base32 characters');
  if (p.kind === 'interlibrary') {
    if (typeof p.homeLibraryId !== 'string' || !LIBRARY_CODE_RE.test(p.homeLibraryId)) problems.push('homeLibraryId must be a library code on an interlibrary card');
    if (p.organisation !== null) problems.push('organisation must be null on an interlibrary card');
  } else if (p.kind === 'partner') {
    if (p.homeLibraryId !== null) problems.push('homeLibraryId must be null on a partner card');
    const o = textProblem('organisation', p.organisation, MAX_ORGANISATION_BYTES);
    if (o) problems.push(o);
  } else {
    problems.push("kind must be 'interlibrary' or 'partner'");
  }
  const n = textProblem('holderName', p.holderName, MAX_NAME_BYTES);
  if (n) problems.push(n);
  if (typeof p.holderId !== 'string' || !HOLDER_ID_RE.test(p.holderId)) problems.push('holderId must be 1-64 of A-Z a-z 0-9 _ . : -');
  if (typeof p.hostLibraryId !== 'string' || (p.hostLibraryId !== ANY_LIBRARY && !LIBRARY_CODE_RE.test(p.hostLibraryId))) problems.push("hostLibraryId must be a library code or '*'");
  const fromOk = isCardDate(p.validFrom);
  const untilOk = isCardDate(p.validUntil);
  if (!fromOk) problems.push(`validFrom must be a date from 1970-01-01 to ${LAST_DATE}`);
  if (!untilOk) problems.push(`validUntil must be a date from 1970-01-01 to ${LAST_DATE}`);
  if (fromOk && untilOk && (p.validFrom as string) > (p.validUntil as string)) problems.push('validFrom is after validUntil');
  if (typeof p.loanLimit !== 'number' || !Number.isInteger(p.loanLimit) || p.loanLimit < LOAN_LIMIT_MIN || p.loanLimit > LOAN_LIMIT_MAX) problems.push(`loanLimit must be an integer ${LOAN_LIMIT_MIN}-${LOAN_LIMIT_MAX}`);
  if (!isCanonicalInstant(p.issuedAt)) problems.push('issuedAt must be an instant as toISOString prints it (YYYY-MM-DDTHH:mm:ss.sssZ)');
  if (typeof p.keyId !== 'string' || !KEY_ID_RE.test(p.keyId)) problems.push('keyId must be 1-32 of A-Z a-z 0-9 _ . -');
  return problems;
}

export type CardCheck = { readonly ok: true; readonly payload: CardPayload } | { readonly ok: false; readonly problems: readonly string[] };

/** Checks untrusted input (an issuing form, an API body) without throwing. */
export function checkCardPayload(value: unknown): CardCheck {
  const problems = cardPayloadProblems(value);
  if (problems.length > 0) return { ok: false, problems };
  const p = value as CardPayload;
  // A fresh object with the fields in one order, so callers never sign or keep extra properties.
  return {
    ok: true,
    payload: {
      v: 1, cardId: p.cardId, kind: p.kind, holderName: p.holderName, holderId: p.holderId,
      homeLibraryId: p.homeLibraryId, organisation: p.organisation, hostLibraryId: p.hostLibraryId,
      validFrom: p.validFrom, validUntil: p.validUntil, loanLimit: p.loanLimit, issuedAt: p.issuedAt, keyId: p.keyId,
    },
  };
}

/** Thrown by signCard: issuing an invalid card is a programming error, checked with checkCardPayload first. */
export class InvalidCardError extends RangeError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid card: ${problems.join('; ')}`);
    this.name = 'InvalidCardError';
  }
}
