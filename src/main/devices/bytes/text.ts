// UTF-8 and Latin-1 helpers that report problems instead of silently
// replacing characters: a tag or a receipt must hold exactly what was meant.

import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';

export type TextErrorCode = 'BAD_TEXT';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function utf8Encode(text: string): Result<Uint8Array, CodecError<TextErrorCode>> {
  const bad = LONE_SURROGATE.exec(text);
  if (bad) return err('BAD_TEXT', `text has an unpaired surrogate at position ${bad.index}`);
  return ok(new TextEncoder().encode(text));
}

export function utf8Decode(bytes: Uint8Array): Result<string, CodecError<TextErrorCode>> {
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return err('BAD_TEXT', `${bytes.length} bytes are not valid UTF-8`);
  }
}

/** Decodes leniently (U+FFFD for bad sequences): for display of damaged data only. */
export function utf8DecodeLenient(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

export function latin1Encode(text: string): Result<Uint8Array, CodecError<TextErrorCode>> {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return err('BAD_TEXT', `character '${text[i]}' at position ${i} is outside ISO 8859-1`);
    out[i] = c;
  }
  return ok(out);
}

export function latin1Decode(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Fixed-width text fields are padded with 00: the value ends at the first 00. */
export function untilNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(0);
  return end < 0 ? bytes : bytes.subarray(0, end);
}
