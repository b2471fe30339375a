// Which ops the queue shows and which it sends next: listing in seq order, and
// the oldest queued op whose item has no stuck op before it.
import type { IlsListOptions, IlsOp } from './queue-types';

/** Ops in seq order (oldest first unless `order` is 'newest'), filtered by state and limited. */
export function listOps(all: Iterable<IlsOp>, options: IlsListOptions): IlsOp[] {
  let ops = [...all].sort((a, b) => a.seq - b.seq);
  if (options.states !== undefined) {
    const wanted = new Set(options.states);
    ops = ops.filter((op) => wanted.has(op.state));
  }
  if (options.order === 'newest') ops.reverse();
  if (options.limit !== undefined) ops = ops.slice(0, Math.max(0, options.limit));
  return ops;
}

/** The oldest queued op whose item has no stuck op before it (an item's ops never overtake each other). */
export function nextQueuedOp(all: Map<string, IlsOp>): IlsOp | undefined {
  const stuckFrom = new Map<string, number>();
  for (const op of all.values()) {
    if (op.state === 'stuck' && op.kind !== 'fee') stuckFrom.set(op.itemId, Math.min(op.seq, stuckFrom.get(op.itemId) ?? Infinity));
  }
  let best: IlsOp | undefined;
  for (const op of all.values()) {
    if (op.state !== 'queued' || (best !== undefined && op.seq >= best.seq)) continue;
    if (op.kind !== 'fee' && (stuckFrom.get(op.itemId) ?? Infinity) < op.seq) continue;
    best = op;
  }
  return best;
}
