// Who may see and do what. The service enforces this on every request; the
// desk uses the same table to hide actions its role cannot take.
import type { EventType } from './events';
import type { RecordCollection, RecordTypes } from './records';

export type DeviceRole = 'staff' | 'kiosk';
export type ReplicatedCollection = RecordCollection | 'events';

export const ROLE_COLLECTIONS: Record<DeviceRole, readonly ReplicatedCollection[]> = {
  // 12 collections: the free RxDB opens at most 13 per JS realm (see notes/rxdb-sync.md).
  staff: ['libraries', 'policies', 'patrons', 'requests', 'parcels', 'holds', 'loans', 'fines', 'exceptions', 'events', 'cards', 'cardKeys'],
  // A kiosk needs patrons, holds and loans for pickup and self-return (offline too), not the courier side;
  // cards and their public keys so it can verify a visitor's card offline.
  kiosk: ['libraries', 'policies', 'patrons', 'holds', 'loans', 'fines', 'exceptions', 'events', 'cards', 'cardKeys'],
};

export const ROLE_EVENT_TYPES: Record<DeviceRole, readonly EventType[]> = {
  staff: [
    'patron.upserted', 'request.created', 'request.pull_slip_printed', 'request.cannot_supply', 'request.cancelled',
    'item.packed', 'item.unpacked', 'parcel.sealed', 'parcel.dispatched', 'item.received', 'parcel.closed',
    'hold.expired', 'loan.started', 'loan.ended', 'loan.renewed', 'fine.paid', 'fine.waived',
    'ils.refused', 'exception.resolved', 'card.revoked', 'loan.visitor_started',
  ],
  kiosk: ['loan.started', 'loan.ended'],
};

export const ADMIN_ONLY_EVENT_TYPES: readonly EventType[] = ['library.upserted', 'policy.set'];
/** Made by the service itself (card issuing and its signing keys), never accepted from a desk. */
export const SERVICE_ONLY_EVENT_TYPES: readonly EventType[] = ['card.issued', 'cardKey.published', 'cardKey.retired'];

export interface RecordScope {
  /** Readable by every paired device (the library directory, policies). */
  readonly public: boolean;
  /** Libraries whose devices may read the record. */
  readonly libraries: readonly string[];
  /** When set, only this device may read it (its own events and exceptions). */
  readonly deviceId: string | null;
}

export function scopeOf<C extends ReplicatedCollection>(collection: C, doc: C extends RecordCollection ? RecordTypes[C] : { deviceId: string; libraryId: string }): RecordScope {
  const d = doc as unknown as Record<string, unknown>;
  const lib = (k: string) => String(d[k]);
  switch (collection) {
    case 'libraries':
    case 'policies':
    case 'cardKeys':
      return { public: true, libraries: [], deviceId: null };
    case 'cards': {
      // A consortium-wide card may be shown at any member library, so every device may need it.
      if (lib('hostLibraryId') === '*') return { public: true, libraries: [], deviceId: null };
      const home = d['homeLibraryId'];
      return { public: false, libraries: uniq([lib('hostLibraryId'), ...(typeof home === 'string' ? [home] : [])]), deviceId: null };
    }
    case 'patrons':
      return { public: false, libraries: [lib('homeLibraryId')], deviceId: null };
    case 'requests':
      return { public: false, libraries: uniq([lib('borrowerLibraryId'), lib('lenderLibraryId')]), deviceId: null };
    case 'parcels':
      return { public: false, libraries: uniq([lib('fromLibraryId'), lib('toLibraryId')]), deviceId: null };
    case 'holds':
    case 'loans':
    case 'fines':
      return { public: false, libraries: [lib('libraryId')], deviceId: null };
    case 'exceptions':
      if (d['audience'] === 'library') return { public: false, libraries: [lib('libraryId')], deviceId: null };
      return { public: false, libraries: [lib('libraryId')], deviceId: lib('deviceId') };
    case 'events':
      return { public: false, libraries: [lib('libraryId')], deviceId: lib('deviceId') };
    default:
      throw new Error(`unknown collection ${String(collection)}`);
  }
}

export function canRead(scope: RecordScope, device: { libraryId: string; deviceId: string }): boolean {
  if (scope.public) return true;
  if (scope.deviceId !== null) return scope.deviceId === device.deviceId;
  return scope.libraries.includes(device.libraryId);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}
