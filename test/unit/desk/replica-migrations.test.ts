// Holds schema v1 (ownerLibraryId): the desk's replica drops its old holds and
// pulls the service's again from the start, never guessing an owner.
import { describe, expect, it } from 'vitest';
import { migrationStrategiesFor, replicationIdentifier } from '#desk-core/sync/migrations';
import { rxSchemaFor, RX_SCHEMA_VERSIONS } from '../../../src/shared/domain/rx-schemas';

const OLD_HOLD = {
  id: 'h-1', requestId: 'r-1', patronId: 'p-1', libraryId: 'NKUST', itemBarcode: 'b-1', title: 'T', parts: 1,
  shelfSpot: 'H-1', shelvedOn: '2025-03-03', pickupBy: '2025-03-10', state: 'waiting', updatedAt: '2025-03-03T03:00:00.000Z',
};

describe('holds schema v1 on the desk', () => {
  it('requires the owner in the RxDB schema, at a new version', () => {
    const schema = rxSchemaFor('holds');
    expect(schema.version).toBe(1);
    expect(schema.required).toContain('ownerLibraryId');
    expect(schema.properties['ownerLibraryId']).toMatchObject({ type: 'string' });
  });

  it('drops an old hold (no owner invented) and pulls holds again from the start', () => {
    const strategies = migrationStrategiesFor('holds');
    expect(Object.keys(strategies)).toEqual(['1']);
    expect(strategies[1]!({ ...OLD_HOLD })).toBeNull();
    const base = 'https://relay.example';
    expect(replicationIdentifier('holds', RX_SCHEMA_VERSIONS.holds, base)).toBe(`relay-holds-v1-${base}`);
    expect(replicationIdentifier('holds', RX_SCHEMA_VERSIONS.holds, base)).not.toBe(replicationIdentifier('holds', 0, base));
  });
});
