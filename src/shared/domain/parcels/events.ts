// Packing and sealing at the sender, dispatching with a courier, receiving and closing at the receiver.
import { Type } from '@sinclair/typebox';
import { Barcode, Id, LibraryCode, obj } from '../kit/schema';

export const PARCEL_EVENTS = {
  'item.packed': obj({ parcelId: Id, toLibraryId: LibraryCode, requestId: Id, itemBarcode: Barcode }),
  'item.unpacked': obj({ parcelId: Id, itemBarcode: Barcode }),
  'parcel.sealed': obj({ parcelId: Id }),
  'parcel.dispatched': obj({ parcelId: Id, courier: Type.String({ minLength: 1, maxLength: 80 }), trackingNumber: Type.String({ minLength: 1, maxLength: 80 }) }),
  'item.received': obj({ itemBarcode: Barcode, parcelId: Type.Union([Id, Type.Null()]), ownerLibraryId: Type.Union([LibraryCode, Type.Null()]), holdId: Id }),
  'parcel.closed': obj({ parcelId: Id }),
} as const;
