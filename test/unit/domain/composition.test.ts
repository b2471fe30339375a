// The top files compose the feature folders into exhaustive maps: every
// event type has a payload schema, a handler and its recorders; every
// collection its schema, record type and read rule; no reason code is defined
// twice. The @ts-expect-error lines are checked by `tsc -p tsconfig.test.json`:
// each fails to compile if a map that misses a key were accepted.
import { describe, expect, it } from 'vitest';
import { ADMIN_ONLY_EVENT_TYPES, ROLE_COLLECTIONS, ROLE_EVENT_TYPES, SERVICE_ONLY_EVENT_TYPES, scopeOf } from '#shared/domain/access';
import { EVENT_PAYLOAD_SCHEMAS, EVENT_TYPES, type EventType } from '#shared/domain/events';
import type { EventRecorders } from '#shared/domain/kit/access';
import type { HandlersOf } from '#shared/domain/kit/results';
import { COMMON_REASONS } from '#shared/domain/kit/reasons';
import { LIBRARY_HANDLERS } from '#shared/domain/libraries/reducer';
import { LIBRARY_RECORDERS } from '#shared/domain/libraries/access';
import { PARCEL_HANDLERS } from '#shared/domain/parcels/reducer';
import { PARCEL_REASONS } from '#shared/domain/parcels/reasons';
import { REQUEST_REASONS } from '#shared/domain/requests/reasons';
import { PATRON_REASONS } from '#shared/domain/patrons/reasons';
import { LIBRARY_REASONS } from '#shared/domain/libraries/reasons';
import { CIRCULATION_REASONS } from '#shared/domain/circulation/reasons';
import { ILS_REASONS } from '#shared/domain/ils/reasons';
import { EXCEPTION_REASONS } from '#shared/domain/exceptions/reasons';
import { CARD_REASONS } from '#shared/domain/cards/reasons';
import { FAIR_REASONS } from '#shared/domain/fairs/reasons';
import { REASONS } from '#shared/domain/reasons';
import { RECORD_COLLECTIONS } from '#shared/domain/records';
import type { PARCEL_EVENTS } from '#shared/domain/parcels/events';

describe('the composed maps', () => {
  it('refuse, at compile time, a handler or recorder map that misses an event type', () => {
    // @ts-expect-error: two features' handlers are not every event type's
    const partial: HandlersOf<EventType> = { ...LIBRARY_HANDLERS, ...PARCEL_HANDLERS };
    // @ts-expect-error: a feature's handler map that leaves out one of its event types
    const missing: HandlersOf<keyof typeof PARCEL_EVENTS> = { 'item.packed': PARCEL_HANDLERS['item.packed'] };
    // @ts-expect-error: one feature's recorders are not every event type's
    const recorders: EventRecorders<EventType> = { ...LIBRARY_RECORDERS };
    expect([partial, missing, recorders].every((m) => typeof m === 'object')).toBe(true);
  });

  it('every event type is recorded by a device role, the administrator or the service — exactly one of them', () => {
    const byDevice = new Set([...ROLE_EVENT_TYPES.staff, ...ROLE_EVENT_TYPES.kiosk]);
    for (const t of EVENT_TYPES) {
      const kinds = [byDevice.has(t), ADMIN_ONLY_EVENT_TYPES.includes(t), SERVICE_ONLY_EVENT_TYPES.includes(t)].filter(Boolean);
      expect(kinds, t).toHaveLength(1);
    }
    expect(Object.keys(EVENT_PAYLOAD_SCHEMAS)).toEqual(EVENT_TYPES);
    expect(ROLE_EVENT_TYPES.kiosk).toEqual(['loan.started', 'loan.ended']);
  });

  it('every collection has a read rule; a kiosk reads no requests or parcels; every role reads its events', () => {
    for (const c of RECORD_COLLECTIONS) expect(() => scopeOf(c, {} as never), c).not.toThrow();
    expect(() => scopeOf('toString' as never, {} as never)).toThrow(/unknown collection/);
    expect(ROLE_COLLECTIONS.staff).toHaveLength(15);
    expect(ROLE_COLLECTIONS.kiosk).not.toContain('fairReservations');
    expect(ROLE_COLLECTIONS.kiosk).not.toContain('requests');
    expect(ROLE_COLLECTIONS.kiosk).not.toContain('parcels');
    for (const role of ['staff', 'kiosk'] as const) expect(ROLE_COLLECTIONS[role]).toContain('events');
  });

  it('no reason code is defined by two features, and each has both languages', () => {
    const parts = [COMMON_REASONS, LIBRARY_REASONS, PATRON_REASONS, REQUEST_REASONS, PARCEL_REASONS, CIRCULATION_REASONS, ILS_REASONS, EXCEPTION_REASONS, CARD_REASONS, FAIR_REASONS];
    const total = parts.reduce((n, p) => n + Object.keys(p).length, 0);
    expect(Object.keys(REASONS)).toHaveLength(total);
    for (const [code, r] of Object.entries(REASONS)) {
      for (const text of [r.message['zh-TW'], r.message.en, r.nextStep['zh-TW'], r.nextStep.en]) expect(text.length, code).toBeGreaterThan(0);
    }
  });
});
