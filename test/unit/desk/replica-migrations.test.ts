// The desk's replica schemas: records are the service's, so any record
// schema change drops the desk's copies and pulls them again from the start
// (holds v1, ownerLibraryId: no owner is ever guessed); events are the desk's
// own and keep their replication identifier, so unsent events and the push
// checkpoint survive every upgrade.
import { describe, expect, it } from 'vitest';
import {
  eventMigrationStrategies, eventsReplicationIdentifier, recordsMigrationStrategies, recordsReplicationIdentifier, recordsSchemaVersion,
} from '#desk-core/sync/migrations';
import { recordsRxSchema } from '#desk-core/sync/replica';
import { rxSchemaFor, RX_SCHEMA_VERSIONS } from '#shared/domain/rx-schemas';

const OLD_HOLD = {
  id: 'h-1', requestId: 'r-1', patronId: 'p-1', libraryId: 'NKUST', itemBarcode: 'b-1', title: 'T', parts: 1,
  shelfSpot: 'H-1', shelvedOn: '2025-03-03', pickupBy: '2025-03-10', state: 'waiting', updatedAt: '2025-03-03T03:00:00.000Z',
};

describe('the desk replica schemas', () => {
  it('holds v1 requires the owner (the service validates every record with it)', () => {
    const schema = rxSchemaFor('holds');
    expect(schema.version).toBe(1);
    expect(schema.required).toContain('ownerLibraryId');
    expect(schema.properties['ownerLibraryId']).toMatchObject({ type: 'string' });
  });

  it('the records collection version rises with any record collection version', () => {
    const now = recordsSchemaVersion();
    expect(recordsRxSchema().version).toBe(now);
    expect(recordsSchemaVersion({ ...RX_SCHEMA_VERSIONS, holds: RX_SCHEMA_VERSIONS.holds + 1 })).toBe(now + 1);
    // Events are not records: their version does not move the records collection.
    expect(recordsSchemaVersion({ ...RX_SCHEMA_VERSIONS, events: RX_SCHEMA_VERSIONS.events + 5 })).toBe(now);
  });

  it('drops an old record copy (no owner invented) and pulls records again from the start', () => {
    const version = recordsSchemaVersion();
    const strategies = recordsMigrationStrategies(version);
    expect(Object.keys(strategies).map(Number)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    expect(strategies[version]!({ key: 'holds|h-1', kind: 'holds', doc: { ...OLD_HOLD } })).toBeNull();
    const base = 'https://relay.example';
    expect(recordsReplicationIdentifier(version, base)).toBe(`relay-records-v${version}-${base}`);
    expect(recordsReplicationIdentifier(version, base)).not.toBe(recordsReplicationIdentifier(version - 1, base));
  });

  it('keeps events: a real strategy per version, and the identifier of the per-collection layout', () => {
    const strategies = eventMigrationStrategies();
    expect(Object.keys(strategies)).toHaveLength(RX_SCHEMA_VERSIONS.events);
    const e = { id: 'e-1', type: 'item.packed' };
    expect(strategies[RX_SCHEMA_VERSIONS.events]!(e)).toEqual(e);
    expect(() => eventMigrationStrategies(RX_SCHEMA_VERSIONS.events + 1)).toThrow(/no migration strategy/);
    expect(eventsReplicationIdentifier('https://relay.example')).toBe('relay-events-https://relay.example');
  });
});
