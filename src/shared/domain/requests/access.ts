// A request is read by its two libraries; only staff desks record its steps.
import { librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { REQUEST_EVENTS } from './events';
import type { RequestRecord, RequestRecordTypes } from './records';

/**
 * The current lender and, for a title request, every lender already asked:
 * each keeps seeing the request it declined or let pass (its own history), and
 * its replica learns the request has moved on. Lenders not yet asked see nothing.
 */
function askedLenders(q: Pick<RequestRecord, 'lenderLibraryId' | 'rota' | 'rotaIndex'>): string[] {
  // A record stored before title requests (or a partial one) has no rota.
  const rota: readonly { libraryId: string }[] = Array.isArray(q.rota) ? q.rota : [];
  const asked = rota.slice(0, Math.max(0, (q.rotaIndex ?? -1) + 1)).map((p) => p.libraryId);
  return [q.lenderLibraryId, ...asked].filter((id) => id !== '');
}

export const REQUEST_RECORDERS: EventRecorders<keyof typeof REQUEST_EVENTS> = {
  'request.created': ['staff'], 'request.pull_slip_printed': ['staff'], 'request.cannot_supply': ['staff'], 'request.cancelled': ['staff'],
  'request.placed': ['staff'], 'request.reviewed': ['staff'],
  // The rota comes from the union catalogue, which only the service has; its timer skips late lenders.
  'request.routed': 'service', 'request.lender_timed_out': 'service',
};

export const REQUEST_ACCESS: CollectionAccess<RequestRecordTypes> = {
  requests: { readBy: ['staff'], scope: (q) => librariesScope(q.borrowerLibraryId, ...askedLenders(q)) },
};
