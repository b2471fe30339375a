// Virtual library cards (虛擬借書證) as the service issued them, and the
// consortium's signing keys as desks hold them (public half only; the private
// half never leaves the service). src/shared/cards holds the signed form.
import { Type, type Static } from '@sinclair/typebox';
import { DateStr, Id, Instant, LibraryCode, Nullable, Text } from '../kit/schema';

export const KeyIdSchema = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' });
export const CardIdSchema = Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', maxLength: 26 });

/** A consortium card-signing key as desks hold it: public half only (the private half never leaves the service). */
export const CardKeySchema = Type.Object({
  id: KeyIdSchema,
  /** base64url of the 32-byte Ed25519 public key. */
  publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', maxLength: 43 }),
  /** The key signs cards issued from this instant… */
  activeFrom: Instant,
  /** …until this one (exclusive); null while in service. */
  retiredAt: Nullable(Instant),
  updatedAt: Instant,
}, { additionalProperties: false });
export type CardKeyRecord = Static<typeof CardKeySchema>;

export const CardKindSchema = Type.Union([Type.Literal('interlibrary'), Type.Literal('partner')]);
/** A library code, or '*' for every member library. */
export const CardHostSchema = Type.Union([LibraryCode, Type.Literal('*')]);

/** A virtual library card as the service issued it (src/shared/cards holds the signed form). */
export const CardSchema = Type.Object({
  id: CardIdSchema,
  kind: CardKindSchema,
  holderName: Text(120),
  /** Patron id at the home library, or the partner's member id. */
  holderId: Id,
  homeLibraryId: Nullable(LibraryCode),
  organisation: Nullable(Text(120)),
  hostLibraryId: CardHostSchema,
  validFrom: DateStr,
  validUntil: DateStr,
  loanLimit: Type.Integer({ minimum: 1, maximum: 50 }),
  issuedAt: Instant,
  keyId: KeyIdSchema,
  /** The issuing library's code, or 'ADMIN' for the consortium administrator. */
  issuedBy: Type.Union([LibraryCode, Type.Literal('ADMIN')]),
  revokedAt: Nullable(Instant),
  revokedReason: Text(300),
  updatedAt: Instant,
}, { additionalProperties: false });
export type CardRecord = Static<typeof CardSchema>;

export const CARD_COLLECTIONS = { cards: CardSchema, cardKeys: CardKeySchema } as const;
export interface CardRecordTypes {
  cards: CardRecord;
  cardKeys: CardKeyRecord;
}
