// A request is read by its two libraries; only staff desks record its steps.
import { librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { REQUEST_EVENTS } from './events';
import type { RequestRecordTypes } from './records';

export const REQUEST_RECORDERS: EventRecorders<keyof typeof REQUEST_EVENTS> = {
  'request.created': ['staff'], 'request.pull_slip_printed': ['staff'], 'request.cannot_supply': ['staff'], 'request.cancelled': ['staff'],
};

export const REQUEST_ACCESS: CollectionAccess<RequestRecordTypes> = {
  requests: { readBy: ['staff'], scope: (q) => librariesScope(q.borrowerLibraryId, q.lenderLibraryId) },
};
