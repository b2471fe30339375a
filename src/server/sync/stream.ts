// The live stream (SYNC_PATHS.stream): Server-Sent Events, one connection per
// desk window, starting with hello and resync and then carrying every change
// in the device's scope. The route is hijacked (Fastify's compression does not
// see it), so it is gzipped here when the client accepts it, with a sync flush
// after every event so nothing waits in the compressor. Open streams are
// capped per device (STREAM_CAP): the oldest is closed when another opens, so
// a desk that reconnects over a dead connection is never locked out by it.
import { createGzip, constants as zlib } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeFeed } from './change-feed';
import type { DeviceRole } from '#shared/domain/access';
import { SYNC_PATHS, formatSse, type SseEventName, type SsePayloads } from '#shared/sync/protocol';

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

const HEARTBEAT_MS = 15_000;

/** Open streams one device may hold: a staff desk may have a second window and a reconnect in flight; a kiosk one screen. */
export const STREAM_CAP: Record<DeviceRole, number> = { staff: 3, kiosk: 2 };

export function acceptsGzip(header: string | string[] | undefined): boolean {
  const v = Array.isArray(header) ? header.join(',') : (header ?? '');
  return v.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    return name === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

export function registerStreamRoute(app: FastifyInstance, feed: ChangeFeed, requireDevice: Guard): void {
  /** Per device, its open streams oldest first (this process only; each process caps its own). */
  const open = new Map<string, Array<() => void>>();

  app.get(SYNC_PATHS.stream, { preHandler: requireDevice }, (req, reply) => {
    const device = req.device!;
    reply.hijack();
    const raw = reply.raw;
    const gzip = acceptsGzip(req.headers['accept-encoding']) ? createGzip({ flush: zlib.Z_SYNC_FLUSH }) : null;
    // A hijacked reply skips Fastify's header handling: carry over what the hooks set (CORS for desks in a browser).
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-server-time': new Date().toISOString(),
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    if (gzip) {
      gzip.pipe(raw);
      gzip.on('error', () => raw.destroy());
    }
    const out = gzip ?? raw;
    let ended = false;
    const write = (text: string) => {
      if (!ended) out.write(text);
    };
    const send = <K extends SseEventName>(event: K, data: SsePayloads[K]) => write(formatSse(event, data));
    const finish = () => {
      if (ended) return;
      ended = true;
      out.end();
    };

    // Whatever happened while this desk was away, it must pull it: RESYNC first, then live changes.
    send('hello', { deviceId: device.id, serverTime: new Date().toISOString() });
    send('resync', {});
    const unsubscribe = feed.subscribe({
      deviceId: device.id,
      libraryId: device.libraryId,
      role: device.role,
      sendRecords: (page) => send('records', page),
      sendEvents: (batch) => send('change', batch),
      resync: () => send('resync', {}),
      close: () => {
        send('revoked', { message: 'This device has been revoked. Pair the desk again.' });
        finish();
      },
    });
    const heartbeat = setInterval(() => write(`: ping ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);

    const mine = open.get(device.id) ?? [];
    open.set(device.id, mine);
    while (mine.length >= STREAM_CAP[device.role]) mine.shift()?.();
    const closeThis = () => finish();
    mine.push(closeThis);

    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      ended = true;
      const list = open.get(device.id);
      const at = list?.indexOf(closeThis) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
      if (list?.length === 0) open.delete(device.id);
    };
    raw.on('close', cleanup);
    raw.on('error', cleanup);
  });
}
