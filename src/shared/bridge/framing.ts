// The desk host's WebSocket framing. Client → host: {id, method, params} for
// a request, or {auth} once, first, when the token did not come in the
// handshake. Host → client: {id, result} | {id, error} | {event, payload} |
// {hello}. Parsing never throws: arbitrary text gives a typed error.
import { ok, type CodecError, type Result } from '../codecs/result';
import type { BridgeError } from './errors';

export const BRIDGE_PROTOCOL = 'relay-bridge';
/** Sec-WebSocket-Protocol entry that carries the token: `token.<token>` (base64url is valid token syntax). */
export const TOKEN_PROTOCOL_PREFIX = 'token.';
export const BRIDGE_PATH = '/bridge';
/** Larger requests are answered MESSAGE_TOO_LARGE and the connection stays usable. */
export const MAX_MESSAGE_CHARS = 256 * 1024;
/** Larger frames are not even buffered: the socket is closed with 1009. */
export const HARD_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const BRIDGE_VERSION = 1;

export type MessageId = string | number;

export type ClientMessage =
  | { readonly kind: 'request'; readonly id: MessageId; readonly method: string; readonly params: unknown }
  | { readonly kind: 'auth'; readonly token: string };

export type HostMessage =
  | { readonly kind: 'result'; readonly id: MessageId; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: MessageId | null; readonly error: BridgeError }
  | { readonly kind: 'event'; readonly event: string; readonly payload: unknown }
  | { readonly kind: 'hello'; readonly version: number };

export type FramingErrorCode = 'MESSAGE_TOO_LARGE' | 'MALFORMED_MESSAGE';
export interface FramingError extends CodecError<FramingErrorCode> {
  /** The request id when it could be read, so the error answers the right call. */
  readonly id: MessageId | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readId(v: unknown): MessageId | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && v.length > 0 && v.length <= 64) return v;
  return null;
}

function parseJson(text: string): Result<unknown, FramingError> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return { ok: false, error: { code: 'MALFORMED_MESSAGE', message: 'The message is not JSON.', id: null } };
  }
}

const malformed = (message: string, id: MessageId | null = null): Result<never, FramingError> => ({ ok: false, error: { code: 'MALFORMED_MESSAGE', message, id } });

export function parseClientMessage(text: string, maxChars = MAX_MESSAGE_CHARS): Result<ClientMessage, FramingError> {
  if (typeof text !== 'string') return malformed('The message must be text.');
  if (text.length > maxChars) return { ok: false, error: { code: 'MESSAGE_TOO_LARGE', message: `The message has ${text.length} characters; the limit is ${maxChars}.`, id: null } };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const msg = parsed.value;
  if (!isRecord(msg)) return malformed('The message must be a JSON object.');
  if ('auth' in msg) {
    const token = msg['auth'];
    if (typeof token !== 'string' || token.length === 0 || token.length > 256) return malformed('auth must be a non-empty token.');
    return ok({ kind: 'auth', token });
  }
  const id = readId(msg['id']);
  if (id === null) return malformed('id must be a safe integer or a string of 1–64 characters.');
  const method = msg['method'];
  if (typeof method !== 'string' || method.length === 0 || method.length > 64) return malformed('method must be a string of 1–64 characters.', id);
  for (const key of Object.keys(msg)) {
    if (key !== 'id' && key !== 'method' && key !== 'params') return malformed(`unknown field "${key.slice(0, 40)}".`, id);
  }
  return ok({ kind: 'request', id, method, params: msg['params'] ?? {} });
}

export function parseHostMessage(text: string): Result<HostMessage, FramingError> {
  if (typeof text !== 'string') return malformed('The message must be text.');
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const msg = parsed.value;
  if (!isRecord(msg)) return malformed('The message must be a JSON object.');
  if (isRecord(msg['hello']) && typeof msg['hello']['version'] === 'number') return ok({ kind: 'hello', version: msg['hello']['version'] });
  if (typeof msg['event'] === 'string') return ok({ kind: 'event', event: msg['event'], payload: msg['payload'] });
  const id = readId(msg['id']);
  if ('error' in msg) {
    const e = msg['error'];
    if (!isRecord(e) || typeof e['code'] !== 'string' || typeof e['message'] !== 'string') return malformed('error must be {code, message}.', id);
    return ok({ kind: 'error', id, error: { code: e['code'] as BridgeError['code'], message: e['message'] } });
  }
  if (id !== null && 'result' in msg) return ok({ kind: 'result', id, result: msg['result'] });
  return malformed('not a bridge message.', id);
}

export const encodeResult = (id: MessageId, result: unknown): string => JSON.stringify({ id, result });
export const encodeError = (id: MessageId | null, error: BridgeError): string => JSON.stringify({ id, error: { code: error.code, message: error.message } });
export const encodeEvent = (event: string, payload: unknown): string => JSON.stringify({ event, payload });
export const encodeHello = (): string => JSON.stringify({ hello: { version: BRIDGE_VERSION } });
export const encodeRequest = (id: MessageId, method: string, params: unknown): string => JSON.stringify({ id, method, params });
export const encodeAuth = (token: string): string => JSON.stringify({ auth: token });
