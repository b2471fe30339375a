// The directory and the policies are public to every paired device; only the administrator changes them.
import { PUBLIC, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { LIBRARY_EVENTS } from './events';
import type { LibraryRecordTypes } from './records';

export const LIBRARY_RECORDERS: EventRecorders<keyof typeof LIBRARY_EVENTS> = { 'library.upserted': 'admin', 'policy.set': 'admin' };

export const LIBRARY_ACCESS: CollectionAccess<LibraryRecordTypes> = {
  libraries: { readBy: ['staff', 'kiosk'], scope: () => PUBLIC },
  policies: { readBy: ['staff', 'kiosk'], scope: () => PUBLIC },
};
