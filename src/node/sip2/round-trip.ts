// One SIP2 request and its reply, as the protocol's error detection wants
// it: a reply with a bad checksum is answered with 97 (request ACS resend),
// a 96 from the ACS makes us send again, each a bounded number of times,
// and a reply's sequence number must match the request's — except for the
// answer to a 97: SIPServer (Koha, Evergreen) and others resend their last
// message rebuilt with sequence 0 (AY0), so after a 97 both the request's
// number and 0 are accepted.
import { buildSip2Message, decodeFrame, parseSip2Message } from '#shared/sip2';
import type { Sip2BuildOptions, Sip2ChecksumStyle, Sip2DecodeOptions, Sip2Frame, Sip2MessageOf, Sip2MessageType, Sip2ParseOptions } from '#shared/sip2';
import { Sip2ClientError } from './errors';

/** How a round trip reads one received line. */
export type ReplyReading<R> =
  | { kind: 'reply'; value: R; sequence: number | null; checksumStyle?: Sip2ChecksumStyle | null }
  | { kind: 'badChecksum'; message: string }
  | { kind: 'resend' }
  | { kind: 'error'; message: string };

/** What a round trip needs of its connection. */
export interface RoundTripLink {
  write(line: string): void;
  nextLine(deadline: number): Promise<Buffer>;
  /** An error that also resynchronises the stream (drops the connection). */
  protocolError(message: string): Sip2ClientError;
  /** Lines that arrived unasked before this request: logged and dropped. */
  discardStale(): void;
}

export interface RoundTripSettings {
  readonly seq: number;
  readonly errorDetection: boolean;
  readonly terminator: '\r' | '\r\n';
  readonly requestTimeoutMs: number;
  readonly maxResends: number;
  /** The connection's character set, for checksums of what is sent. */
  readonly encode?: (text: string) => Uint8Array;
}

/** Reads a reply of one message type (96 asks for a resend; anything else is a protocol error). */
export function replyOfType<T extends Sip2MessageType>(expected: T, options: Sip2ParseOptions = {}): (raw: Buffer) => ReplyReading<Sip2MessageOf<T>> {
  return (raw) => {
    const parsed = parseSip2Message(raw, options);
    if (!parsed.ok) {
      return parsed.error.code === 'BAD_CHECKSUM' ? { kind: 'badChecksum', message: parsed.error.message } : { kind: 'error', message: `unreadable reply: ${parsed.error.message}` };
    }
    const reply = parsed.value;
    if (reply.message.type === 'requestScResend') return { kind: 'resend' };
    if (reply.message.type !== expected) return { kind: 'error', message: `expected a '${expected}' reply, got '${reply.message.type}'` };
    return { kind: 'reply', value: reply.message as Sip2MessageOf<T>, sequence: reply.sequence, checksumStyle: reply.checksumStyle ?? null };
  };
}

/** Reads a reply by its two-digit code only (messages the shared codec has no layout for). */
export function replyWithCode(replyCode: string, options: Sip2DecodeOptions = {}): (raw: Buffer) => ReplyReading<Sip2Frame> {
  return (raw) => {
    const frame = decodeFrame(raw, options);
    if (!frame.ok) {
      return frame.error.code === 'BAD_CHECKSUM' ? { kind: 'badChecksum', message: frame.error.message } : { kind: 'error', message: `unreadable reply: ${frame.error.message}` };
    }
    if (frame.value.text.startsWith('96')) return { kind: 'resend' };
    if (!frame.value.text.startsWith(replyCode)) return { kind: 'error', message: `expected a '${replyCode}' reply, got '${frame.value.text.slice(0, 2)}'` };
    return { kind: 'reply', value: frame.value, sequence: frame.value.sequence, checksumStyle: frame.value.checksumStyle ?? null };
  };
}

export async function runRoundTrip<R>(link: RoundTripLink, settings: RoundTripSettings, encode: (framing: Sip2BuildOptions) => string, read: (raw: Buffer) => ReplyReading<R>): Promise<R> {
  const { errorDetection, terminator, seq } = settings;
  let line: string;
  let resendRequest: string;
  let askedForResend = false;
  try {
    line = encode({ errorDetection, seq, terminator });
    resendRequest = buildSip2Message({ type: 'requestAcsResend' }, { errorDetection, terminator, encode: settings.encode });
  } catch (error) {
    throw new Sip2ClientError('INVALID_REQUEST', (error as Error).message, { cause: error });
  }
  link.discardStale();

  const deadline = Date.now() + settings.requestTimeoutMs;
  let resends = 0;
  link.write(line);
  for (;;) {
    const raw = await link.nextLine(deadline);
    const reading = read(raw);
    switch (reading.kind) {
      case 'badChecksum':
        if (resends >= settings.maxResends) {
          throw new Sip2ClientError('BAD_CHECKSUM_EXHAUSTED', `reply checksum still wrong after ${resends} resend request(s): ${reading.message}`);
        }
        resends++;
        askedForResend = true;
        link.write(resendRequest);
        continue;
      case 'resend':
        if (resends >= settings.maxResends) throw link.protocolError(`ACS still asks for a resend after ${resends} resend(s)`);
        resends++;
        link.write(line);
        continue;
      case 'error':
        throw link.protocolError(reading.message);
      case 'reply':
        if (errorDetection && reading.sequence !== null && reading.sequence !== seq && !(askedForResend && reading.sequence === 0)) {
          throw link.protocolError(`reply sequence number ${reading.sequence} does not match request ${seq}`);
        }
        return reading.value;
    }
  }
}
