// RxDB collection schemas built from the same TypeBox schemas the service
// validates with: one definition of every record, two consumers.
import type { TSchema } from '@sinclair/typebox';
import { EventDocSchema } from './events';
import { COLLECTION_SCHEMAS, type RecordCollection } from './records';
import type { ReplicatedCollection } from './access';

export interface RxSchemaLike {
  version: number;
  primaryKey: string;
  type: 'object';
  properties: Record<string, unknown>;
  required: string[];
  indexes?: string[][];
  additionalProperties?: boolean;
}

/** Bump a collection's version here (with a migration strategy on the desk) whenever its schema changes. */
export const RX_SCHEMA_VERSIONS: Record<ReplicatedCollection, number> = {
  // exceptions 1: optional `audience`; events 2: card event types; cards and cardKeys are new;
  // holds 1: `ownerLibraryId` (the lender), so a kiosk can make a loan without the request.
  // requests 1: title requests (work, review, rota); policies 1: lenderResponseDays, autoApproveRequests; events 3: title-request event types.
  // events 4: swap-fair event types; fairs, fairItems, fairReservations are new (fairs 1 so the records version rises and desks re-pull).
  libraries: 0, policies: 1, patrons: 0, requests: 1, parcels: 0, holds: 1, loans: 0, fines: 0, exceptions: 1, events: 4,
  cards: 0, cardKeys: 0,
  fairs: 1, fairItems: 0, fairReservations: 0,
};

function toRx(schema: TSchema, version: number): RxSchemaLike {
  // JSON round trip drops TypeBox's symbol keys, leaving plain JSON Schema.
  const plain = JSON.parse(JSON.stringify(schema)) as { properties: Record<string, unknown>; required?: string[] };
  return { version, primaryKey: 'id', type: 'object', properties: plain.properties, required: plain.required ?? [], additionalProperties: false };
}

export function rxSchemaFor(collection: ReplicatedCollection): RxSchemaLike {
  const version = RX_SCHEMA_VERSIONS[collection];
  if (collection === 'events') return toRx(EventDocSchema, version);
  return toRx(COLLECTION_SCHEMAS[collection as RecordCollection], version);
}
