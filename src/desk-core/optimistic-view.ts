// What the desk shows: the last state the service sent plus the desk's own
// pending events, applied by the same reducer the service runs. A new scan is
// applied on top in place (a few map writes); anything that changes the base
// or an event's status rebuilds the overlay once, batched.
import type { DomainEvent, EventDoc } from '#shared/domain/events';
import { reduce, type ReduceResult } from '#shared/domain/reducer';
import type { RecordCollection, RecordTypes } from '#shared/domain/records';
import { OverlayIndex, RecordIndex, type DeskReader } from './record-index';

export class OptimisticView {
  readonly base = new RecordIndex();
  /** This device's events by id, whatever their status. */
  readonly events = new Map<string, EventDoc>();
  /** Ids of the events still pending: the events map keeps every event ever made, this stays small. */
  private readonly pendingIds = new Set<string>();
  /**
   * Events the service has applied whose effects may not have reached the base
   * yet (collections replicate independently). They stay in the overlay until
   * the desk is in sync again; re-applying them is harmless because the
   * rules refuse a step that already happened.
   */
  private readonly settling = new Set<string>();
  private overlay = new OverlayIndex(this.base);
  private listeners = new Set<() => void>();
  private rebuildQueued = false;
  private notifyQueued = false;
  version = 0;

  get reader(): DeskReader {
    return this.overlay;
  }

  /** Pending events of this device, oldest first by hybrid logical clock. */
  pending(): EventDoc[] {
    return this.docsOf(this.pendingIds).sort(byHlc);
  }

  get pendingCount(): number {
    return this.pendingIds.size;
  }

  private docsOf(ids: Iterable<string>): EventDoc[] {
    const out: EventDoc[] = [];
    for (const id of ids) {
      const e = this.events.get(id);
      if (e) out.push(e);
    }
    return out;
  }

  private remember(doc: EventDoc): void {
    this.events.set(doc.id, doc);
    if (doc.status === 'pending') this.pendingIds.add(doc.id);
    else this.pendingIds.delete(doc.id);
  }

  /** Try an event on the current view. Nothing changes when the rules refuse it. */
  tryApply(event: DomainEvent): ReduceResult {
    return reduce(this.overlay, event);
  }

  /** Record a new local event whose result tryApply just returned as ok. */
  commitLocal(event: EventDoc, result: ReduceResult): void {
    this.remember(event);
    if (result.ok) for (const w of result.writes) this.overlay.put(w);
    this.changed();
  }

  /** Drop local events that could not be stored (the view is rebuilt without them). */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      this.events.delete(id);
      this.pendingIds.delete(id);
    }
    this.rebuild();
  }

  putBase<C extends RecordCollection>(collection: C, doc: RecordTypes[C], deleted: boolean): void {
    if (deleted) this.base.remove(collection, doc.id);
    else this.base.put({ collection, doc } as never);
    this.scheduleRebuild();
  }

  putEvent(doc: EventDoc): void {
    const known = this.events.get(doc.id);
    if (known && known.status === doc.status) return; // our own insert coming back: already applied
    if (doc.status === 'applied' && known?.status === 'pending') this.settling.add(doc.id);
    this.remember(doc);
    this.scheduleRebuild();
  }

  /** Forget everything (repair empties the replica). */
  clearEvents(): void {
    this.events.clear();
    this.pendingIds.clear();
    this.settling.clear();
  }

  /** Called when every collection has caught up with the service: applied events are now in the base. */
  settle(): void {
    if (this.settling.size === 0) return;
    this.settling.clear();
    this.scheduleRebuild();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rebuild now (tests and benchmarks call this to avoid waiting a microtask). */
  rebuild(): void {
    this.rebuildQueued = false;
    const overlay = new OverlayIndex(this.base);
    const replay = this.docsOf(new Set([...this.pendingIds, ...this.settling])).sort(byHlc);
    for (const e of replay) {
      const result = reduce(overlay, e as DomainEvent);
      if (result.ok) for (const w of result.writes) overlay.put(w);
    }
    this.overlay = overlay;
    this.changed();
  }

  private scheduleRebuild(): void {
    if (this.rebuildQueued) return;
    this.rebuildQueued = true;
    queueMicrotask(() => {
      if (this.rebuildQueued) this.rebuild();
    });
  }

  private changed(): void {
    this.version++;
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const l of this.listeners) l();
    });
  }
}

function byHlc(a: EventDoc, b: EventDoc): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0;
}
