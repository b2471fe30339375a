// The schema builders every feature's records and events are made of, so one
// identifier, library code or date means the same thing in every collection.
import { Type, type TSchema } from '@sinclair/typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
export const LibraryCode = Type.String({ pattern: '^[A-Z][A-Z0-9]{1,15}$', maxLength: 16 });
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
/** A stored instant (records keep what the event said; events check its form, see InstantStr). */
export const Instant = Type.String({ maxLength: 40 });
export const Text = (max: number) => Type.String({ maxLength: max });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Barcode = Type.String({ minLength: 1, maxLength: 64 });
export const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });
/** Why staff refused or cancelled something, as typed at the desk. */
export const Reason = Type.String({ minLength: 1, maxLength: 300 });
/** An event payload or record part: no field beyond the listed ones. */
export const obj = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });

/** An ISO 8601 instant with an explicit zone, as Date.prototype.toISOString() writes it. */
export const ISO_INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
export const InstantStr = Type.String({ maxLength: 40, pattern: ISO_INSTANT_PATTERN });
