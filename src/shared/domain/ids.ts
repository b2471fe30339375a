// Client-generated, lexicographically sortable ids (ULID): a desk can create
// records and events offline, and sorting by id follows creation time.
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

export function newId(now: number = Date.now()): string {
  return next(now);
}

export const ULID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';

export function isUlid(value: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(value);
}
