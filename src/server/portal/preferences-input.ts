// The body of PUT preferences, checked field by field: an email address (or
// null for none), a language the notices are written in, and a yes/no for
// every notice kind (all of them, so a page that forgot one is told).
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { codePointLength } from '#shared/text/unicode';
import { NOTICE_KINDS, type NoticePreferences } from '#shared/portal/wire';

// Deliberately plain: one @, no spaces or angle brackets, a dot in the domain. The mail server is the final judge.
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const bad = (message: string) => new ApiError(400, 'VALIDATION_FAILED', message);

export function parsePreferences(body: unknown): NoticePreferences {
  const o = allowOnly(requireObject(body), ['email', 'language', 'kinds']);
  const rawEmail = o['email'];
  let email: string | null = null;
  if (rawEmail !== null && rawEmail !== '') {
    if (typeof rawEmail !== 'string' || codePointLength(rawEmail) > 254 || !EMAIL.test(rawEmail.trim())) throw bad('/email: an email address such as name@example.edu.tw, or null for none');
    email = rawEmail.trim();
  }
  const language = o['language'];
  if (language !== 'zh-TW' && language !== 'en') throw bad('/language: "zh-TW" or "en"');
  const kinds = o['kinds'];
  if (typeof kinds !== 'object' || kinds === null || Array.isArray(kinds)) throw bad(`/kinds: an object with true or false for each of ${NOTICE_KINDS.join(', ')}`);
  const k = allowOnly(kinds as Record<string, unknown>, NOTICE_KINDS);
  const out = {} as NoticePreferences['kinds'];
  for (const kind of NOTICE_KINDS) {
    if (typeof k[kind] !== 'boolean') throw bad(`/kinds/${kind}: true or false`);
    out[kind] = k[kind];
  }
  return { email, language, kinds: out };
}
