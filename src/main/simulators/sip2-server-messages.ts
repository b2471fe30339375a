// How the simulated SIP2 server answers each line: login first (as strict
// ILSs demand), 97 with the last reply, 96 for a bad checksum, messages its
// profile does not support, 17 Item Information (not in the shared codec),
// and every other request through the library, with the failures tests stage.
import type net from 'node:net';
import { buildSip2Message, decodeFrame, maskSip2Line, parseSip2Message } from '#shared/sip2';
import type { Sip2Message, SupportedMessages } from '#shared/sip2';
import { itemInformationResponseText, parseItemInformationText } from '../ils/sip2-item-information';
import type { Sip2Codec } from '#node/sip2/charset';
import type { Sip2SimLibrary } from './sip2-library';
import type { Sip2ServerProfile } from './sip2-profiles';
import type { Sip2ConnectionState, Sip2ServerStats, Sip2SimAccount } from './sip2-server-options';

/** Which BX flag a request needs; messages not listed (login, 99, 97) are always handled. */
const NEEDS: Readonly<Record<string, keyof SupportedMessages>> = {
  '23': 'patronStatusRequest',
  '11': 'checkout',
  '09': 'checkin',
  '63': 'patronInformation',
  '35': 'endPatronSession',
  '37': 'feePaid',
  '17': 'itemInformation',
  '29': 'renew',
};
const NO_BLOCK_AT: Readonly<Record<string, number>> = { '11': 3, '09': 2, '29': 3 };

/** What answering a line may touch on the server; a separate object so the server's internals stay private. */
export interface Sip2MessageHost {
  readonly library: Sip2SimLibrary;
  readonly stats: Sip2ServerStats;
  readonly profile: Sip2ServerProfile;
  readonly codec: Sip2Codec;
  /** Every line received, masked, without terminator. */
  readonly received: string[];
  readonly accounts: readonly Sip2SimAccount[] | undefined;
  /** Frames the text as this server does, corrupts its checksum when a test asked for that, and sends it in order. */
  sendText(socket: net.Socket, state: Sip2ConnectionState, text: string, checksummed: boolean, seq: number, sequenced: boolean): void;
  /** A request a test asked to answer 96 (consumes the rule). */
  takeRejectChecksum(line: Buffer): boolean;
  /** A request whose reply a test asked to lose (consumes the rule). */
  dropsReplyTo(line: Buffer): boolean;
}

export function handleLine(host: Sip2MessageHost, socket: net.Socket, state: Sip2ConnectionState, line: Buffer): void {
  const text = host.codec.decode(line);
  host.received.push(maskSip2Line(text));
  const code = text.slice(0, 2);
  const parseOptions = { decode: host.codec.decode, checksum: host.profile.checksum === 'characters' ? ('tolerant' as const) : ('bytes' as const), fieldDelimiter: host.profile.fieldDelimiter };
  const needs = NEEDS[code];
  if (state.loggedIn && needs !== undefined && !host.library.supports(needs)) {
    unsupported(host, socket);
    return;
  }
  const parsed = parseSip2Message(line, parseOptions);
  if (!parsed.ok) {
    if (parsed.error.code === 'UNKNOWN_MESSAGE') {
      if (handleTextMessage(host, socket, state, line)) return;
      if (!state.loggedIn && host.accounts !== undefined) {
        host.stats.droppedBeforeLogin++;
        socket.destroy();
        return;
      }
      unsupported(host, socket);
      return;
    }
    if (parsed.error.code === 'BAD_CHECKSUM' || parsed.error.code === 'BAD_ERROR_DETECTION') {
      host.stats.resendsRequested++;
      reply(host, socket, state, { type: 'requestScResend' }, { errorDetection: true, seq: 0 }, false);
    } else {
      host.stats.unreadable++;
    }
    return;
  }
  const { sequence, checksum } = parsed.value;
  let message = parsed.value.message;
  const framing = { errorDetection: sequence !== null || checksum !== null, seq: sequence ?? 0 };
  if (checksum !== null && message.type !== 'requestAcsResend' && host.takeRejectChecksum(line)) {
    host.stats.resendsRequested++;
    reply(host, socket, state, { type: 'requestScResend' }, { errorDetection: true, seq: 0 }, false);
    return;
  }

  if (message.type === 'requestAcsResend') {
    const last = state.lastReply;
    if (last !== null) {
      host.stats.resendsServed++;
      // SIPServer rebuilds its last message with sequence 0 rather than repeating the line.
      const seq = host.profile.resendSequence === 'zero' ? 0 : last.seq;
      host.sendText(socket, state, last.text, last.checksummed, seq, last.sequenced);
    }
    return;
  }
  if (message.type === 'login') {
    const userId = message.loginUserId;
    const account = host.accounts?.find((a) => a.userId === userId);
    const accepted = host.accounts === undefined || (account !== undefined && account.password === message.loginPassword);
    if (accepted) host.stats.logins++;
    else host.stats.failedLogins++;
    state.loggedIn = accepted;
    reply(host, socket, state, { type: 'loginResponse', ok: accepted }, framing);
    return;
  }
  if (!state.loggedIn) {
    // Koha's and Evergreen's SIPServer read nothing but a login on a new connection (SC Status included).
    host.stats.droppedBeforeLogin++;
    socket.destroy();
    return;
  }
  const flagAt = NO_BLOCK_AT[code];
  if (flagAt !== undefined && 'noBlock' in message && host.profile.noBlockFlag === '10') {
    // A system that reads the flag as a digit: only '1' means no-block.
    message = { ...message, noBlock: text[flagAt] === '1' } as Sip2Message;
  }
  let answer = host.library.handle(message);
  if (answer === null) {
    unsupported(host, socket);
    return;
  }
  const institution = (message as { institutionId?: unknown }).institutionId;
  if (typeof institution === 'string' && institution !== '' && 'institutionId' in answer) {
    // Servers answer with the institution the request named (the account's), not one of their own.
    answer = { ...answer, institutionId: institution } as Sip2Message;
  }
  host.stats.requests++;
  if (host.dropsReplyTo(line)) {
    socket.destroy();
    return;
  }
  reply(host, socket, state, answer, framing);
}

/** Messages the shared codec has no layout for (17 Item Information). False when it is not one of them. */
function handleTextMessage(host: Sip2MessageHost, socket: net.Socket, state: Sip2ConnectionState, line: Buffer): boolean {
  const frame = decodeFrame(line, { decode: host.codec.decode, checksum: host.profile.checksum === 'characters' ? 'tolerant' : 'bytes' });
  if (!frame.ok || !frame.value.text.startsWith('17')) return false;
  const request = parseItemInformationText(frame.value.text);
  if (!request.ok) return false;
  if (!state.loggedIn) {
    host.stats.droppedBeforeLogin++;
    socket.destroy();
    return true;
  }
  const text = itemInformationResponseText(host.library.itemInformation(request.value.itemId));
  if (!text.ok) return false;
  host.stats.requests++;
  if (host.dropsReplyTo(line)) {
    socket.destroy();
    return true;
  }
  const { sequence, checksum } = frame.value;
  const errorDetection = sequence !== null || checksum !== null;
  const seq = sequence ?? 0;
  state.lastReply = { text: text.value, checksummed: errorDetection, seq, sequenced: true };
  host.sendText(socket, state, text.value, errorDetection, seq, true);
  return true;
}

/** A message this server has no handler for: per profile, close the connection or say nothing. */
function unsupported(host: Sip2MessageHost, socket: net.Socket): void {
  host.stats.unsupported++;
  if (host.profile.onUnsupported === 'close') socket.destroy();
}

function reply(
  host: Sip2MessageHost,
  socket: net.Socket,
  state: Sip2ConnectionState,
  message: Sip2Message,
  framing: { errorDetection: boolean; seq: number },
  remember = true,
): void {
  const text = buildSip2Message(message, { errorDetection: false, terminator: '', fieldDelimiter: host.profile.fieldDelimiter });
  const sequenced = message.type !== 'requestScResend';
  // 97 must get the correct line back, never the deliberately corrupted one.
  if (remember) state.lastReply = { text, checksummed: framing.errorDetection, seq: framing.seq, sequenced };
  host.sendText(socket, state, text, framing.errorDetection, framing.seq, sequenced);
}
