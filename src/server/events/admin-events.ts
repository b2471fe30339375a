// The administrator acts through the same events and reducer as desks do, so
// the directory, policies, patrons and requests it creates obey the same rules
// and replicate the same way.
import type { Database } from '#server/db/database';
import { applyEvents, type EventResult } from '#server/events/apply-events';
import { ApiError } from '#server/http/errors';
import { validateEventDoc } from '#server/http/validation';
import { formatHlc } from '#shared/domain/hlc';
import { newId } from '#shared/domain/ids';
import type { EventPayload, EventType } from '#shared/domain/events';

export const ADMIN_DEVICE_ID = 'admin';

export async function applyAdminEvent<T extends EventType>(db: Database, type: T, libraryId: string, payload: EventPayload<T>): Promise<EventResult & { status: 'applied' }> {
  const now = Date.now();
  const doc = {
    id: newId(now), deviceId: ADMIN_DEVICE_ID, libraryId, hlc: formatHlc({ wallMs: now, counter: 0, node: ADMIN_DEVICE_ID }),
    at: new Date(now).toISOString(), type, payload, status: 'pending', reason: '',
  };
  const v = validateEventDoc(doc);
  if (!v.ok) throw new ApiError(400, 'VALIDATION_FAILED', v.message.replace(/^\/payload/, ''));
  const out = await applyEvents(db, [v.value]);
  const r = out.results[0]!;
  if (r.status === 'rejected') throw new ApiError(422, r.reason, r.message);
  if (r.status !== 'applied') throw new ApiError(409, 'DUPLICATE_EVENT', 'The same administrative action was already applied.');
  return r;
}
