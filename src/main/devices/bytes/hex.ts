import { err, ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';

const HEX = '0123456789ABCDEF';

export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(HEX[b >> 4]! + HEX[b & 0x0f]!);
  return parts.join(separator);
}

export function hexByte(value: number): string {
  return '0x' + HEX[(value >> 4) & 0x0f]! + HEX[value & 0x0f]!;
}

/** Accepts upper or lower case, with spaces, colons or dashes between bytes (as logs and notes write them). */
export function hexToBytes(text: string): Result<Uint8Array, { code: 'BAD_HEX'; message: string }> {
  const clean = text.replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0) return err('BAD_HEX', `hex text has an odd number of digits (${clean.length})`);
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) return err('BAD_HEX', `'${bad[0]}' at position ${bad.index} is not a hex digit`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return ok(out);
}

export function concatBytes(parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function hexWord(value: number): string {
  return '0x' + (value & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}
