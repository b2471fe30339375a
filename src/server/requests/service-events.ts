// Events the service makes for title requests (routing, skipping a late
// lender), with ids derived from what they are about: two service processes
// that decide the same step make the same event, and the second is a
// duplicate, never a second move along the rota.
import { createHash } from 'node:crypto';
import type { Sql } from '#server/db/database';
import { applyEventsIn, type EventResult } from '#server/events/apply-events';
import { ADMIN_DEVICE_ID } from '#server/events/admin-events';
import { ApiError } from '#server/http/errors';
import { validateEventDoc } from '#server/http/validation';
import { formatHlc } from '#shared/domain/hlc';
import type { EventDoc, EventPayload, EventType } from '#shared/domain/events';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id from a key: the same key gives the same id in every process. */
export function derivedEventId(key: string): string {
  const bytes = createHash('sha256').update(key).digest();
  let out = CROCKFORD[bytes[0]! & 7]!; // a ULID's first character is at most 7
  for (let i = 1; i < 26; i++) out += CROCKFORD[bytes[i]! & 31]!;
  return out;
}

export interface TitleServiceEvent<T extends EventType = EventType> {
  type: T;
  libraryId: string;
  payload: EventPayload<T>;
  /** What the event is about (request id + step): its id is derived from it. */
  key?: string;
  /** The staff device acting through the API; the service itself when absent. */
  deviceId?: string;
}

export function serviceEventDoc(spec: TitleServiceEvent, nowMs: number, counter: number, newId: () => string): EventDoc {
  const deviceId = spec.deviceId ?? ADMIN_DEVICE_ID;
  const doc = {
    id: spec.key ? derivedEventId(spec.key) : newId(),
    deviceId, libraryId: spec.libraryId,
    hlc: formatHlc({ wallMs: nowMs, counter, node: deviceId }),
    at: new Date(nowMs).toISOString(), type: spec.type, payload: spec.payload, status: 'pending', reason: '',
  };
  const v = validateEventDoc(doc);
  if (!v.ok) throw new ApiError(400, 'VALIDATION_FAILED', v.message.replace(/^\/payload/, ''));
  return v.value;
}

/** Apply in the caller's transaction; every result is returned (the caller decides what a refusal means). */
export async function applyTitleEvents(tx: Sql, specs: readonly TitleServiceEvent[], nowMs: number, newId: () => string): Promise<EventResult[]> {
  if (specs.length === 0) return [];
  const docs = specs.map((s, i) => serviceEventDoc(s, nowMs, i, newId));
  const out = await applyEventsIn(tx, docs, () => new Date(nowMs).toISOString());
  return out.results;
}
