// What a database error means for the caller. Two kinds matter:
//   'data'        — PostgreSQL refused a value (SQLSTATE class 22 "data
//                   exception" or 23 "integrity constraint violation"): the
//                   same request will fail the same way every time, so it is
//                   the sender's problem (a rejection), never a retry;
//   'unavailable' — the connection or the server failed (dropped connection,
//                   shutdown, too many clients, a serialization failure): the
//                   same request may succeed later, so 503 and retry.
// Anything else (a bug in our SQL, say) is neither and stays a 500.

export type DbErrorKind = 'data' | 'unavailable';

/** Network-level error codes Node and node-postgres raise when a connection cannot be used. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Messages node-postgres uses for a client whose connection is gone (they carry no code). */
const CONNECTION_MESSAGES = [/connection terminated/i, /not queryable/i, /client was closed/i, /connection timeout/i, /timeout exceeded when trying to connect/i, /cannot use a pool after calling end/i];

/** SQLSTATE classes that mean "try again later": 08 connection, 40 transaction rollback, 53 resources, 57 operator intervention, 58 system. */
const RETRYABLE_CLASSES = new Set(['08', '40', '53', '57', '58']);

function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function dbErrorKind(err: unknown): DbErrorKind | null {
  if (typeof err !== 'object' || err === null) return null;
  const state = sqlState(err);
  if (state) {
    const cls = state.slice(0, 2);
    if (cls === '22' || cls === '23') return 'data';
    if (RETRYABLE_CLASSES.has(cls)) return 'unavailable';
    return null;
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'unavailable';
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(message))) return 'unavailable';
  return null;
}

export const isDataError = (err: unknown): boolean => dbErrorKind(err) === 'data';
export const isUnavailable = (err: unknown): boolean => dbErrorKind(err) === 'unavailable';

/** The SQLSTATE of a database error, for logs and rejection details (never its parameters or data). */
export function sqlStateOf(err: unknown): string | null {
  return sqlState(err);
}
