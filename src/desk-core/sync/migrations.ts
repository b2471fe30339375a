// Schema migrations of the desk's replica. Records are the service's: a desk
// never needs to transform them — when any record collection's schema changes,
// the `records` collection's version moves with it, its old copies are dropped
// and, because the replication identifier carries the version, everything is
// pulled again from the start. Events are the desk's own and may still be
// unsent: each version needs a real transformation, and startup refuses to
// run without one.
import { RX_SCHEMA_VERSIONS } from '#shared/domain/rx-schemas';
import { RECORD_COLLECTIONS } from '#shared/domain/records';

type Strategy = (old: Record<string, unknown>) => Record<string, unknown> | null;

/** Event migrations by target version. */
export const EVENT_MIGRATIONS: Record<number, Strategy> = {
  // v1 added the event types 'ils.refused' and 'exception.resolved': older documents are valid as they are.
  1: (old) => old,
  // v2 added the virtual-card event types ('card.revoked', 'loan.visitor_started', …): older documents are valid as they are.
  2: (old) => old,
  // v3 added the title-request event types ('request.placed', 'request.reviewed', …): older documents are valid as they are.
  3: (old) => old,
  // v4 added the swap-fair event types ('fair.handed_over', …): older documents are valid as they are.
  4: (old) => old,
};

/**
 * The `records` collection's schema version: the sum of every record
 * collection's version, so it rises whenever one of them does (versions only
 * ever go up). E.g. holds 1 (`ownerLibraryId`, the lender): the old copy is
 * dropped and the service's copy pulled again. For holds this is also the
 * only safe rule: the owner is on the hold's request, which a kiosk never has
 * and a staff desk may not have yet, and a guess would put a wrong lender on
 * the loan and the return. The service's copy has it.
 */
export function recordsSchemaVersion(versions: Readonly<Record<string, number>> = RX_SCHEMA_VERSIONS): number {
  return RECORD_COLLECTIONS.reduce((sum, c) => sum + (versions[c] ?? 0), 0);
}

const dropForRepull: Strategy = () => null;

export function recordsMigrationStrategies(version = recordsSchemaVersion()): Record<number, Strategy> {
  const out: Record<number, Strategy> = {};
  for (let v = 1; v <= version; v++) out[v] = dropForRepull;
  return out;
}

export function eventMigrationStrategies(version = RX_SCHEMA_VERSIONS.events): Record<number, Strategy> {
  const out: Record<number, Strategy> = {};
  for (let v = 1; v <= version; v++) {
    const s = EVENT_MIGRATIONS[v];
    if (!s) throw new Error(`events schema version ${v} has no migration strategy: unsent events would be lost`);
    out[v] = s;
  }
  return out;
}

/** Records restart from sequence 0 after a schema change; events keep their push checkpoint (the same identifier since the first release) so nothing is sent twice or skipped. */
export function recordsReplicationIdentifier(version: number, baseUrl: string): string {
  return `relay-records-v${version}-${baseUrl}`;
}

export function eventsReplicationIdentifier(baseUrl: string): string {
  return `relay-events-${baseUrl}`;
}
