// A patron is read by the devices of the patron's home library, kiosks included (pickup by card).
import { librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { PATRON_EVENTS } from './events';
import type { PatronRecordTypes } from './records';

export const PATRON_RECORDERS: EventRecorders<keyof typeof PATRON_EVENTS> = { 'patron.upserted': ['staff'] };

export const PATRON_ACCESS: CollectionAccess<PatronRecordTypes> = {
  patrons: { readBy: ['staff', 'kiosk'], scope: (p) => librariesScope(p.homeLibraryId) },
};
