// A kiosk may read holds and loans but not requests (src/shared/domain/
// access.ts), yet the shared rule for 'loan.started' reads the hold's request
// (for the due date the borrowing library set at check-in, and the owner).
// Without it every pickup the kiosk tries on its own view is refused
// (UNKNOWN_REQUEST), offline or not, and pending pickups vanish from the view
// on every rebuild. So the kiosk puts, in its in-memory view only, a stand-in
// for each request a hold still needs: built from the hold with the same due
// date the service computed (check-in day + loanDays at the pickup library,
// moved to an open day — exactly what 'item.received' stored), never stored,
// never sent. The service always runs the rule against the real request.
//
// The stand-in names no real library as lender or borrower (STAND_IN_LIBRARY):
// a kiosk must never be led into packing a returned item (item.packed is a
// staff event the service refuses from a kiosk, and a refused push would
// block every later one); with no library of its own on the request, the
// desk's routing finds no leg to pack. The owner, when the kiosk knows it
// from the item's RFID tag, is put in as lender so the loan it shows is right.
//
// A stand-in is kept while the hold waits, and while one of this kiosk's own
// pickups of it is not yet back from the service as a loan; then it goes.
import type { OptimisticView } from '../desk/optimistic-view';
import { effectivePolicy, dueDateFor } from '../../shared/domain/policy';
import type { HoldRecord, RequestRecord } from '../../shared/domain/records';

/** Not a library code the directory can hold (they are upper-case letters and digits): never anyone's leg. */
export const STAND_IN_LIBRARY = '?';

export function standInRequest(hold: HoldRecord, policies: Parameters<typeof effectivePolicy>[1], ownerLibraryId: string | null): RequestRecord {
  const policy = effectivePolicy(hold.libraryId, policies);
  return {
    id: hold.requestId,
    borrowerLibraryId: STAND_IN_LIBRARY,
    lenderLibraryId: ownerLibraryId ?? STAND_IN_LIBRARY,
    patronId: hold.patronId,
    item: { barcode: hold.itemBarcode, title: hold.title, author: '', callNumber: '', location: '', parts: hold.parts },
    neededBy: null,
    note: '',
    borrowerState: hold.state === 'waiting' ? 'on_hold_shelf' : 'checked_out',
    lenderState: 'shipped',
    pullSlipPrintedAt: null,
    parcelId: null,
    holdId: hold.id,
    loanId: null,
    checkedInOn: hold.shelvedOn,
    dueDate: dueDateFor(hold.shelvedOn, policy),
    reason: '',
    history: [],
    createdAt: hold.updatedAt,
    updatedAt: hold.updatedAt,
  };
}

export class HoldRequestStandIns {
  private readonly placed = new Map<string, string>();
  private readonly owners = new Map<string, string>();
  private unsubscribe: (() => void) | null = null;
  private syncing = false;

  constructor(private readonly view: OptimisticView, private readonly deviceId: string) {}

  /** Put the stand-ins in now (and rebuild the view, so pending pickups replay), then keep them current. */
  start(): void {
    this.sync();
    this.view.rebuild();
    this.unsubscribe ??= this.view.subscribe(() => this.sync());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** The owning library of a hold's item, as read from its tag: the loan the kiosk shows then names the right owner. */
  noteOwner(holdId: string, ownerLibraryId: string | null): void {
    if (!ownerLibraryId || this.owners.get(holdId) === ownerLibraryId) return;
    this.owners.set(holdId, ownerLibraryId);
    const hold = this.view.base.get('holds', holdId);
    if (hold && this.placed.has(hold.requestId)) this.put(hold);
  }

  get size(): number {
    return this.placed.size;
  }

  /** Holds whose request this kiosk's own pending pickups still need. */
  private holdsInFlight(): Set<string> {
    const out = new Set<string>();
    for (const e of this.view.events.values()) {
      if (e.type !== 'loan.started' || e.deviceId !== this.deviceId || e.status === 'rejected') continue;
      const p = e.payload as { loanId: string; holdId: string };
      if (!this.view.base.get('loans', p.loanId)) out.add(p.holdId);
    }
    return out;
  }

  /** Returns how many stand-ins changed. */
  sync(): number {
    if (this.syncing) return 0;
    this.syncing = true;
    try {
      const inFlight = this.holdsInFlight();
      const wanted = new Map<string, HoldRecord>();
      for (const hold of this.view.base.values('holds')) {
        if (hold.state === 'waiting' || inFlight.has(hold.id)) wanted.set(hold.requestId, hold);
      }
      let changed = 0;
      for (const [requestId, hold] of wanted) {
        // A real request (a build where kiosks may read requests) always wins.
        if (this.placed.get(requestId) === hold.updatedAt || (!this.placed.has(requestId) && this.view.base.get('requests', requestId))) continue;
        this.put(hold);
        changed++;
      }
      for (const requestId of [...this.placed.keys()]) {
        if (wanted.has(requestId)) continue;
        const doc = this.view.base.get('requests', requestId);
        this.placed.delete(requestId);
        if (doc) this.view.putBase('requests', doc, true);
        changed++;
      }
      return changed;
    } finally {
      this.syncing = false;
    }
  }

  private put(hold: HoldRecord): void {
    this.placed.set(hold.requestId, hold.updatedAt);
    this.view.putBase('requests', standInRequest(hold, this.view.base.policies(), this.owners.get(hold.id) ?? null), false);
  }
}
