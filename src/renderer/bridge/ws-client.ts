// The desk-host case: the bridge over a WebSocket to the loopback desk host.
// Authenticates with the page's token in the first message, reconnects with
// backoff, keeps event listeners across reconnects, and queues calls made
// while disconnected (each with a timeout). Written against a minimal
// WebSocket shape so Node tests drive it with the `ws` package.
import { REQUEST_NAMES, isEventName, type EventName } from '#shared/bridge/names';
import { asBridgeError, bridgeError, type BridgeError } from '#shared/bridge/errors';
import { BRIDGE_PROTOCOL, encodeAuth, encodeRequest, parseHostMessage } from '#shared/bridge/framing';
import type { Bridge, EventPayload, Unsubscribe } from '#shared/bridge/contract';
import { BridgeCallError } from './errors';
import { backoffDelay } from '#shared/backoff';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed';

export interface WsBridgeOptions {
  url: string;
  token: string;
  createSocket: WebSocketFactory;
  requestTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

export interface WsBridge {
  readonly bridge: Bridge;
  readonly state: ConnectionState;
  onState(listener: (state: ConnectionState) => void): Unsubscribe;
  /** Resolves when first authenticated; rejects if the token is refused. */
  ready(): Promise<void>;
  close(): void;
}

const OPEN = 1;
const CLOSE_UNAUTHORIZED = 4401;

interface Pending {
  method: string;
  text: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: BridgeCallError): void;
  timer: ReturnType<typeof setTimeout>;
}

export function createWsBridge(opts: WsBridgeOptions): WsBridge {
  const timeoutMs = opts.requestTimeoutMs ?? 15_000;
  const backoff = opts.backoff ?? { initialMs: 250, maxMs: 10_000 };
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocketLike | null = null;
  let authenticated = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  let closedByUser = false;
  let readyResolve: () => void = () => undefined;
  let readyReject: (e: BridgeCallError) => void = () => undefined;
  const readyPromise = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  // Nobody may be awaiting ready(); an unhandled rejection would still be reported.
  readyPromise.catch(() => undefined);

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    for (const l of [...stateListeners]) l(next);
  };

  const fail = (p: Pending, id: number, error: BridgeError) => {
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(new BridgeCallError(error));
  };

  const flush = () => {
    if (!socket || !authenticated || socket.readyState !== OPEN) return;
    for (const p of pending.values()) {
      if (p.sent) continue;
      p.sent = true;
      socket.send(p.text);
    }
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') return;
    const parsed = parseHostMessage(data);
    if (!parsed.ok) return;
    const msg = parsed.value;
    switch (msg.kind) {
      case 'hello':
        authenticated = true;
        attempt = 0;
        setState('open');
        readyResolve();
        flush();
        return;
      case 'event': {
        if (!isEventName(msg.event)) return;
        for (const l of [...(listeners.get(msg.event) ?? [])]) {
          try {
            l(msg.payload);
          } catch (error) {
            console.error(`bridge listener for ${msg.event} threw`, error);
          }
        }
        return;
      }
      case 'result': {
        const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
        if (!p) return;
        clearTimeout(p.timer);
        pending.delete(msg.id as number);
        p.resolve(msg.result);
        return;
      }
      case 'error': {
        const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
        if (p) fail(p, msg.id as number, asBridgeError(msg.error));
        return;
      }
    }
  };

  const scheduleReconnect = () => {
    if (closedByUser || retryTimer) return;
    const delay = backoffDelay(attempt, backoff);
    attempt++;
    setState('reconnecting');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  function connect(): void {
    if (closedByUser) return;
    authenticated = false;
    let ws: WebSocketLike;
    try {
      ws = opts.createSocket(opts.url, [BRIDGE_PROTOCOL]);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => ws.send(encodeAuth(opts.token));
    ws.onmessage = (ev) => onMessage(ev.data);
    ws.onerror = () => undefined;
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      authenticated = false;
      // Calls already sent may or may not have run: say so instead of guessing (print.submit carries a key for this).
      for (const [id, p] of [...pending]) if (p.sent) fail(p, id, bridgeError('NOT_CONNECTED', `The connection to the desk closed before ${p.method} answered.`));
      if (ev.code === CLOSE_UNAUTHORIZED) {
        setState('unauthorized');
        const error = new BridgeCallError(bridgeError('UNAUTHORIZED', 'The desk host refused this page’s token. Open the URL the desk host printed.'));
        readyReject(error);
        for (const [id, p] of [...pending]) fail(p, id, error);
        return;
      }
      if (closedByUser) setState('closed');
      else scheduleReconnect();
    };
  }

  const request = (method: string, params: unknown): Promise<unknown> => {
    if (closedByUser || state === 'unauthorized') {
      return Promise.reject(new BridgeCallError(bridgeError(state === 'unauthorized' ? 'UNAUTHORIZED' : 'NOT_CONNECTED', 'The bridge is closed.')));
    }
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const p: Pending = {
        method,
        text: encodeRequest(id, method, params ?? {}),
        sent: false,
        resolve,
        reject,
        timer: setTimeout(() => fail(p, id, bridgeError('TIMEOUT', `${method} got no answer within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs),
      };
      pending.set(id, p);
      flush();
    });
  };

  const bridge: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) bridge[name] = (input: unknown) => request(name, input);
  bridge['on'] = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe => {
    if (!isEventName(event)) throw new TypeError(`"${String(event)}" is not a bridge event.`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => void set.delete(l);
  };

  connect();

  return {
    bridge: bridge as unknown as Bridge,
    get state() {
      return state;
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    ready: () => readyPromise,
    close() {
      closedByUser = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      for (const [id, p] of [...pending]) fail(p, id, bridgeError('NOT_CONNECTED', 'The bridge was closed.'));
      socket?.close(1000, 'closed by the page');
      socket = null;
      setState('closed');
    },
  };
}
