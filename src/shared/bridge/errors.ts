// The one error shape every bridge answer uses, over IPC and over the desk
// host's WebSocket alike: a stable code the UI can switch on and a message
// for people.

export const BRIDGE_ERROR_CODES = [
  /** The method is not in the contract. */
  'UNKNOWN_METHOD',
  /** The input failed the request's schema; the message names the field. */
  'INVALID_INPUT',
  /** A sim.* request while the desk does not simulate devices. */
  'SIMULATION_OFF',
  /** No device with that id is configured. */
  'DEVICE_NOT_FOUND',
  /** No device of the kind the request needs is configured. */
  'NO_DEVICE',
  /** The device is configured but not connected right now. */
  'DEVICE_UNAVAILABLE',
  /** The device answered with an error, or did not answer. */
  'DEVICE_ERROR',
  /** The driver for a configured device is not available in this build. */
  'DRIVER_UNAVAILABLE',
  /** A serial or printer path that is not a device file this desk may open (a regular file, a pty outside simulate mode…). */
  'DEVICE_PATH_REFUSED',
  /** A TCP device host the administrator has not allowed. */
  'HOST_NOT_ALLOWED',
  /** A WebSocket message larger than the host accepts. */
  'MESSAGE_TOO_LARGE',
  /** A WebSocket message that is not JSON or not a request frame. */
  'MALFORMED_MESSAGE',
  /** Missing or wrong desk-host token. */
  'UNAUTHORIZED',
  /** An IPC call from a frame other than the app's own top frame. */
  'FORBIDDEN_SENDER',
  /** The renderer could not reach the host (client side only). */
  'NOT_CONNECTED',
  /** No answer in time (client side only). */
  'TIMEOUT',
  /** A bug: the handler threw something unexpected. */
  'INTERNAL',
] as const;

export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export interface BridgeError {
  readonly code: BridgeErrorCode;
  readonly message: string;
}

export type BridgeReply<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: BridgeError };

const codeSet: ReadonlySet<string> = new Set(BRIDGE_ERROR_CODES);

export function isBridgeErrorCode(code: unknown): code is BridgeErrorCode {
  return typeof code === 'string' && codeSet.has(code);
}

export function bridgeError(code: BridgeErrorCode, message: string): BridgeError {
  return { code, message };
}

/**
 * What handlers throw to answer with a specific code; anything else that is
 * thrown becomes INTERNAL with a generic message (no stack leaves the main side).
 */
export class BridgeFailure extends Error {
  readonly code: BridgeErrorCode;
  constructor(code: BridgeErrorCode, message: string) {
    super(message);
    this.name = 'BridgeFailure';
    this.code = code;
  }
  toJSON(): BridgeError {
    return { code: this.code, message: this.message };
  }
}

/** Reads a {code, message} object that came over the wire; anything else becomes INTERNAL. */
export function asBridgeError(value: unknown): BridgeError {
  if (typeof value === 'object' && value !== null) {
    const { code, message } = value as { code?: unknown; message?: unknown };
    if (isBridgeErrorCode(code) && typeof message === 'string') return { code, message: message.slice(0, 2000) };
  }
  return { code: 'INTERNAL', message: 'The desk answered with an unreadable error.' };
}
