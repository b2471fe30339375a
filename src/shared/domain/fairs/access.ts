// A fair and everything in it is its library's: only that library's staff
// desks read it (a kiosk has no part in fairs). The service makes fairs and
// reservations; staff record hand-overs.
import { librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { FAIR_EVENTS } from './events';
import type { FairRecordTypes } from './records';

export const FAIR_RECORDERS: EventRecorders<keyof typeof FAIR_EVENTS> = {
  'fair.created': 'service', 'fair.items_added': 'service', 'fair.reserved': 'service',
  'fair.reservation_cancelled': 'service', 'fair.reservation_lapsed': 'service', 'fair.handed_over': ['staff'],
};

export const FAIR_ACCESS: CollectionAccess<FairRecordTypes> = {
  fairs: { readBy: ['staff'], scope: (f) => librariesScope(f.libraryId) },
  fairItems: { readBy: ['staff'], scope: (i) => librariesScope(i.libraryId) },
  fairReservations: { readBy: ['staff'], scope: (r) => librariesScope(r.libraryId) },
};
