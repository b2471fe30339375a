// A patron's notice preferences (where and which), kept by the service only:
// desks never see an email address.
import type { Sql } from '#server/db/database';
import { NOTICE_KINDS, type NoticePreferences } from '#shared/portal/wire';

export function defaultPreferences(): NoticePreferences {
  return { email: null, language: 'zh-TW', kinds: Object.fromEntries(NOTICE_KINDS.map((k) => [k, true])) as NoticePreferences['kinds'] };
}

export async function getPreferences(_db: Sql, _patronId: string): Promise<NoticePreferences> {
  return defaultPreferences();
}

export async function setPreferences(_db: Sql, _patronId: string, prefs: NoticePreferences): Promise<NoticePreferences> {
  return prefs;
}
