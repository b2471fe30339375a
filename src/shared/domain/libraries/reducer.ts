// The administrator's changes to the directory and the policies.
import { CONSORTIUM_POLICY_ID } from '../policy';
import { accept, reject, type HandlersOf } from '../kit/results';
import type { LIBRARY_EVENTS } from './events';

export const LIBRARY_HANDLERS: HandlersOf<keyof typeof LIBRARY_EVENTS> = {
  'library.upserted': (_r, e) => accept([{ collection: 'libraries', doc: { ...e.payload.library, updatedAt: e.at } }]),
  'policy.set': (r, e) => {
    const libraryId = e.payload.libraryId;
    if (libraryId !== null && !r.get('libraries', libraryId)) return reject('UNKNOWN_LIBRARY', { libraryId });
    const id = libraryId ?? CONSORTIUM_POLICY_ID;
    const existing = r.get('policies', id);
    return accept([{ collection: 'policies', doc: { id, libraryId, fields: { ...existing?.fields, ...e.payload.fields }, updatedAt: e.at } }]);
  },
};
