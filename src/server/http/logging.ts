// What the service writes to its log, and what it never does: patron data
// (names, card numbers, the records a failed write carried), secrets (device
// and administrator tokens, card texts, card-page keys) and query strings
// (a card page's `?k=` is its holder's secret). Request lines are logged as
// method and path only; errors as type, code, message and stack, with the
// database's own data fields (params, detail, where) dropped; and a redaction
// list catches the same fields should anyone log an object carrying them.
import { dbErrorKind, sqlStateOf } from '#server/db/errors';
import { clip } from '#shared/text/unicode';

export interface LogSettings {
  level: string;
  /** Where lines go (default stdout); tests pass a capture stream. */
  stream?: { write(line: string): void };
}

/** Field names that may hold a patron's data or a secret, wherever they appear one or two levels down. */
const SENSITIVE_FIELDS = ['authorization', 'cookie', 'token', 'adminToken', 'name', 'holderName', 'nameZh', 'cardNumbers', 'cardText', 'patronId', 'params', 'body', 'k', 'detail', 'where', 'query'];

export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...SENSITIVE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/** The path of a request URL without its query string. */
export function pathOnly(url: string | undefined): string {
  const u = url ?? '';
  const q = u.indexOf('?');
  return q === -1 ? u : u.slice(0, q);
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  stack?: unknown;
  statusCode?: unknown;
}

/** An error as the log keeps it: never its enumerable extras (a database error's params hold the records it was writing). */
export function serializeError(err: unknown): Record<string, unknown> {
  if (typeof err !== 'object' || err === null) return { message: clip(String(err), 300) };
  const e = err as ErrorLike;
  const fromDb = sqlStateOf(err) !== null || dbErrorKind(err) !== null;
  let message = typeof e.message === 'string' ? e.message : String(e.message);
  // PostgreSQL quotes the value it refused ('invalid input syntax for type integer: "…"'): keep the words, not the value.
  if (fromDb) message = message.replace(/"[^"]*"/g, '"…"');
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    message: clip(message, 300),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(typeof e.stack === 'string' ? { stack: fromDb ? e.stack.replace(/"[^"]*"/g, '"…"') : e.stack } : {}),
  };
}

/** Fastify's `logger` option: false, or pino options with the serializers and redaction above. */
export function loggerOptions(logger: boolean | LogSettings | undefined): false | Record<string, unknown> {
  if (!logger) return false;
  const settings: LogSettings = logger === true ? { level: 'info' } : logger;
  return {
    level: settings.level,
    ...(settings.stream ? { stream: settings.stream } : {}),
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: {
      req: (req: RequestLike) => ({ method: req.method, url: pathOnly(req.url), remoteAddress: req.ip }),
      err: serializeError,
    },
  };
}
