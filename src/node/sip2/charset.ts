// The character set a SIP2 connection speaks. SIP2 2.00 predates Unicode and
// says nothing about it; in the consortium UTF-8, Big5 (older Taiwanese
// installations), CP850 (the 3M default on some self-check units) and
// Latin-1 are all in use, and the checksum is over the bytes in that set.
// A character the set cannot hold becomes '?' on the wire (iconv's
// replacement), never a silently different byte count.
import iconv from 'iconv-lite';

export const SIP2_CHARSETS = ['utf-8', 'big5', 'latin1', 'cp850', 'ascii'] as const;
export type Sip2Charset = (typeof SIP2_CHARSETS)[number];

export interface Sip2Codec {
  readonly charset: Sip2Charset;
  encode(text: string): Buffer;
  decode(bytes: Uint8Array): string;
}

const ICONV_NAME: Record<Sip2Charset, string> = { 'utf-8': 'utf8', big5: 'big5', latin1: 'latin1', cp850: 'cp850', ascii: 'ascii' };

export function sip2Codec(charset: Sip2Charset = 'utf-8'): Sip2Codec {
  const name = ICONV_NAME[charset];
  if (name === undefined) throw new RangeError(`unknown SIP2 character set '${String(charset)}'`);
  if (charset === 'utf-8') {
    return { charset, encode: (text) => Buffer.from(text, 'utf8'), decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') };
  }
  return {
    charset,
    encode: (text) => iconv.encode(text, name),
    decode: (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), name),
  };
}
