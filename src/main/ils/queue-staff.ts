// What staff do to an op from the queue screen: acknowledge a refusal, retry,
// or resolve an op whose outcome is unknown after checking the library's system.
import { ACKNOWLEDGED, resolvedByStaff, RETRIED } from './queue-ops';
import type { OpChanges } from './queue-ops';
import type { IlsOp } from './queue-types';

/** What a staff action may touch on the queue. */
export interface StaffHost {
  get(key: string): IlsOp | undefined;
  update(op: IlsOp, changes: OpChanges): Promise<IlsOp>;
  /** Forget failed reconciliations: staff gave the ILS another chance. */
  forgetFailures(key: string): void;
  kick(): void;
  now(): Date;
}

/** The desk recorded a refusal as an exception: refused → reported (kept for dedupe). Other states are returned unchanged; null for an unknown key. */
export async function acknowledge(host: StaffHost, key: string): Promise<IlsOp | null> {
  const op = host.get(key);
  if (op === undefined) return null;
  if (op.state !== 'refused') return op;
  return host.update(op, ACKNOWLEDGED);
}

/**
 * Refused, reported or stuck → queued at its original place in the order, and
 * the worker tries now (a stuck op is checked with Item Information again). A
 * queued op waiting for the backoff is tried now too.
 */
export async function retryOp(host: StaffHost, key: string): Promise<IlsOp | null> {
  const op = host.get(key);
  if (op === undefined) return null;
  if (op.state === 'queued') {
    host.kick();
    return op;
  }
  if (op.state !== 'refused' && op.state !== 'reported' && op.state !== 'stuck') return op;
  host.forgetFailures(key);
  const next = await host.update(op, RETRIED);
  host.kick();
  return next;
}

/**
 * Staff checked the library's system for an op whose outcome is unknown (or
 * that keeps failing): 'done' (it is there) or 'cancelled' (it must not be
 * sent), with their note. For stuck, queued or refused ops; an op in flight
 * is left alone. Ops for the same item waiting behind it go on.
 */
export async function resolveOp(host: StaffHost, key: string, outcome: 'done' | 'cancelled', note: string): Promise<IlsOp | null> {
  const op = host.get(key);
  if (op === undefined) return null;
  if (op.state !== 'stuck' && op.state !== 'queued' && op.state !== 'refused') return op;
  host.forgetFailures(key);
  const next = await host.update(op, resolvedByStaff(outcome, note, host.now().toISOString()));
  host.kick();
  return next;
}
