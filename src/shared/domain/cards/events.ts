// Issuing cards and publishing or retiring keys come from the service only; a
// home library may revoke; a host library's staff lend its own items to a holder.
import { Type } from '@sinclair/typebox';
import { Barcode, DateStr, Id, InstantStr, LibraryCode, Reason, obj } from '../kit/schema';
import { CardHostSchema, CardIdSchema, CardKeySchema, CardSchema, KeyIdSchema } from './records';

/**
 * The card as a desk read it from the verified QR code, carried in the visitor
 * loan so that a desk whose replica has no cards record yet can still run the
 * rules offline. The service trusts only its own cards record.
 */
export const VisitorCardSchema = obj({
  cardId: CardIdSchema,
  holderName: Type.String({ minLength: 1, maxLength: 120 }),
  homeLibraryId: Type.Union([LibraryCode, Type.Null()]),
  organisation: Type.Union([Type.String({ minLength: 1, maxLength: 120 }), Type.Null()]),
  hostLibraryId: CardHostSchema,
  validFrom: DateStr,
  validUntil: DateStr,
  loanLimit: Type.Integer({ minimum: 1, maximum: 50 }),
});

export const CARD_EVENTS = {
  'card.issued': obj({ card: Type.Omit(CardSchema, ['revokedAt', 'revokedReason', 'updatedAt']) }),
  'card.revoked': obj({ cardId: CardIdSchema, reason: Reason }),
  'cardKey.published': obj({ key: obj({ id: KeyIdSchema, publicKey: CardKeySchema.properties.publicKey, activeFrom: InstantStr }) }),
  'cardKey.retired': obj({ keyId: KeyIdSchema, retiredAt: InstantStr }),
  // lending the host library's own item to a card holder (recorded by the host's staff desk after verifying the QR code)
  'loan.visitor_started': obj({ loanId: Id, itemBarcode: Barcode, title: Type.String({ maxLength: 400 }), card: VisitorCardSchema }),
} as const;
