// An exception is read by the device that raised it, or by every device of its library when it is the library's to follow up.
import { librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { EXCEPTION_EVENTS } from './events';
import type { ExceptionRecordTypes } from './records';

export const EXCEPTION_RECORDERS: EventRecorders<keyof typeof EXCEPTION_EVENTS> = { 'exception.resolved': ['staff'] };

export const EXCEPTION_ACCESS: CollectionAccess<ExceptionRecordTypes> = {
  exceptions: {
    readBy: ['staff', 'kiosk'],
    scope: (x) => (x.audience === 'library' ? librariesScope(x.libraryId) : { public: false, libraries: [x.libraryId], deviceId: x.deviceId }),
  },
};
