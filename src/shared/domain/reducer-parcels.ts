// Moved to parcels/packing.ts; kept until its importers outside the domain are pointed there.
export { legFor } from './parcels/packing';
