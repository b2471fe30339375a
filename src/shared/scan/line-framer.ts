// Serial / USB-COM scanners send each code as an ASCII line ending CR, LF or
// CRLF. The framer turns arbitrary chunks into lines; CRLF counts once, an
// empty line is ignored, and a line longer than any barcode is cut off and
// reported rather than growing without bound on a noisy line.

export type LineEvent =
  | { readonly kind: 'line'; readonly text: string; readonly bytes: Uint8Array }
  | { readonly kind: 'error'; readonly code: 'LINE_TOO_LONG'; readonly message: string };

export class ScanLineFramer {
  private buffer: number[] = [];
  private lastWasCr = false;
  private overflowing = false;

  constructor(private readonly maxLength = 512) {}

  push(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    for (const b of chunk) {
      if (b === 0x0a && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = b === 0x0d;
      if (b === 0x0d || b === 0x0a) {
        if (!this.overflowing && this.buffer.length > 0) {
          const bytes = Uint8Array.from(this.buffer);
          events.push({ kind: 'line', text: String.fromCharCode(...bytes), bytes });
        }
        this.buffer = [];
        this.overflowing = false;
        continue;
      }
      if (this.overflowing) continue;
      this.buffer.push(b);
      if (this.buffer.length > this.maxLength) {
        events.push({ kind: 'error', code: 'LINE_TOO_LONG', message: `a scanned line exceeded ${this.maxLength} bytes without CR/LF; it was discarded` });
        this.buffer = [];
        this.overflowing = true;
      }
    }
    return events;
  }

  /** Bytes waiting for their terminator. */
  get pending(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = [];
    this.lastWasCr = false;
    this.overflowing = false;
  }
}
