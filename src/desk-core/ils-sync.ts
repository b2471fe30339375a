// The desk's side of the library-system (SIP2) connector. The desk's own
// events are the source of truth for what the library's system must be told:
// a parcel this library dispatched charges its own items to the borrowing
// library's account; an own item received back is discharged. The ops are
// derived from the events every time (on start, and after every change) and
// handed to the connector, which keeps them in a durable queue and ignores a
// key it has seen before. So an op can be neither lost (a crash between the
// event and the hand-over is healed by the next derivation, and a rebuilt
// replica re-derives them) nor sent twice (the connector's key set).
//
// The other direction: an op the library system refused comes back as a
// refusal, which the desk records as an 'ils.refused' event (an exception in
// needs-attention, carrying the system's screen message) and then
// acknowledges. The event's opKey makes that step idempotent too.
import type { IlsPatronCheck } from '#shared/bridge/ils';
import type { EventDoc } from '#shared/domain/events';
import type { DeskReader } from './record-index';

/** 'fee': a fine paid at the desk for a loan the library's system has (Fee Paid, 37). */
export type IlsOpKind = 'checkout' | 'checkin' | 'fee';

export interface IlsOpRequest {
  /** `${eventId}:${barcode}:${kind}` — the connector's idempotency key. */
  readonly key: string;
  readonly kind: IlsOpKind;
  readonly itemId: string;
  /** For a checkout: the library whose account the item is charged to. */
  readonly borrowerLibraryId: string | null;
  /** When the desk did it (an offline checkin replays with this return date). */
  readonly at: string;
  readonly eventId: string;
  /** Fee ops: the amount paid ('30.00'); the fine's id is the itemId, the account the borrowerLibraryId's. */
  readonly amount?: string;
  /** Checkouts: the due date the desk gave (ISO), sent as the no-block due date when the checkout reaches the system late. */
  readonly dueDate?: string;
}

/** A desk due date (a day in Taiwan, where the consortium's libraries are) as the end of that day, ISO. */
function endOfDay(day: string | null | undefined): { dueDate?: string } {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return {};
  const at = new Date(`${day}T23:59:59+08:00`);
  return Number.isNaN(at.getTime()) ? {} : { dueDate: at.toISOString() };
}

export interface IlsRefusal {
  readonly key: string;
  readonly kind: Exclude<IlsOpKind, 'fee'>;
  readonly itemId: string;
  readonly screenMessage: string;
}

/** What the desk needs from the connector (the bridge in the app, the connector itself in Node tests). */
export interface IlsPort {
  enqueue(ops: readonly IlsOpRequest[]): Promise<void>;
  refusals(): Promise<readonly IlsRefusal[]>;
  ack(key: string): Promise<void>;
  onChange(listener: () => void): () => void;
  /** Patron Information (63) in this library's system; a PIN only where the patron typed one. */
  validatePatron(patronId: string, pin?: string): Promise<IlsPatronCheck>;
}

const RELEVANT = new Set<string>(['parcel.dispatched', 'item.received', 'loan.visitor_started', 'loan.ended', 'fine.paid']);

/** The ops this library's events call for, oldest first. Rejected events call for nothing. */
export function ilsOpsFrom(events: Iterable<EventDoc>, reader: DeskReader, me: string): IlsOpRequest[] {
  const relevant = [...events]
    .filter((e) => e.libraryId === me && e.status !== 'rejected' && RELEVANT.has(e.type))
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  const ops: IlsOpRequest[] = [];
  // Visitor loans by id: whose account in this library's system the loan (and so its fine) is on.
  const visitorHome = new Map<string, string | null>();
  for (const e of relevant) {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'fine.paid') {
      // Only the fine of a loan the library's system has (a visitor's loan of an own item, charged to the card's
      // home library's account) is its business; a consortium fine on an interlibrary loan never reached it.
      const fine = reader.get('fines', String(p['fineId']));
      const loan = fine ? reader.get('loans', fine.loanId) : undefined;
      if (!fine || !loan || loan.requestId !== null || loan.libraryId !== me || loan.ownerLibraryId !== me || !visitorHome.has(loan.id)) continue;
      ops.push({ key: `${e.id}:${fine.id}:fee`, kind: 'fee', itemId: fine.id, borrowerLibraryId: visitorHome.get(loan.id) ?? null, at: e.at, eventId: e.id, amount: `${fine.amount}.00` });
    } else if (e.type === 'parcel.dispatched') {
      const parcel = reader.get('parcels', String(p['parcelId']));
      if (!parcel) continue;
      for (const item of parcel.items) {
        if (item.kind !== 'outbound') continue;
        const req = reader.get('requests', item.requestId);
        if (!req || req.lenderLibraryId !== me) continue;
        ops.push({ key: `${e.id}:${item.barcode}:checkout`, kind: 'checkout', itemId: item.barcode, borrowerLibraryId: req.borrowerLibraryId, at: e.at, eventId: e.id, ...endOfDay(req.dueDate) });
      }
    } else if (e.type === 'loan.visitor_started') {
      // An own item lent to a visitor's card: charged to the account standing for the card's home library
      // (a partner card has none, so the connector skips it and the desk's record is the loan).
      const card = p['card'] as { homeLibraryId: string | null };
      const barcode = String(p['itemBarcode']);
      visitorHome.set(String(p['loanId']), card.homeLibraryId);
      ops.push({ key: `${e.id}:${barcode}:checkout`, kind: 'checkout', itemId: barcode, borrowerLibraryId: card.homeLibraryId, at: e.at, eventId: e.id, ...endOfDay(reader.get('loans', String(p['loanId']))?.dueDate) });
    } else if (e.type === 'loan.ended') {
      // Only a visitor's loan of an own item (no request behind it) is this library's system's business.
      const loan = reader.get('loans', String(p['loanId']));
      if (loan && loan.requestId === null && loan.libraryId === me && loan.ownerLibraryId === me) {
        ops.push({ key: `${e.id}:${loan.itemBarcode}:checkin`, kind: 'checkin', itemId: loan.itemBarcode, borrowerLibraryId: null, at: e.at, eventId: e.id });
      }
    } else {
      // An own item come home: the request this receipt advanced is one this library lent.
      const barcode = String(p['itemBarcode']);
      const home = reader.requestsForItem(barcode).some((req) => req.lenderLibraryId === me && req.history.some((h) => h.eventId === e.id));
      if (home) ops.push({ key: `${e.id}:${barcode}:checkin`, kind: 'checkin', itemId: barcode, borrowerLibraryId: null, at: e.at, eventId: e.id });
    }
  }
  return ops;
}

export interface IlsSyncDeps {
  readonly port: IlsPort;
  readonly me: string;
  readonly reader: () => DeskReader;
  readonly events: () => Iterable<EventDoc>;
  /** Subscribes to changes of the desk's view. */
  readonly subscribe: (listener: () => void) => () => void;
  /** Records the refusal as an 'ils.refused' event; resolves false when it could not be stored. */
  readonly recordRefusal: (r: IlsRefusal) => Promise<boolean>;
  readonly onError?: (err: unknown) => void;
}

export class IlsSync {
  private readonly handed = new Set<string>();
  private unsubs: Array<() => void> = [];
  private running: Promise<void> = Promise.resolve();
  private again = false;
  private busy = false;
  /** The connector said something changed (or we have not asked yet): refusals are worth a round trip. */
  private portChanged = true;

  constructor(private readonly deps: IlsSyncDeps) {}

  start(): void {
    this.unsubs.push(this.deps.subscribe(() => this.poke()));
    this.unsubs.push(this.deps.port.onChange(() => {
      this.portChanged = true;
      this.poke();
    }));
    this.poke();
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
  }

  /** Runs a pass now (and one more if something changed meanwhile); resolves when idle. */
  flush(): Promise<void> {
    this.poke();
    return this.running;
  }

  private poke(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } catch (err) {
        this.deps.onError?.(err);
      } finally {
        this.busy = false;
      }
    })();
  }

  private async pass(): Promise<void> {
    // The connector de-duplicates by key; this set only saves it the repeats within one run.
    const fresh = ilsOpsFrom(this.deps.events(), this.deps.reader(), this.deps.me).filter((op) => !this.handed.has(op.key));
    if (fresh.length > 0) {
      await this.deps.port.enqueue(fresh);
      for (const op of fresh) this.handed.add(op.key);
    }
    // A scan changes the view but not the connector: ask for refusals only when the connector spoke.
    if (!this.portChanged) return;
    this.portChanged = false;
    const recorded = new Set<string>();
    for (const e of this.deps.events()) if (e.type === 'ils.refused' && e.status !== 'rejected') recorded.add(String((e.payload as Record<string, unknown>)['opKey']));
    try {
      for (const r of await this.deps.port.refusals()) {
        if (recorded.has(r.key) || (await this.deps.recordRefusal(r))) await this.deps.port.ack(r.key);
        else this.portChanged = true;
      }
    } catch (err) {
      this.portChanged = true;
      throw err;
    }
  }
}
