// Checks on what comes back from the ACS beyond parsing it: where a line may
// end, and which checksum style a reply matched (for the test-connection report).
import type { Sip2ChecksumStyle } from '#shared/sip2';
import type { ReplyReading } from './round-trip';

/** A whole error-detected SIP2 frame ends in AZ and four hex digits: only then may a bare LF end it. */
export function endsWithChecksum(line: Uint8Array): boolean {
  const n = line.length;
  if (n < 6 || line[n - 6] !== 0x41 || line[n - 5] !== 0x5a) return false;
  for (let i = n - 4; i < n; i++) {
    const b = line[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))) return false;
  }
  return true;
}

/** Notes which sum each reply's checksum matched, for the test-connection report. */
export function observeChecksumStyle<R>(read: (raw: Buffer) => ReplyReading<R>, note: (style: Sip2ChecksumStyle) => void): (raw: Buffer) => ReplyReading<R> {
  return (raw) => {
    const reading = read(raw);
    if (reading.kind === 'reply' && reading.checksumStyle) note(reading.checksumStyle);
    return reading;
  };
}
