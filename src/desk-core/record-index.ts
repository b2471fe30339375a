// The records a desk holds, indexed the way the rules and the screens look
// them up. RecordIndex is what the service last said (the replica);
// OverlayIndex layers the desk's own not-yet-confirmed changes over it
// without copying the base, so applying one scan costs a few map writes even
// with 50,000 records underneath.
import type { DomainReader, RecordWrite } from '#shared/domain/store';
import { isOpenRequest } from '#shared/domain/store';
import type { LoanRecord, PolicyRecord, RecordCollection, RecordTypes, RequestRecord } from '#shared/domain/records';

type Docs = { [C in RecordCollection]: Map<string, RecordTypes[C]> };

function emptyDocs(): Docs {
  return {
    libraries: new Map(), policies: new Map(), patrons: new Map(), requests: new Map(), parcels: new Map(),
    holds: new Map(), loans: new Map(), fines: new Map(), exceptions: new Map(), cards: new Map(), cardKeys: new Map(),
    fairs: new Map(), fairItems: new Map(), fairReservations: new Map(),
  };
}

/** A reader that can also list, which is what the desk's screens need. */
export interface DeskReader extends DomainReader {
  values<C extends RecordCollection>(collection: C): Iterable<RecordTypes[C]>;
  patronByCard(card: string): RecordTypes['patrons'] | undefined;
  /** Every request (open or not) for an item barcode. */
  requestsForItem(barcode: string): readonly RequestRecord[];
  loansForItem(barcode: string): readonly LoanRecord[];
}

export class RecordIndex implements DeskReader {
  private docs = emptyDocs();
  private byItem = new Map<string, Set<string>>();
  private loansByPatron = new Map<string, Set<string>>();
  private loansByItem = new Map<string, Set<string>>();
  private patronsByCard = new Map<string, string>();

  get size(): number {
    let n = 0;
    for (const m of Object.values(this.docs)) n += m.size;
    return n;
  }

  get<C extends RecordCollection>(collection: C, id: string): RecordTypes[C] | undefined {
    return (this.docs[collection] as Map<string, RecordTypes[C]>).get(id);
  }

  has(collection: RecordCollection, id: string): boolean {
    return this.docs[collection].has(id);
  }

  values<C extends RecordCollection>(collection: C): Iterable<RecordTypes[C]> {
    return (this.docs[collection] as Map<string, RecordTypes[C]>).values();
  }

  put(write: RecordWrite): void {
    const { collection, doc } = write;
    const map = this.docs[collection] as Map<string, typeof doc>;
    const previous = map.get(doc.id);
    map.set(doc.id, doc);
    if (collection === 'requests') {
      const prev = previous as RequestRecord | undefined;
      if (prev && prev.item.barcode !== doc.item.barcode) this.byItem.get(prev.item.barcode)?.delete(doc.id);
      addTo(this.byItem, doc.item.barcode, doc.id);
    } else if (collection === 'loans') {
      addTo(this.loansByPatron, doc.patronId, doc.id);
      addTo(this.loansByItem, doc.itemBarcode, doc.id);
    } else if (collection === 'patrons') {
      const prev = previous as RecordTypes['patrons'] | undefined;
      for (const c of prev?.cardNumbers ?? []) if (this.patronsByCard.get(c) === doc.id) this.patronsByCard.delete(c);
      for (const c of doc.cardNumbers) this.patronsByCard.set(c, doc.id);
    }
  }

  remove(collection: RecordCollection, id: string): void {
    const doc = this.docs[collection].get(id);
    if (!doc) return;
    this.docs[collection].delete(id);
    if (collection === 'requests') this.byItem.get((doc as RequestRecord).item.barcode)?.delete(id);
    if (collection === 'loans') {
      this.loansByPatron.get((doc as LoanRecord).patronId)?.delete(id);
      this.loansByItem.get((doc as LoanRecord).itemBarcode)?.delete(id);
    }
    if (collection === 'patrons') for (const c of (doc as RecordTypes['patrons']).cardNumbers) this.patronsByCard.delete(c);
  }

  clear(): void {
    this.docs = emptyDocs();
    this.byItem.clear();
    this.loansByPatron.clear();
    this.loansByItem.clear();
    this.patronsByCard.clear();
  }

  requestIdsForItem(barcode: string): ReadonlySet<string> {
    return this.byItem.get(barcode) ?? EMPTY;
  }

  loanIdsOf(patronId: string): ReadonlySet<string> {
    return this.loansByPatron.get(patronId) ?? EMPTY;
  }

  loanIdsForItem(barcode: string): ReadonlySet<string> {
    return this.loansByItem.get(barcode) ?? EMPTY;
  }

  patronIdForCard(card: string): string | undefined {
    return this.patronsByCard.get(card);
  }

  requestsForItem(barcode: string): readonly RequestRecord[] {
    return pick(this.requestIdsForItem(barcode), (id) => this.get('requests', id));
  }

  openRequestsForItem(barcode: string): readonly RequestRecord[] {
    return this.requestsForItem(barcode).filter(isOpenRequest);
  }

  loansForItem(barcode: string): readonly LoanRecord[] {
    return pick(this.loanIdsForItem(barcode), (id) => this.get('loans', id));
  }

  activeLoansForItem(barcode: string): readonly LoanRecord[] {
    return this.loansForItem(barcode).filter((l) => l.state === 'active');
  }

  activeLoansOf(patronId: string): readonly LoanRecord[] {
    return pick(this.loanIdsOf(patronId), (id) => this.get('loans', id)).filter((l) => l.state === 'active');
  }

  patronByCard(card: string): RecordTypes['patrons'] | undefined {
    const id = this.patronIdForCard(card);
    return id === undefined ? undefined : this.get('patrons', id);
  }

  policies(): readonly PolicyRecord[] {
    return [...this.docs.policies.values()];
  }
}

/** The base records with the desk's pending changes on top. */
export class OverlayIndex implements DeskReader {
  readonly changes = new RecordIndex();

  constructor(readonly base: RecordIndex) {}

  get<C extends RecordCollection>(collection: C, id: string): RecordTypes[C] | undefined {
    return this.changes.get(collection, id) ?? this.base.get(collection, id);
  }

  put(write: RecordWrite): void {
    this.changes.put(write);
  }

  *values<C extends RecordCollection>(collection: C): Iterable<RecordTypes[C]> {
    for (const doc of this.base.values(collection)) yield this.changes.get(collection, doc.id) ?? doc;
    for (const doc of this.changes.values(collection)) if (!this.base.has(collection, doc.id)) yield doc;
  }

  requestsForItem(barcode: string): readonly RequestRecord[] {
    const ids = union(this.base.requestIdsForItem(barcode), this.changes.requestIdsForItem(barcode));
    // A changed request may have moved to another barcode; the current version decides.
    return pick(ids, (id) => this.get('requests', id)).filter((r) => r.item.barcode === barcode);
  }

  openRequestsForItem(barcode: string): readonly RequestRecord[] {
    return this.requestsForItem(barcode).filter(isOpenRequest);
  }

  loansForItem(barcode: string): readonly LoanRecord[] {
    const ids = union(this.base.loanIdsForItem(barcode), this.changes.loanIdsForItem(barcode));
    return pick(ids, (id) => this.get('loans', id));
  }

  activeLoansForItem(barcode: string): readonly LoanRecord[] {
    // The overlay's version of each loan wins: a loan ended optimistically is no longer active.
    return this.loansForItem(barcode).filter((l) => l.state === 'active' && l.itemBarcode === barcode);
  }

  activeLoansOf(patronId: string): readonly LoanRecord[] {
    const ids = union(this.base.loanIdsOf(patronId), this.changes.loanIdsOf(patronId));
    return pick(ids, (id) => this.get('loans', id)).filter((l) => l.state === 'active' && l.patronId === patronId);
  }

  patronByCard(card: string): RecordTypes['patrons'] | undefined {
    const id = this.changes.patronIdForCard(card) ?? this.base.patronIdForCard(card);
    return id === undefined ? undefined : this.get('patrons', id);
  }

  policies(): readonly PolicyRecord[] {
    return [...this.values('policies')];
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let s = index.get(key);
  if (!s) index.set(key, (s = new Set()));
  s.add(id);
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Iterable<string> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}

function pick<T>(ids: Iterable<string>, get: (id: string) => T | undefined): T[] {
  const out: T[] = [];
  for (const id of ids) {
    const doc = get(id);
    if (doc !== undefined) out.push(doc);
  }
  return out;
}
