// Refusals of a pushed event that the rules (the shared reducer) cannot make,
// because they depend on the service itself: text its database cannot store,
// and an event time that is not believable by the service's clock. Each is a
// per-event rejection, stored with an exception like any rule's refusal: a
// 400 for the whole push would leave the desk resending the same batch for
// ever, its other events stuck behind the bad one.
import { clip } from '#shared/text/unicode';
import type { EventDoc } from '#shared/domain/events';
import { describeTextProblem, findTextFault } from '#server/http/text-check';

export interface Refusal {
  reason: string;
  params: Record<string, string | number>;
}

/** A desk's clock may run ahead a little; beyond this an event is dated in the future. */
export const MAX_FUTURE_MS = 10 * 60_000;
/**
 * The offline window: a desk may record for this long without reaching the
 * service and still have its events applied. A week's outage at a branch is
 * expected; a desk switched off over a holiday break (Lunar New Year, the
 * summer) and switched on again must still sync; 60 days covers both with
 * margin. Older events are rejected (INVALID_EVENT_TIME).
 */
export const OFFLINE_WINDOW_MS = 60 * 86_400_000;

export interface TimeBounds {
  futureMs: number;
  pastMs: number;
}

export const DEFAULT_TIME_BOUNDS: TimeBounds = { futureMs: MAX_FUTURE_MS, pastMs: OFFLINE_WINDOW_MS };

/** Text the database cannot store, anywhere in the event: UNPROCESSABLE_EVENT naming the field. */
export function textRefusal(e: EventDoc): Refusal | null {
  const problem = findTextFault(e);
  return problem ? { reason: 'UNPROCESSABLE_EVENT', params: { detail: clip(describeTextProblem(problem), 200) } } : null;
}

/** An event dated too far ahead of the service's clock, or older than the offline window: INVALID_EVENT_TIME. */
export function timeRefusal(e: EventDoc, nowMs: number, bounds: TimeBounds = DEFAULT_TIME_BOUNDS): Refusal | null {
  const at = Date.parse(e.at);
  if (Number.isNaN(at) || at > nowMs + bounds.futureMs || at < nowMs - bounds.pastMs) return { reason: 'INVALID_EVENT_TIME', params: { at: clip(e.at, 40) } };
  return null;
}
