// Exchange ids: a prefix (xl listing, xr reservation, xp photo, xt thread,
// xm message) and a monotonic ULID, so rows made at the same clock time (the
// test clock stands still) still sort in the order they were made.
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

export type IdKind = 'xl' | 'xr' | 'xp' | 'xt' | 'xm';
export const newId = (kind: IdKind, now: Date): string => `${kind}_${next(now.getTime())}`;
