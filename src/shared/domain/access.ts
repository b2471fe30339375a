// Who may see and do what. The service enforces this on every request; the
// desk uses the same table to hide actions its role cannot take. Each feature
// folder declares, in its access.ts, who records its event types and who
// reads its collections; this composes them into exhaustive maps (a feature
// that leaves out an event type or a collection is a type error here).
import type { EventType } from './events';
import { EVENT_TYPES } from './events';
import type { CollectionRule, DeviceRole, EventRecorders, RecordScope } from './kit/access';
import { RECORD_COLLECTIONS, type RecordCollection, type RecordTypes } from './records';
import { LIBRARY_ACCESS, LIBRARY_RECORDERS } from './libraries/access';
import { PATRON_ACCESS, PATRON_RECORDERS } from './patrons/access';
import { REQUEST_ACCESS, REQUEST_RECORDERS } from './requests/access';
import { PARCEL_ACCESS, PARCEL_RECORDERS } from './parcels/access';
import { CIRCULATION_ACCESS, CIRCULATION_RECORDERS } from './circulation/access';
import { ILS_RECORDERS } from './ils/access';
import { EXCEPTION_ACCESS, EXCEPTION_RECORDERS } from './exceptions/access';
import { CARD_ACCESS, CARD_RECORDERS } from './cards/access';
import { FAIR_ACCESS, FAIR_RECORDERS } from './fairs/access';

export type { DeviceRole, RecordScope, Recorder } from './kit/access';
export type ReplicatedCollection = RecordCollection | 'events';

const EVENT_RECORDERS: EventRecorders<EventType> = {
  ...LIBRARY_RECORDERS,
  ...PATRON_RECORDERS,
  ...REQUEST_RECORDERS,
  ...PARCEL_RECORDERS,
  ...CIRCULATION_RECORDERS,
  ...ILS_RECORDERS,
  ...EXCEPTION_RECORDERS,
  ...CARD_RECORDERS,
  ...FAIR_RECORDERS,
};

const COLLECTION_ACCESS: { readonly [C in RecordCollection]: CollectionRule<RecordTypes[C]> } = {
  ...LIBRARY_ACCESS,
  ...PATRON_ACCESS,
  ...REQUEST_ACCESS,
  ...PARCEL_ACCESS,
  ...CIRCULATION_ACCESS,
  ...EXCEPTION_ACCESS,
  ...CARD_ACCESS,
  ...FAIR_ACCESS,
};

/** Every device replicates its own events (and its library's, see scopeOf), after the records. */
function collectionsOf(role: DeviceRole): readonly ReplicatedCollection[] {
  return [...RECORD_COLLECTIONS.filter((c) => COLLECTION_ACCESS[c].readBy.includes(role)), 'events'];
}

// staff: 15 collections (with the swap fairs'); the desk keeps them all in one RxDB collection of record pages, so RxDB's per-realm limit no longer counts them.
// A kiosk needs patrons, holds and loans for pickup and self-return (offline too), not the courier side;
// cards and their public keys so it can verify a visitor's card offline.
export const ROLE_COLLECTIONS: Record<DeviceRole, readonly ReplicatedCollection[]> = { staff: collectionsOf('staff'), kiosk: collectionsOf('kiosk') };

function recordedBy(who: (r: EventRecorders<EventType>[EventType]) => boolean): readonly EventType[] {
  return EVENT_TYPES.filter((t) => who(EVENT_RECORDERS[t]));
}

export const ROLE_EVENT_TYPES: Record<DeviceRole, readonly EventType[]> = {
  staff: recordedBy((r) => typeof r !== 'string' && r.includes('staff')),
  kiosk: recordedBy((r) => typeof r !== 'string' && r.includes('kiosk')),
};

export const ADMIN_ONLY_EVENT_TYPES: readonly EventType[] = recordedBy((r) => r === 'admin');
/** Made by the service itself (card issuing and its signing keys), never accepted from a desk. */
export const SERVICE_ONLY_EVENT_TYPES: readonly EventType[] = recordedBy((r) => r === 'service');

export function scopeOf<C extends ReplicatedCollection>(collection: C, doc: C extends RecordCollection ? RecordTypes[C] : { deviceId: string; libraryId: string }): RecordScope {
  if (collection === 'events') {
    const e = doc as { deviceId: string; libraryId: string };
    return { public: false, libraries: [String(e.libraryId)], deviceId: String(e.deviceId) };
  }
  const rule = Object.prototype.hasOwnProperty.call(COLLECTION_ACCESS, collection) ? (COLLECTION_ACCESS as Record<string, CollectionRule<unknown>>)[collection] : undefined;
  if (!rule) throw new Error(`unknown collection ${String(collection)}`);
  return rule.scope(doc);
}

export function canRead(scope: RecordScope, device: { libraryId: string; deviceId: string }): boolean {
  if (scope.public) return true;
  if (scope.deviceId !== null) return scope.deviceId === device.deviceId;
  return scope.libraries.includes(device.libraryId);
}
