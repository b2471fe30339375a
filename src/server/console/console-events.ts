// Administration through the console goes through the same events and reducer
// as the CLI's (admin-events.ts), but inside the caller's transaction, so the
// change and its audit entry commit together.
import type { Sql } from '#server/db/database';
import { applyEventsIn } from '#server/events/apply-events';
import { ApiError } from '#server/http/errors';
import { validateEventDoc } from '#server/http/validation';
import { formatHlc } from '#shared/domain/hlc';
import { newId } from '#shared/domain/ids';
import type { EventPayload, EventType } from '#shared/domain/events';

/** Console actions are recorded as coming from the administrator's device id, like the CLI's. */
const CONSOLE_DEVICE_ID = 'admin';

export async function applyConsoleEvent<T extends EventType>(tx: Sql, type: T, libraryId: string, payload: EventPayload<T>): Promise<void> {
  const now = Date.now();
  const doc = {
    id: newId(now), deviceId: CONSOLE_DEVICE_ID, libraryId, hlc: formatHlc({ wallMs: now, counter: 0, node: CONSOLE_DEVICE_ID }),
    at: new Date(now).toISOString(), type, payload, status: 'pending', reason: '',
  };
  const v = validateEventDoc(doc);
  if (!v.ok) throw new ApiError(400, 'VALIDATION_FAILED', v.message.replace(/^\/payload/, ''));
  const r = (await applyEventsIn(tx, [v.value])).results[0]!;
  if (r.status === 'rejected') throw new ApiError(422, r.reason, r.message);
}

export async function recordOf<T = Record<string, unknown>>(db: Sql, collection: string, id: string): Promise<T | null> {
  const { rows } = await db.query<{ data: T }>('select data from records where collection = $1 and id = $2 and not deleted', [collection, id]);
  return rows[0]?.data ?? null;
}
