// Splits a TCP byte stream into SIP2 lines. Lines stay bytes so the checksum
// is verified over what was received; CR, LF and CRLF all end a line because
// ILSs differ.

const CR = 0x0d;
const LF = 0x0a;

export class Sip2LineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  /** @param maxLineBytes a line longer than this is a broken peer, not a message */
  constructor(private readonly maxLineBytes = 64 * 1024) {}

  /** Returns the complete lines in `chunk`; throws RangeError when a line exceeds maxLineBytes. */
  push(chunk: Buffer): Buffer[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const lines: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const byte = data[i];
      if (byte === CR || byte === LF) {
        if (i > start) lines.push(data.subarray(start, i));
        start = i + 1;
      }
    }
    this.pending = data.subarray(start);
    if (this.pending.length > this.maxLineBytes) {
      this.pending = Buffer.alloc(0);
      throw new RangeError(`SIP2 line longer than ${this.maxLineBytes} bytes without a terminator`);
    }
    return lines;
  }

  reset(): void {
    this.pending = Buffer.alloc(0);
  }
}
