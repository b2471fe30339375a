// Events the service records for card actions (issuing, revoking, keys), in a
// transaction the caller holds: the card's signed text or a private key is
// stored in the same transaction as the event, so either both commit or
// neither does. Like the administrator's events (admin-events.ts), they go
// through the same validation and reducer as a desk's.
import type { Sql } from '#server/db/database';
import { applyEventsIn, type EventResult } from '#server/events/apply-events';
import { ADMIN_DEVICE_ID } from '#server/events/admin-events';
import { ApiError } from '#server/http/errors';
import { validateEventDoc } from '#server/http/validation';
import { formatHlc } from '#shared/domain/hlc';
import { newId } from '#shared/domain/ids';
import type { EventDoc, EventPayload, EventType } from '#shared/domain/events';

export interface ServiceEventSpec<T extends EventType = EventType> {
  type: T;
  /** The library the action is for ('consortium' for the administrator's own). */
  libraryId: string;
  payload: EventPayload<T>;
  /** The staff device acting through the API; the service itself when absent. */
  deviceId?: string;
}

/** Apply events made by the service, in order, all or nothing: a refusal throws 422 with the reason as its code. */
export async function applyServiceEvents(tx: Sql, specs: readonly ServiceEventSpec[], nowMs: number = Date.now()): Promise<Array<EventResult & { status: 'applied' }>> {
  const docs: EventDoc[] = specs.map((s, i) => {
    const deviceId = s.deviceId ?? ADMIN_DEVICE_ID;
    const doc = {
      id: newId(nowMs), deviceId, libraryId: s.libraryId,
      // One clock reading, counters in order: the reducer applies them in the order given.
      hlc: formatHlc({ wallMs: nowMs, counter: i, node: deviceId }),
      at: new Date(nowMs).toISOString(), type: s.type, payload: s.payload, status: 'pending', reason: '',
    };
    const v = validateEventDoc(doc);
    if (!v.ok) throw new ApiError(400, 'VALIDATION_FAILED', v.message.replace(/^\/payload/, ''));
    return v.value;
  });
  const out = await applyEventsIn(tx, docs, () => new Date(nowMs).toISOString());
  return out.results.map((r) => {
    // Throwing rolls the caller's transaction back: nothing of a refused action is kept.
    if (r.status === 'rejected') throw new ApiError(422, r.reason, r.message);
    if (r.status !== 'applied') throw new ApiError(409, 'DUPLICATE_EVENT', 'The same action was already applied.');
    return r;
  });
}
