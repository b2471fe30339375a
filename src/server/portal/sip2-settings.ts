// Per-library SIP2 sign-in settings kept by the service (the desk's own ILS
// settings live on each desk; the portal asks the library's system itself).
// The login password is stored for use and never answered.
import type { Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { codePointLength } from '#shared/text/unicode';
import { SIP2_CHARSETS, type Sip2Charset } from '#node/sip2/charset';

export interface Sip2Settings {
  libraryId: string;
  host: string;
  port: number;
  tls: boolean;
  institutionId: string;
  loginUser: string;
  loginPassword: string;
  locationCode: string;
  timeoutMs: number;
  enabled: boolean;
  /** The bytes the connection speaks (a PIN in Big5 is not its UTF-8 bytes). */
  charset: Sip2Charset;
}

/** What the API answers: everything but the password, and whether one is set. */
export type Sip2SettingsView = Omit<Sip2Settings, 'loginPassword'> & { loginPasswordSet: boolean; updatedAt: string };

interface Row { library_id: string; host: string; port: number; tls: boolean; institution_id: string; login_user: string; login_password: string; location_code: string; timeout_ms: number; enabled: boolean; charset: string; updated_at: Date | string }

const toSettings = (r: Row): Sip2Settings => ({
  libraryId: r.library_id, host: r.host, port: r.port, tls: r.tls, institutionId: r.institution_id, loginUser: r.login_user,
  loginPassword: r.login_password, locationCode: r.location_code, timeoutMs: r.timeout_ms, enabled: r.enabled,
  charset: (SIP2_CHARSETS as readonly string[]).includes(r.charset) ? (r.charset as Sip2Charset) : 'utf-8',
});

export function viewOf(s: Sip2Settings, updatedAt: string): Sip2SettingsView {
  const { loginPassword, ...rest } = s;
  return { ...rest, loginPasswordSet: loginPassword !== '', updatedAt };
}

export async function getSip2Settings(db: Sql, libraryId: string): Promise<(Sip2Settings & { updatedAt: string }) | null> {
  const { rows } = await db.query<Row>('select * from portal_sip2_settings where library_id = $1', [libraryId]);
  return rows[0] ? { ...toSettings(rows[0]), updatedAt: new Date(rows[0].updated_at).toISOString() } : null;
}

/** Libraries whose patrons sign in through SIP2 now. */
export async function sip2Libraries(db: Sql): Promise<Set<string>> {
  const { rows } = await db.query<{ library_id: string }>('select library_id from portal_sip2_settings where enabled');
  return new Set(rows.map((r) => r.library_id));
}

export async function putSip2Settings(db: Sql, s: Sip2Settings): Promise<Sip2SettingsView> {
  const { rows } = await db.query<Row>(
    `insert into portal_sip2_settings (library_id, host, port, tls, institution_id, login_user, login_password, location_code, timeout_ms, enabled, charset, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
     on conflict (library_id) do update set host = excluded.host, port = excluded.port, tls = excluded.tls, institution_id = excluded.institution_id,
       login_user = excluded.login_user, login_password = excluded.login_password, location_code = excluded.location_code,
       timeout_ms = excluded.timeout_ms, enabled = excluded.enabled, charset = excluded.charset, updated_at = now()
     returning *`,
    [s.libraryId, s.host, s.port, s.tls, s.institutionId, s.loginUser, s.loginPassword, s.locationCode, s.timeoutMs, s.enabled, s.charset],
  );
  return viewOf(toSettings(rows[0]!), new Date(rows[0]!.updated_at).toISOString());
}

const FIELDS = ['host', 'port', 'tls', 'institutionId', 'loginUser', 'loginPassword', 'locationCode', 'timeoutMs', 'enabled', 'charset'] as const;
const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:.]{2,45}\]?$/;
// SIP2 fields end at '|' and messages at CR/LF: such a character would break the message.
const SIP2_TEXT = /^[^|\r\n]*$/;

function sipText(o: Record<string, unknown>, field: string, max: number, fallback: string): string {
  const v = o[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || codePointLength(v) > max || !SIP2_TEXT.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: text of at most ${max} characters without "|" or line breaks`);
  return v;
}

/** The settings a PUT asks for, over what is stored (an omitted loginPassword keeps the stored one). */
export function parseSip2Settings(libraryId: string, body: unknown, base: Sip2Settings | null): Sip2Settings {
  const o = allowOnly(requireObject(body), FIELDS);
  const host = o['host'] ?? base?.host;
  if (typeof host !== 'string' || !HOST.test(host)) throw new ApiError(400, 'VALIDATION_FAILED', '/host: a host name or IP address');
  const port = o['port'] ?? base?.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw new ApiError(400, 'VALIDATION_FAILED', '/port: a whole number from 1 to 65535');
  const timeoutMs = o['timeoutMs'] ?? base?.timeoutMs ?? 5000;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 500 || timeoutMs > 30_000) throw new ApiError(400, 'VALIDATION_FAILED', '/timeoutMs: milliseconds from 500 to 30000');
  const bool = (field: 'tls' | 'enabled', fallback: boolean): boolean => {
    const v = o[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: true or false`);
    return v;
  };
  const charset = o['charset'] ?? base?.charset ?? 'utf-8';
  if (typeof charset !== 'string' || !(SIP2_CHARSETS as readonly string[]).includes(charset)) throw new ApiError(400, 'VALIDATION_FAILED', `/charset: one of ${SIP2_CHARSETS.join(', ')}`);
  return {
    libraryId, host, port, timeoutMs, charset: charset as Sip2Charset,
    tls: bool('tls', base?.tls ?? false),
    enabled: bool('enabled', base?.enabled ?? true),
    institutionId: sipText(o, 'institutionId', 64, base?.institutionId ?? ''),
    loginUser: sipText(o, 'loginUser', 64, base?.loginUser ?? ''),
    loginPassword: sipText(o, 'loginPassword', 128, base?.loginPassword ?? ''),
    locationCode: sipText(o, 'locationCode', 64, base?.locationCode ?? ''),
  };
}
