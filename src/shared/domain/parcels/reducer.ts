// The parcel events' handlers: packing at the sender (packing.ts), receiving at the receiver (receiving.ts).
import type { HandlersOf } from '../kit/results';
import type { PARCEL_EVENTS } from './events';
import { itemPacked, itemUnpacked, parcelDispatched, parcelSealed } from './packing';
import { RECEIVING_HANDLERS } from './receiving';

export const PARCEL_HANDLERS: HandlersOf<keyof typeof PARCEL_EVENTS> = {
  'item.packed': itemPacked,
  'item.unpacked': itemUnpacked,
  'parcel.sealed': parcelSealed,
  'parcel.dispatched': parcelDispatched,
  ...RECEIVING_HANDLERS,
};
