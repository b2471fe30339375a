// SIP2 error detection. The checksum is defined over bytes, not characters:
// the bytes in the connection's character set (UTF-8, Big5, CP850, Latin-1
// are all found in the consortium). Some servers sum the characters of their
// string before encoding it instead; characterChecksum() computes that sum so
// a tolerant connection can accept it (frame.ts), never to send it.

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Two's complement of the byte sum of `bytes[0, end)`, masked to 16 bits, as
 * four upper-case hex digits. `end` must include the "AZ" field id.
 */
export function sip2Checksum(input: Uint8Array | string, end?: number): string {
  const bytes = typeof input === 'string' ? utf8Bytes(input) : input;
  const stop = end ?? bytes.length;
  let sum = 0;
  for (let i = 0; i < stop; i++) {
    // Keep the running sum in 16 bits so the bitwise negation below stays exact for any length.
    sum = (sum + (bytes[i] ?? 0)) & 0xffff;
  }
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** The sum some servers send: over the text's code points instead of its encoded bytes (identical for ASCII). */
export function characterChecksum(text: string): string {
  let sum = 0;
  for (const char of text) sum = (sum + (char.codePointAt(0) ?? 0)) & 0xffff;
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}
