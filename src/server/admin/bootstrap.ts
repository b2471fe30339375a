// A new consortium database starts with the member directory from the seed
// document and the consortium's default policy, so desks can pair at once.
import type { Database } from '#server/db/database';
import { applyAdminEvent } from '#server/events/admin-events';
import { SEED_MEMBERS, isilFor } from '#shared/domain/libraries';
import { DEFAULT_POLICY } from '#shared/domain/policy';

export async function bootstrapDirectory(db: Database): Promise<boolean> {
  const { rows } = await db.query(`select 1 from records where collection = 'libraries' limit 1`);
  if (rows.length > 0) return false;
  await applyAdminEvent(db, 'policy.set', 'consortium', { libraryId: null, fields: { ...DEFAULT_POLICY } });
  for (const m of SEED_MEMBERS) {
    await applyAdminEvent(db, 'library.upserted', m.code, {
      library: {
        id: m.code, isil: isilFor(m.code), nameZh: m.nameZh, nameEn: m.nameEn, region: m.region, active: true,
        hours: '週一至週五 08:00–21:00；週六 09:00–17:00', contact: '', courierWeekdays: [2, 4],
      },
    });
  }
  return true;
}
