// ISO 15693 UIDs as the app stores them: 16 upper-case hex digits, MSB first
// (so they start with E0). Keyboard pads type them either way round and in
// hex or decimal, so input is normalised here.

import { bytesToHex } from '#main/devices/bytes/hex';
import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export const UID_LENGTH = 8;
export const ISO15693_UID_MSB = 0xe0;

export type UidErrorCode = 'EMPTY' | 'BAD_UID';
export type UidError = CodecError<UidErrorCode>;

export function uidFromBytes(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** Strict form used on the wire: exactly 16 hex digits, MSB first. */
export function uidToBytes(uid: string): Result<Uint8Array, UidError> {
  if (!/^[0-9A-Fa-f]{16}$/.test(uid)) return err('BAD_UID', `UID must be 16 hex digits, got '${uid}'`);
  const out = new Uint8Array(UID_LENGTH);
  for (let i = 0; i < UID_LENGTH; i++) out[i] = parseInt(uid.slice(i * 2, i * 2 + 2), 16);
  return ok(out);
}

function orient(bytes: Uint8Array, source: string): Result<string, UidError> {
  if (bytes[0] === ISO15693_UID_MSB) return ok(uidFromBytes(bytes));
  if (bytes[UID_LENGTH - 1] === ISO15693_UID_MSB) return ok(uidFromBytes(bytes.slice().reverse()));
  return err('BAD_UID', `'${source}' is not an ISO 15693 UID: neither its first nor its last byte is E0`);
}

/**
 * Accepts what a keyboard-emulation pad types: hex (any case, separators
 * allowed) or decimal, MSB or LSB first. Returns the canonical E0… form.
 */
export function normalizeUid(text: string): Result<string, UidError> {
  const trimmed = text.trim();
  if (trimmed === '') return err('EMPTY', 'no UID was given');
  const hex = trimmed.replace(/[\s:-]/g, '');
  if (/^[0-9A-Fa-f]{16}$/.test(hex)) {
    const bytes = uidToBytes(hex);
    if (!bytes.ok) return bytes;
    const oriented = orient(bytes.value, trimmed);
    if (oriented.ok || !/^\d+$/.test(hex)) return oriented;
  }
  if (/^\d{1,20}$/.test(hex)) {
    const value = BigInt(hex);
    if (value > 0xffffffffffffffffn) return err('BAD_UID', `decimal UID '${trimmed}' does not fit in 8 bytes`);
    const bytes = new Uint8Array(UID_LENGTH);
    let rest = value;
    for (let i = UID_LENGTH - 1; i >= 0; i--) {
      bytes[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return orient(bytes, trimmed);
  }
  return err('BAD_UID', `'${trimmed}' is neither 16 hex digits nor a decimal number`);
}
