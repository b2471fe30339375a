// Every answer the service gives on failure has the same shape,
// {error: {code, message}}: errors from the routes (ApiError), from the
// database (503 when it cannot be reached, 422 when it refused a value —
// never a 500 for either), from Fastify's body parsing and router, and from
// Node's HTTP parser.
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import { ApiError, errorBody } from '#server/http/errors';
import { dbErrorKind } from '#server/db/errors';

export const DEFAULT_BODY_LIMIT = 1_048_576;

/** Errors the router raises before any route runs get the same {error:{code,message}} shape. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, _req, rawReply) => {
  const reply = rawReply as unknown as FastifyReply;
  const e = error as { code?: string; statusCode?: number };
  if (e.code === 'FST_ERR_BAD_URL') return reply.status(400).send(errorBody('MALFORMED_URL', 'The URL is not valid (bad percent-encoding).'));
  return reply.status(e.statusCode && e.statusCode < 500 ? e.statusCode : 400).send(errorBody('MALFORMED_REQUEST', 'The request could not be routed.'));
};

/** Node answers over-long headers or request lines itself: keep the same JSON error shape. */
export const clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']> = (err, socket) => {
  const code = (err as { code?: string }).code;
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(errorBody(status === 431 ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST', status === 431 ? 'The request line or headers are too large.' : 'The request is not valid HTTP.'));
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  else socket.destroy();
};

export function setErrorHandlers(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    // A database that cannot be reached is the service's condition, not the request's: 503, retry later.
    // A value the database refused (SQLSTATE class 22/23) is the request's: a 4xx, never a retry.
    const dbKind = dbErrorKind(err);
    if (dbKind === 'unavailable') {
      req.log.warn({ err }, 'database unavailable');
      return reply.status(503).send(errorBody('DATABASE_UNAVAILABLE', 'The service cannot reach its database just now; try again shortly.'));
    }
    if (dbKind === 'data') {
      req.log.warn({ err }, 'database refused a value');
      return reply.status(422).send(errorBody('DATA_REFUSED', 'The database refused a value in this request.'));
    }
    const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    const status = e.statusCode ?? 500;
    if (status === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(errorBody('BODY_TOO_LARGE', `The request body is larger than ${bodyLimitBytes} bytes.`));
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
    if (e.code === 'FST_ERR_MAX_PARAM_LENGTH' || status === 414) return reply.status(414).send(errorBody('URL_TOO_LONG', 'A path parameter is longer than 200 characters.'));
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.status(400).send(errorBody('EMPTY_BODY', 'The request body is empty.'));
    if (status === 400 || e.code?.startsWith('FST_ERR_CTP')) return reply.status(400).send(errorBody('MALFORMED_BODY', `The request body is not valid JSON: ${e.message ?? ''}`.trim()));
    if (status >= 400 && status < 500) return reply.status(status).send(errorBody(e.code ?? 'BAD_REQUEST', e.message ?? 'Bad request.'));
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', 'The service failed on this request; it has been logged.'));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody('NOT_FOUND', `No such endpoint: ${req.method} ${req.url.split('?')[0]}`));
  });
}
