// Staff close exceptions: one for the whole library may be closed at any of
// its desks, the rest only at the desk that raised them (they are replicated
// to that device alone, so another desk cannot close them blind).
import { accept, reject, type HandlersOf } from '../kit/results';
import type { EXCEPTION_EVENTS } from './events';

export const EXCEPTION_HANDLERS: HandlersOf<keyof typeof EXCEPTION_EVENTS> = {
  'exception.resolved': (r, e) => {
    const ex = r.get('exceptions', e.payload.exceptionId);
    // Another library's exception is answered as one that does not exist (see hiddenFrom).
    if (ex === undefined || ex.libraryId !== e.libraryId) return reject('UNKNOWN_EXCEPTION', { exceptionId: e.payload.exceptionId });
    const mine = ex.audience === 'library' ? ex.libraryId === e.libraryId : ex.deviceId === e.deviceId && ex.libraryId === e.libraryId;
    if (!mine) return reject('EXCEPTION_NOT_YOURS', { exceptionId: e.payload.exceptionId });
    if (ex.resolved) return accept([]);
    return accept([{ collection: 'exceptions', doc: { ...ex, resolved: true, updatedAt: e.at } }]);
  },
};
