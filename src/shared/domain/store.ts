// The reducer reads records through this interface. The desk backs it with its
// replica; the service with the rows it loaded for one push. MemoryStore is
// both the desk's optimistic overlay and the service's per-transaction cache.
import type { LoanRecord, PolicyRecord, RecordCollection, RecordTypes, RequestRecord } from './records';

export interface DomainReader {
  get<C extends RecordCollection>(collection: C, id: string): RecordTypes[C] | undefined;
  /** Requests for an item barcode that are still open (not complete, cancelled, unfilled or lost). */
  openRequestsForItem(barcode: string): readonly RequestRecord[];
  activeLoansOf(patronId: string): readonly LoanRecord[];
  /** Active loans of an item barcode (any library in the reader's scope; callers filter by library). */
  activeLoansForItem(barcode: string): readonly LoanRecord[];
  policies(): readonly PolicyRecord[];
  /**
   * True only where the records are the consortium's own (the service): there,
   * a record that is not found does not exist. A desk's replica may simply not
   * have it yet, so rules that can go on without it (a visitor's card read from
   * its signed QR code) do so only where this is not set.
   */
  readonly authoritative?: boolean;
}

/** A reader that can list a collection (the desk's index and MemoryStore both can). */
export interface ListingReader {
  values<C extends RecordCollection>(collection: C): Iterable<RecordTypes[C]>;
}

export type RecordWrite = { [C in RecordCollection]: { collection: C; doc: RecordTypes[C] } }[RecordCollection];

const CLOSED_BORROWER = new Set(['complete', 'unfilled', 'cancelled', 'lost']);

export function isOpenRequest(r: RequestRecord): boolean {
  return !CLOSED_BORROWER.has(r.borrowerState);
}

/**
 * Records held in memory with the two secondary lookups the rules need.
 * When `complete` is false (the service), every lookup of something not
 * loaded is remembered as a miss, so the caller can load it and run again.
 */
export class MemoryStore implements DomainReader, ListingReader {
  private readonly docs = new Map<string, unknown>();
  private readonly byItem = new Map<string, Set<string>>();
  private readonly loansByPatron = new Map<string, Set<string>>();
  private readonly loansByItem = new Map<string, Set<string>>();
  private readonly loadedKeys = new Set<string>();
  private readonly loadedItems = new Set<string>();
  private readonly loadedPatronLoans = new Set<string>();
  private readonly loadedItemLoans = new Set<string>();
  readonly misses = { keys: new Set<string>(), items: new Set<string>(), patronLoans: new Set<string>(), itemLoans: new Set<string>() };

  /**
   * @param complete false in the service: lookups of what is not loaded are misses.
   * @param authoritative true in the service: see DomainReader.authoritative.
   */
  constructor(private readonly complete = true, readonly authoritative = false) {}

  static key(collection: RecordCollection, id: string): string {
    return `${collection}\u0000${id}`;
  }

  get<C extends RecordCollection>(collection: C, id: string): RecordTypes[C] | undefined {
    const k = MemoryStore.key(collection, id);
    const doc = this.docs.get(k) as RecordTypes[C] | undefined;
    if (doc === undefined && !this.complete && !this.loadedKeys.has(k)) this.misses.keys.add(k);
    return doc;
  }

  openRequestsForItem(barcode: string): readonly RequestRecord[] {
    if (!this.complete && !this.loadedItems.has(barcode)) this.misses.items.add(barcode);
    const ids = this.byItem.get(barcode);
    if (!ids) return [];
    const out: RequestRecord[] = [];
    for (const id of ids) {
      const r = this.docs.get(MemoryStore.key('requests', id)) as RequestRecord | undefined;
      if (r && isOpenRequest(r)) out.push(r);
    }
    return out;
  }

  activeLoansOf(patronId: string): readonly LoanRecord[] {
    if (!this.complete && !this.loadedPatronLoans.has(patronId)) this.misses.patronLoans.add(patronId);
    const ids = this.loansByPatron.get(patronId);
    if (!ids) return [];
    const out: LoanRecord[] = [];
    for (const id of ids) {
      const l = this.docs.get(MemoryStore.key('loans', id)) as LoanRecord | undefined;
      if (l && l.state === 'active') out.push(l);
    }
    return out;
  }

  activeLoansForItem(barcode: string): readonly LoanRecord[] {
    if (!this.complete && !this.loadedItemLoans.has(barcode)) this.misses.itemLoans.add(barcode);
    const ids = this.loansByItem.get(barcode);
    if (!ids) return [];
    const out: LoanRecord[] = [];
    for (const id of ids) {
      const l = this.docs.get(MemoryStore.key('loans', id)) as LoanRecord | undefined;
      if (l && l.state === 'active' && l.itemBarcode === barcode) out.push(l);
    }
    return out;
  }

  policies(): readonly PolicyRecord[] {
    const out: PolicyRecord[] = [];
    for (const [k, v] of this.docs) if (k.startsWith('policies\u0000')) out.push(v as PolicyRecord);
    return out;
  }

  put(write: RecordWrite): void {
    const k = MemoryStore.key(write.collection, write.doc.id);
    this.docs.set(k, write.doc);
    this.loadedKeys.add(k);
    if (write.collection === 'requests') addTo(this.byItem, write.doc.item.barcode, write.doc.id);
    if (write.collection === 'loans') {
      addTo(this.loansByPatron, write.doc.patronId, write.doc.id);
      addTo(this.loansByItem, write.doc.itemBarcode, write.doc.id);
    }
  }

  /** Mark lookups as fully loaded (the service calls this after loading what the misses asked for). */
  markLoaded(keys: Iterable<string>, items: Iterable<string>, patronLoans: Iterable<string>, itemLoans: Iterable<string> = []): void {
    for (const k of keys) this.loadedKeys.add(k);
    for (const b of items) this.loadedItems.add(b);
    for (const p of patronLoans) this.loadedPatronLoans.add(p);
    for (const b of itemLoans) this.loadedItemLoans.add(b);
  }

  hasMisses(): boolean {
    return this.misses.keys.size + this.misses.items.size + this.misses.patronLoans.size + this.misses.itemLoans.size > 0;
  }

  clearMisses(): void {
    this.misses.keys.clear();
    this.misses.items.clear();
    this.misses.patronLoans.clear();
    this.misses.itemLoans.clear();
  }

  values<C extends RecordCollection>(collection: C): Iterable<RecordTypes[C]> {
    return this.all(collection);
  }

  all<C extends RecordCollection>(collection: C): RecordTypes[C][] {
    const out: RecordTypes[C][] = [];
    const prefix = `${collection}\u0000`;
    for (const [k, v] of this.docs) if (k.startsWith(prefix)) out.push(v as RecordTypes[C]);
    return out;
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let s = index.get(key);
  if (!s) index.set(key, (s = new Set()));
  s.add(id);
}
