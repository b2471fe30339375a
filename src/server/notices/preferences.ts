// A patron's notice preferences (where and which), kept by the service only:
// desks never see an email address.
import type { Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { requireStorableText } from '#server/http/input';
import { NOTICE_KINDS, type NoticeKind, type NoticePreferences } from '#shared/portal/wire';

export function defaultPreferences(): NoticePreferences {
  return { email: null, language: 'zh-TW', kinds: Object.fromEntries(NOTICE_KINDS.map((k) => [k, true])) as NoticePreferences['kinds'] };
}

/** RFC 5321's length limit and one @ with something on each side, no spaces or angle brackets: enough to refuse typos and header tricks. */
const EMAIL_RE = /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

export function isEmailAddress(s: string): boolean {
  return s.length <= 254 && EMAIL_RE.test(s);
}

interface ContactRow { email: string | null; language: 'zh-TW' | 'en'; opted_out: string[] }

export function preferencesOf(row: ContactRow | undefined): NoticePreferences {
  if (!row) return defaultPreferences();
  const out = new Set(row.opted_out);
  return {
    email: row.email,
    language: row.language,
    kinds: Object.fromEntries(NOTICE_KINDS.map((k) => [k, !out.has(k)])) as NoticePreferences['kinds'],
  };
}

export async function getPreferences(db: Sql, patronId: string): Promise<NoticePreferences> {
  const { rows } = await db.query<ContactRow>('select email, language, opted_out from notice_contacts where patron_id = $1', [patronId]);
  return preferencesOf(rows[0]);
}

/** Check preferences from outside (the portal's PUT, the admin's contact route): 400 naming the field. */
export function checkPreferences(prefs: unknown): NoticePreferences {
  if (typeof prefs !== 'object' || prefs === null || Array.isArray(prefs)) throw new ApiError(400, 'VALIDATION_FAILED', 'Preferences must be an object { email, language, kinds }.');
  requireStorableText(prefs);
  const p = prefs as Record<string, unknown>;
  const extra = Object.keys(p).find((k) => !['email', 'language', 'kinds'].includes(k));
  if (extra !== undefined) throw new ApiError(400, 'VALIDATION_FAILED', `/${extra.slice(0, 40)}: unknown field (allowed: email, language, kinds)`);
  let email: string | null = null;
  if (p['email'] !== null && p['email'] !== undefined && p['email'] !== '') {
    if (typeof p['email'] !== 'string' || !isEmailAddress(p['email'].trim())) throw new ApiError(400, 'VALIDATION_FAILED', '/email: an email address such as name@example.edu.tw, or null for none');
    email = p['email'].trim();
  }
  const language = p['language'] ?? 'zh-TW';
  if (language !== 'zh-TW' && language !== 'en') throw new ApiError(400, 'VALIDATION_FAILED', '/language: zh-TW or en');
  const kinds = defaultPreferences().kinds;
  if (p['kinds'] !== undefined) {
    if (typeof p['kinds'] !== 'object' || p['kinds'] === null || Array.isArray(p['kinds'])) throw new ApiError(400, 'VALIDATION_FAILED', `/kinds: an object of ${NOTICE_KINDS.join(', ')} → true or false`);
    for (const [k, v] of Object.entries(p['kinds'] as Record<string, unknown>)) {
      if (!(NOTICE_KINDS as readonly string[]).includes(k)) throw new ApiError(400, 'VALIDATION_FAILED', `/kinds/${k.slice(0, 40)}: not a notice kind (${NOTICE_KINDS.join(', ')})`);
      if (typeof v !== 'boolean') throw new ApiError(400, 'VALIDATION_FAILED', `/kinds/${k}: true or false`);
      kinds[k as NoticeKind] = v;
    }
  }
  return { email, language, kinds };
}

export async function setPreferences(db: Sql, patronId: string, prefs: NoticePreferences): Promise<NoticePreferences> {
  const checked = checkPreferences(prefs);
  const optedOut = NOTICE_KINDS.filter((k) => !checked.kinds[k]);
  await db.query(
    `insert into notice_contacts (patron_id, email, language, opted_out, updated_at) values ($1, $2, $3, $4::text[], now())
     on conflict (patron_id) do update set email = excluded.email, language = excluded.language, opted_out = excluded.opted_out, updated_at = now()`,
    [patronId, checked.email, checked.language, optedOut],
  );
  return checked;
}
