// The swap fairs' HTTP wire, typed once: the portal's patron routes (cookie
// scope, CSRF on POST), the console's and the administrator's. The service
// answers it, the portal page calls it, tests import it.
import type { FairItemState, FairRecord, FairReservationState } from './records';

export const FAIR_PATHS = {
  /** GET → { fairs: PortalFair[] }: fairs not yet over, at every member library. */
  portalFairs: '/portal/api/fairs',
  /** GET → PortalFairDetail. */
  portalFair: '/portal/api/fairs/:id',
  /** POST { itemId } → 201 PortalFairReservation (CSRF). */
  portalReserve: '/portal/api/fairs/:id/reservations',
  /** GET → { reservations: PortalFairReservation[] }: the patron's own. */
  portalReservations: '/portal/api/fair-reservations',
  /** POST → PortalFairReservation (CSRF): cancel one still held. */
  portalCancel: '/portal/api/fair-reservations/:slip/cancel',
  /** GET ?libraryId= → { fairs }; POST FairBody & { libraryId } → 201 { fair, items }. */
  admin: '/admin/fairs',
  /** POST { items } → { items }. */
  adminItems: '/admin/fairs/:id/items',
  /** POST → { lapsed }: run the lapse sweep now. */
  adminSweep: '/admin/fairs/sweep',
  /** GET → { fairs } of the account's school; POST FairBody (& libraryId for the office) → 201 { fair, items }. */
  console: '/console/api/fairs',
  /** GET → { fair, items, reservations }. */
  consoleFair: '/console/api/fairs/:id',
  /** POST { items } → { items }. */
  consoleItems: '/console/api/fairs/:id/items',
} as const;

export type PortalFair = Pick<FairRecord, 'id' | 'libraryId' | 'title' | 'place' | 'startsOn' | 'endsOn' | 'rules' | 'holdDays' | 'perPatron'>;

/** A book on show, as a patron may see it: whether it can still be reserved, not by whom. */
export interface PortalFairItem { id: string; title: string; author: string; shelfMark: string; available: boolean; state: FairItemState }

export interface PortalFairDetail { fair: PortalFair; items: PortalFairItem[] }

export interface PortalFairReservation {
  slipCode: string;
  fairId: string;
  fairTitle: string;
  place: string;
  libraryId: string;
  title: string;
  shelfMark: string;
  state: FairReservationState;
  reservedAt: string;
  holdUntil: string;
  handedOverAt: string | null;
}
