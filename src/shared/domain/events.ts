// Desk actions are immutable events. The envelope is common; each type has
// its own payload schema, defined in its feature folder and composed here
// (a feature's events are one line in the map). The service validates both
// before the reducer runs.
import { Type, type Static } from '@sinclair/typebox';
import { HLC_PATTERN } from './hlc';
import { Id, ISO_INSTANT_PATTERN } from './kit/schema';
import { LIBRARY_EVENTS } from './libraries/events';
import { PATRON_EVENTS } from './patrons/events';
import { REQUEST_EVENTS } from './requests/events';
import { PARCEL_EVENTS } from './parcels/events';
import { CIRCULATION_EVENTS } from './circulation/events';
import { ILS_EVENTS } from './ils/events';
import { EXCEPTION_EVENTS } from './exceptions/events';
import { CARD_EVENTS } from './cards/events';
import { FAIR_EVENTS } from './fairs/events';

export { ISO_INSTANT_PATTERN } from './kit/schema';
export { VisitorCardSchema } from './cards/events';

export const EVENT_PAYLOAD_SCHEMAS = {
  // administration (service CLI and admin API; never from a desk)
  ...LIBRARY_EVENTS,
  ...PATRON_EVENTS,
  ...REQUEST_EVENTS,
  ...PARCEL_EVENTS,
  // hold shelf and circulation
  ...CIRCULATION_EVENTS,
  // library-system (SIP2) connector
  ...ILS_EVENTS,
  ...EXCEPTION_EVENTS,
  // virtual library cards
  ...CARD_EVENTS,
  // swap fairs (曬書祭)
  ...FAIR_EVENTS,
} as const;

export type EventType = keyof typeof EVENT_PAYLOAD_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOAD_SCHEMAS) as EventType[];
export type EventPayload<T extends EventType> = Static<(typeof EVENT_PAYLOAD_SCHEMAS)[T]>;

export const EventStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('applied'), Type.Literal('rejected')]);
export type EventStatus = Static<typeof EventStatusSchema>;

/** The events collection's document: what a desk writes (status 'pending') and what the service returns (applied / rejected). */
export const EventDocSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', maxLength: 26 }),
  deviceId: Id,
  libraryId: Type.String({ minLength: 1, maxLength: 16 }),
  hlc: Type.String({ pattern: HLC_PATTERN, maxLength: 90 }),
  at: Type.String({ maxLength: 40, pattern: ISO_INSTANT_PATTERN }),
  type: Type.Union(EVENT_TYPES.map((t) => Type.Literal(t))),
  payload: Type.Object({}, { additionalProperties: true }),
  status: EventStatusSchema,
  reason: Type.String({ maxLength: 40 }),
}, { additionalProperties: false });
export type EventDoc = Static<typeof EventDocSchema>;

export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: Omit<EventDoc, 'type' | 'payload'> & { type: K; payload: EventPayload<K> };
}[T];

/** The part of an event that the desk wrote and the service must never see change (idempotency compares it). */
export function eventIdentity(e: Pick<EventDoc, 'id' | 'deviceId' | 'libraryId' | 'hlc' | 'at' | 'type' | 'payload'>): string {
  return stableStringify([e.id, e.deviceId, e.libraryId, e.hlc, e.at, e.type, e.payload]);
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
