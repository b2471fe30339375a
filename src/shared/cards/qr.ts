// The text a card's QR code carries:
//
//   RDC1.<base64url(payload bytes)>.<base64url(64-byte Ed25519 signature)>
//
// "RDC" = Relay Desk Card, "1" = payload format version (codec.ts). The
// signature covers ASCII "RDC1." followed by the payload bytes: the version
// is signed, and a consortium key that one day signs something else (a
// revocation list, say) under another prefix cannot have that signature
// replayed as a card. Only ASCII characters appear, so the QR code uses byte
// mode; a typical card is about 180 characters.
import { decodeBase64url, encodeBase64url } from './base64url';
import { checkCardPayload, InvalidCardError } from './card';
import type { CardPayload } from './card';
import { decodeCardPayload, encodeCardPayload } from './codec';
import { signBytes } from './ed25519';
import type { KeyInput } from './ed25519';
import type { CardErrorParams } from './messages';

export const CARD_PREFIX = 'RDC1.';
/** Longer input is refused before any work: the largest valid card is about 610 characters. */
export const MAX_CARD_TEXT = 2048;

const encoder = new TextEncoder();
const PREFIX_BYTES = encoder.encode(CARD_PREFIX);
const HEADER_RE = /^RDC(\d{1,4})\./;

// Keyboard-wedge scanners end a scan with Enter; some add a tab or spaces.
// A plain loop rather than a regex: linear however many spaces there are.
function stripScannerSpace(text: string): string {
  const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

export type CardParseCode = 'UNREADABLE' | 'UNSUPPORTED_VERSION' | 'MALFORMED';

export type ParsedCard =
  | { readonly ok: true; readonly payload: CardPayload; readonly signature: Uint8Array; readonly signedBytes: Uint8Array }
  | { readonly ok: false; readonly code: CardParseCode; readonly params: CardErrorParams };

/** The exact bytes a version-1 signature covers. */
export function cardSignedBytes(payloadBytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(PREFIX_BYTES.length + payloadBytes.length);
  out.set(PREFIX_BYTES, 0);
  out.set(payloadBytes, PREFIX_BYTES.length);
  return out;
}

/**
 * Signs a card and returns its QR text. Throws InvalidCardError for an invalid
 * payload (validate untrusted input with checkCardPayload first) and RangeError
 * for a key that is not 32 bytes.
 */
export async function signCard(payload: CardPayload, privateKey: KeyInput): Promise<string> {
  const checked = checkCardPayload(payload);
  if (!checked.ok) throw new InvalidCardError(checked.problems);
  const payloadBytes = encodeCardPayload(checked.payload);
  const signature = await signBytes(cardSignedBytes(payloadBytes), privateKey);
  return CARD_PREFIX + encodeBase64url(payloadBytes) + '.' + encodeBase64url(signature);
}

function refuse(code: CardParseCode, params: CardErrorParams = {}): ParsedCard {
  return { ok: false, code, params };
}

/**
 * Reads QR text into a payload and signature WITHOUT checking the signature
 * (verifyCard does): nothing in the result may be trusted yet. Never throws.
 * UNREADABLE: not a Relay Desk card at all (another QR code, a barcode, too long, not a string);
 * UNSUPPORTED_VERSION: a card in a format this build does not know;
 * MALFORMED: a version-1 card whose content is damaged or invalid.
 */
export function parseCard(text: unknown): ParsedCard {
  if (typeof text !== 'string' || text.length > MAX_CARD_TEXT) return refuse('UNREADABLE');
  const t = stripScannerSpace(text);
  const header = HEADER_RE.exec(t);
  if (!header) return refuse('UNREADABLE');
  if (header[0] !== CARD_PREFIX) return refuse('UNSUPPORTED_VERSION', { version: header[1]! });
  const parts = t.slice(header[0].length).split('.');
  if (parts.length !== 2) return refuse('MALFORMED', { detail: 'expected payload.signature' });
  const payloadBytes = decodeBase64url(parts[0]!);
  const signature = decodeBase64url(parts[1]!);
  if (!payloadBytes || !signature) return refuse('MALFORMED', { detail: 'not base64url' });
  if (signature.length !== 64) return refuse('MALFORMED', { detail: 'signature is not 64 bytes' });
  const decoded = decodeCardPayload(payloadBytes);
  if (!decoded.ok) return refuse('MALFORMED', { detail: decoded.detail });
  return { ok: true, payload: decoded.payload, signature, signedBytes: cardSignedBytes(payloadBytes) };
}
