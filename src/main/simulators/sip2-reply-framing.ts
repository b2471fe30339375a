// How the simulated server puts a reply on the wire: AY/AZ with its checksum
// style and its line ending, and the deliberately wrong checksum tests ask for.
import { characterChecksum, sip2Checksum } from '#shared/sip2';

export interface Sip2ReplyFraming {
  readonly checksum: 'bytes' | 'characters';
  readonly encode: (text: string) => Uint8Array;
  readonly lineEnding: '\r' | '\r\n';
}

/** Text → wire line: AY/AZ with this server's checksum style, and its line ending. */
export function frameReply(text: string, errorDetection: boolean, seq: number, sequenced: boolean, framing: Sip2ReplyFraming): string {
  if (!errorDetection) return text + framing.lineEnding;
  const head = `${text}${sequenced ? `AY${seq}` : ''}AZ`;
  const sum = framing.checksum === 'characters' ? characterChecksum(head) : sip2Checksum(framing.encode(head));
  return head + sum + framing.lineEnding;
}

export function corruptChecksum(line: string): string {
  const at = line.lastIndexOf('AZ');
  const good = Number.parseInt(line.slice(at + 2, at + 6), 16);
  const bad = ((good + 1) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return line.slice(0, at + 2) + bad + line.slice(at + 6);
}
