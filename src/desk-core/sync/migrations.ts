// Schema migrations of the desk's replica, one strategy per collection and
// version. Records are the service's: a desk never needs to transform them —
// a new schema version drops the old copies and, because the replication
// identifier carries the version, pulls them again from the start. Events are
// the desk's own and may still be unsent: each version needs a real
// transformation, and startup refuses to run without one.
import type { ReplicatedCollection } from '#shared/domain/access';
import { RX_SCHEMA_VERSIONS } from '#shared/domain/rx-schemas';

type Strategy = (old: Record<string, unknown>) => Record<string, unknown> | null;

/** Event migrations by target version. */
export const EVENT_MIGRATIONS: Record<number, Strategy> = {
  // v1 added the event types 'ils.refused' and 'exception.resolved': older documents are valid as they are.
  1: (old) => old,
  // v2 added the virtual-card event types ('card.revoked', 'loan.visitor_started', …): older documents are valid as they are.
  2: (old) => old,
};

/**
 * Every record collection's new version, e.g. holds 1 (`ownerLibraryId`, the
 * lender): the old copy is dropped and the service's copy pulled again. For
 * holds this is also the only safe rule: the owner is on the hold's request,
 * which a kiosk never has and a staff desk may not have yet, and a guess (the
 * pickup library, an RFID tag's owner) would put a wrong lender on the loan
 * and the return. The service's copy has it (its database migration 3 filled
 * it in from the request).
 */
const dropForRepull: Strategy = () => null;

export function migrationStrategiesFor(collection: ReplicatedCollection, version = RX_SCHEMA_VERSIONS[collection]): Record<number, Strategy> {
  const out: Record<number, Strategy> = {};
  for (let v = 1; v <= version; v++) {
    if (collection !== 'events') out[v] = dropForRepull;
    else {
      const s = EVENT_MIGRATIONS[v];
      if (!s) throw new Error(`events schema version ${v} has no migration strategy: unsent events would be lost`);
      out[v] = s;
    }
  }
  return out;
}

/** Records restart from sequence 0 after a schema change; events keep their push checkpoint so nothing is sent twice or skipped. */
export function replicationIdentifier(collection: ReplicatedCollection, version: number, baseUrl: string): string {
  return collection === 'events' ? `relay-events-${baseUrl}` : `relay-${collection}-v${version}-${baseUrl}`;
}
