// A parcel is read by its sender and its receiver; only staff desks handle parcels.
import { librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { PARCEL_EVENTS } from './events';
import type { ParcelRecordTypes } from './records';

export const PARCEL_RECORDERS: EventRecorders<keyof typeof PARCEL_EVENTS> = {
  'item.packed': ['staff'], 'item.unpacked': ['staff'], 'parcel.sealed': ['staff'], 'parcel.dispatched': ['staff'], 'item.received': ['staff'], 'parcel.closed': ['staff'],
};

export const PARCEL_ACCESS: CollectionAccess<ParcelRecordTypes> = {
  parcels: { readBy: ['staff'], scope: (p) => librariesScope(p.fromLibraryId, p.toLibraryId) },
};
