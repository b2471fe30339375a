// The desk host: the desk without Electron. A loopback HTTP server serves the
// built renderer with the app's CSP, and /bridge is a WebSocket that serves
// the same handler map as Electron IPC. The page gets a per-run random token
// in its URL fragment (never sent to any server, never in a log); the socket
// must present it (Sec-WebSocket-Protocol `token.<t>` or a first {auth}
// message), and must come from the host's own origin, so no other web page
// or local process without the token can drive the devices.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  HARD_MAX_MESSAGE_BYTES,
  MAX_MESSAGE_CHARS,
  TOKEN_PROTOCOL_PREFIX,
  encodeError,
  encodeEvent,
  encodeHello,
  encodeResult,
  parseClientMessage,
} from '#shared/bridge/framing';
import { bridgeError } from '#shared/bridge/errors';
import type { Dispatch } from '../bridge/dispatch';
import type { BridgeEvents } from '../bridge/events';
import { connectSource, headerCsp, LOOPBACK_CONNECT_SOURCES, securityHeaders } from './csp';
import { rendererResponse } from './renderer-response';

export interface DeskHostOptions {
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  host?: '127.0.0.1' | '::1';
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  dispatch: Dispatch;
  events: BridgeEvents;
  /**
   * The central service URL(s) the page syncs with: connect-src allows the page's
   * own origin, its bridge socket and these origins only. Absent: any loopback port
   * (a caller that puts its own proxies in between, as the e2e specs do).
   */
  connectTo?: readonly string[];
  /** Fixed token (tests); a fresh random one per run otherwise. */
  token?: string;
  maxMessageChars?: number;
  /** How long a socket may stay open without authenticating. */
  authTimeoutMs?: number;
  /** A client this far behind on events is disconnected rather than buffered without end. */
  maxBufferedBytes?: number;
  log?: (message: string) => void;
}

export interface DeskHost {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** What to open in a browser: the origin with #token=… */
  readonly pageUrl: string;
  readonly bridgeUrl: string;
  /** Authenticated sockets open now. */
  clients(): number;
  close(): Promise<void>;
}

/** Close codes the client can tell apart. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_TOO_SLOW = 4408;
export const CLOSE_SHUTTING_DOWN = 1001;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const sameToken = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

function rawToText(data: RawData): { bytes: number; text: string } {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return { bytes: buf.length, text: buf.toString('utf8') };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  // A plain HTTP answer on the raw socket: the handshake never happens.
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

export async function startDeskHost(opts: DeskHostOptions): Promise<DeskHost> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const maxChars = opts.maxMessageChars ?? MAX_MESSAGE_CHARS;
  const authTimeoutMs = opts.authTimeoutMs ?? 5000;
  const maxBuffered = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
  const log = opts.log ?? ((m: string) => console.warn(`[desk-host] ${m}`));

  let origin = '';
  let allowedHosts = new Set<string>();
  // Set once the port is known (the bridge socket's origin is part of it); nothing is answered before that.
  let csp = headerCsp(LOOPBACK_CONNECT_SOURCES);
  const authed = new Set<WebSocket>();

  const server: Server = createServer((req, res) => void answerHttp(req, res));

  async function answerHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      for (const [k, v] of Object.entries(securityHeaders(csp))) res.setHeader(k, v);
      // DNS rebinding: a foreign name that resolves to 127.0.0.1 must not get the page.
      if (!allowedHosts.has(req.headers.host ?? '')) {
        res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('Wrong Host.');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed.');
        return;
      }
      const path = new URL(req.url ?? '/', origin).pathname;
      const answer = await rendererResponse(opts.rendererDir, path, csp);
      res.writeHead(answer.status, answer.headers);
      res.end(req.method === 'HEAD' ? undefined : answer.body);
    } catch (error) {
      log(`HTTP ${req.method} failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error.');
    }
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: HARD_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    // The token entry is never echoed back: the server selects only the bridge protocol.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    try {
      const path = new URL(req.url ?? '/', origin).pathname;
      if (path !== BRIDGE_PATH) return refuseUpgrade(socket, 404, 'Not Found');
      if (!allowedHosts.has(req.headers.host ?? '')) return refuseUpgrade(socket, 421, 'Misdirected Request');
      if (req.headers.origin !== origin) return refuseUpgrade(socket, 403, 'Forbidden');
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      if (!offered.includes(BRIDGE_PROTOCOL)) return refuseUpgrade(socket, 400, 'Bad Request');
      const tokenEntry = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
      let preAuthed = false;
      if (tokenEntry !== undefined) {
        if (!sameToken(tokenEntry.slice(TOKEN_PROTOCOL_PREFIX.length), token)) return refuseUpgrade(socket, 401, 'Unauthorized');
        preAuthed = true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, preAuthed));
    } catch (error) {
      log(`upgrade failed: ${(error as Error).message}`);
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });

  function send(ws: WebSocket, text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      ws.close(CLOSE_TOO_SLOW, 'client too slow');
      return;
    }
    ws.send(text, (error) => {
      if (error) log(`send failed: ${error.message}`);
    });
  }

  function admit(ws: WebSocket): void {
    authed.add(ws);
    send(ws, encodeHello());
  }

  function onConnection(ws: WebSocket, preAuthed: boolean): void {
    ws.on('error', (error) => log(`socket error: ${error.message}`));
    let authTimer: ReturnType<typeof setTimeout> | null = null;
    if (preAuthed) admit(ws);
    else {
      authTimer = setTimeout(() => ws.close(CLOSE_UNAUTHORIZED, 'authentication timed out'), authTimeoutMs);
    }
    ws.on('close', () => {
      if (authTimer) clearTimeout(authTimer);
      authed.delete(ws);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const { bytes, text } = rawToText(data);
      if (isBinary) return send(ws, encodeError(null, bridgeError('MALFORMED_MESSAGE', 'Binary frames are not part of the bridge protocol; send JSON text.')));
      // Counted in bytes first so a huge message is refused before it is parsed.
      if (bytes > maxChars * 4) return send(ws, encodeError(null, bridgeError('MESSAGE_TOO_LARGE', `The message has ${bytes} bytes; the limit is ${maxChars} characters.`)));
      const parsed = parseClientMessage(text, maxChars);
      if (!authed.has(ws)) {
        if (parsed.ok && parsed.value.kind === 'auth' && sameToken(parsed.value.token, token)) {
          if (authTimer) clearTimeout(authTimer);
          authTimer = null;
          admit(ws);
          return;
        }
        send(ws, encodeError(parsed.ok ? null : parsed.error.id, bridgeError('UNAUTHORIZED', 'The first message must be {"auth": <token from the page URL>}.')));
        ws.close(CLOSE_UNAUTHORIZED, 'unauthorized');
        return;
      }
      if (!parsed.ok) return send(ws, encodeError(parsed.error.id, { code: parsed.error.code, message: parsed.error.message }));
      const msg = parsed.value;
      if (msg.kind === 'auth') return send(ws, encodeHello());
      void opts.dispatch(msg.method, msg.params).then(
        (reply) => send(ws, reply.ok ? encodeResult(msg.id, reply.result) : encodeError(msg.id, reply.error)),
        (error: unknown) => {
          log(`dispatch of ${msg.method} failed: ${(error as Error).message}`);
          send(ws, encodeError(msg.id, bridgeError('INTERNAL', 'The request failed unexpectedly.')));
        },
      );
    });
  }

  const unsubscribe = opts.events.subscribe((event, payload) => {
    if (authed.size === 0) return;
    const text = encodeEvent(event, payload);
    for (const ws of authed) send(ws, text);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  server.on('error', (error) => log(`server error: ${error.message}`));
  server.on('clientError', (_error, socket) => socket.destroy());

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const hostPart = host === '::1' ? '[::1]' : host;
  origin = `http://${hostPart}:${port}`;
  // Only the exact origin the page is served from: one name, so the Origin check has one answer.
  allowedHosts = new Set([`${hostPart}:${port}`]);
  const bridgeOrigin = `ws://${hostPart}:${port}`;
  csp = headerCsp(opts.connectTo ? [bridgeOrigin, ...opts.connectTo.map(connectSource).filter((o): o is string => o !== null)] : LOOPBACK_CONNECT_SOURCES);

  let closing: Promise<void> | null = null;
  return {
    port,
    origin,
    token,
    pageUrl: `${origin}/#token=${token}`,
    bridgeUrl: `ws://${hostPart}:${port}${BRIDGE_PATH}`,
    clients: () => authed.size,
    close() {
      closing ??= (async () => {
        unsubscribe();
        for (const ws of wss.clients) ws.close(CLOSE_SHUTTING_DOWN, 'desk host stopping');
        await new Promise<void>((r) => wss.close(() => r()));
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
