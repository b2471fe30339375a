// SIP2 error detection. The checksum is defined over bytes, not characters.
// Encoding is deliberately not a setting: every line is UTF-8 on the wire and
// the checksum is computed over its UTF-8 bytes. SIP2 2.00 predates Unicode
// and pure-ASCII lines are identical either way; the consortium's ILSs send
// member names (AE) in Chinese as UTF-8, and a per-desk encoding switch would
// only add a way to compute checksums the server rejects.

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
