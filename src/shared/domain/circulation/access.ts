// Holds, loans and fines are read by the devices of the library where they
// happen; a kiosk records pickups and returns, nothing else.
import { librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { CIRCULATION_EVENTS } from './events';
import type { CirculationRecordTypes } from './records';

export const CIRCULATION_RECORDERS: EventRecorders<keyof typeof CIRCULATION_EVENTS> = {
  'hold.expired': ['staff'], 'loan.started': ['staff', 'kiosk'], 'loan.ended': ['staff', 'kiosk'], 'loan.renewed': ['staff'], 'fine.paid': ['staff'], 'fine.waived': ['staff'],
};

export const CIRCULATION_ACCESS: CollectionAccess<CirculationRecordTypes> = {
  holds: { readBy: ['staff', 'kiosk'], scope: (h) => librariesScope(h.libraryId) },
  loans: { readBy: ['staff', 'kiosk'], scope: (l) => librariesScope(l.libraryId) },
  fines: { readBy: ['staff', 'kiosk'], scope: (f) => librariesScope(f.libraryId) },
};
