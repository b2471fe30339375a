// Lines out of a byte stream, for the line protocols the desk speaks: serial
// barcode scanners (each code an ASCII line) and SIP2 (one message a line).
// CR, LF and CRLF all end a line (devices and library systems differ); an
// empty line is skipped; a line longer than maxLength is reported once as an
// overflow and dropped up to its terminator, so a noisy or broken peer can
// neither grow the buffer without bound nor glue its garbage onto the next line.
//
// SIP2 wants a stricter rule ({ lfEndsLine }): its terminator is CR, and an LF
// inside a field (a two-line patron note) is data. There an LF ends a line only
// when the caller says the bytes before it are a whole message (a server that
// ends its lines with a bare LF); an LF right after a CR (CRLF) is skipped.

const CR = 0x0d;
const LF = 0x0a;

export type LineEvent =
  | { readonly kind: 'line'; readonly bytes: Uint8Array }
  | { readonly kind: 'overflow'; readonly maxLength: number };

export interface LineFramerOptions {
  /** When given, LF ends a line only if this says the bytes before it are complete; otherwise the LF is kept as data. */
  readonly lfEndsLine?: (line: Uint8Array) => boolean;
}

export class LineFramer {
  private parts: Uint8Array[] = [];
  private length = 0;
  private overflowing = false;

  constructor(
    private readonly maxLength: number,
    private readonly options: LineFramerOptions = {},
  ) {}

  push(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    const lfEndsLine = this.options.lfEndsLine;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== CR && byte !== LF) continue;
      if (byte === LF && lfEndsLine !== undefined) {
        const pendingHere = this.length + (i - start);
        // The LF of a CRLF (nothing pending), or data inside a field: not an end.
        if (pendingHere === 0) {
          start = i + 1;
          continue;
        }
        if (this.overflowing || !lfEndsLine(this.peek(chunk.subarray(start, i)))) continue;
      }
      this.take(chunk.subarray(start, i), events);
      this.endLine(events);
      start = i + 1;
    }
    this.take(chunk.subarray(start), events);
    return events;
  }

  /** Bytes waiting for their terminator. */
  get pending(): number {
    return this.length;
  }

  reset(): void {
    this.parts = [];
    this.length = 0;
    this.overflowing = false;
  }

  /** The pending bytes followed by `tail`, without consuming them. */
  private peek(tail: Uint8Array): Uint8Array {
    const line = new Uint8Array(this.length + tail.length);
    let at = 0;
    for (const part of this.parts) {
      line.set(part, at);
      at += part.length;
    }
    line.set(tail, at);
    return line;
  }

  private take(bytes: Uint8Array, events: LineEvent[]): void {
    if (this.overflowing || bytes.length === 0) return;
    if (this.length + bytes.length > this.maxLength) {
      events.push({ kind: 'overflow', maxLength: this.maxLength });
      this.parts = [];
      this.length = 0;
      this.overflowing = true;
      return;
    }
    // Copied: the caller may reuse its chunk buffer.
    this.parts.push(bytes.slice());
    this.length += bytes.length;
  }

  private endLine(events: LineEvent[]): void {
    if (!this.overflowing && this.length > 0) {
      const line = new Uint8Array(this.length);
      let at = 0;
      for (const part of this.parts) {
        line.set(part, at);
        at += part.length;
      }
      events.push({ kind: 'line', bytes: line });
    }
    this.parts = [];
    this.length = 0;
    this.overflowing = false;
  }
}
