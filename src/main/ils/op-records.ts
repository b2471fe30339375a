// Checks on what enters the ILS queue: an op the desk hands over (before it
// is queued) and a journal line (on replay, where a torn or foreign line is
// skipped rather than trusted).
import type { IlsArchivedKey, IlsOpState, JournalRecord } from './queue-types';

const STATES: readonly IlsOpState[] = ['queued', 'sending', 'done', 'refused', 'reported', 'stuck', 'cancelled'];
const MAX_KEY = 200;
const MAX_ID = 128;

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isOp(v: Record<string, unknown>): boolean {
  return (
    typeof v.key === 'string' &&
    (v.kind === 'checkout' || v.kind === 'checkin' || v.kind === 'fee') &&
    typeof v.itemId === 'string' &&
    (v.patronId === null || typeof v.patronId === 'string') &&
    typeof v.at === 'string' &&
    typeof v.libraryId === 'string' &&
    typeof v.eventId === 'string' &&
    isStringRecord(v.context) &&
    (v.dueDate === null || typeof v.dueDate === 'string') &&
    typeof v.seq === 'number' &&
    STATES.includes(v.state as IlsOpState) &&
    typeof v.attempts === 'number' &&
    typeof v.outcomeUnknown === 'boolean' &&
    typeof v.reconciled === 'boolean' &&
    typeof v.noBlock === 'boolean' &&
    typeof v.screenMessage === 'string' &&
    (v.reply === null || (typeof v.reply === 'object' && typeof (v.reply as { ok?: unknown }).ok === 'boolean')) &&
    (v.lastError === null || (typeof v.lastError === 'object' && typeof (v.lastError as { code?: unknown }).code === 'string')) &&
    typeof v.createdAt === 'string' &&
    typeof v.updatedAt === 'string'
  );
}

export function isJournalRecord(value: unknown): value is JournalRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.archived === true) return typeof v.key === 'string' && (v.state === 'done' || v.state === 'reported') && typeof v.seq === 'number';
  return isOp(v);
}

export function isArchived(record: JournalRecord): record is IlsArchivedKey {
  return 'archived' in record;
}

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && Number.isFinite(Date.parse(value));
}

/** Text that can travel in a SIP2 field: no '|', CR or LF. */
function sipValue(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max && !/[|\r\n]/.test(value);
}

/** Why an input cannot be queued, or null. Exported for the connector's own checks and tests. */
export function ilsOpInputProblem(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return 'an op must be an object';
  const op = input as Record<string, unknown>;
  // eslint-disable-next-line no-control-regex
  if (typeof op.key !== 'string' || op.key.length === 0 || op.key.length > MAX_KEY || /[\u0000-\u001f]/.test(op.key)) {
    return `key must be 1–${MAX_KEY} characters without control characters`;
  }
  if (op.kind !== 'checkout' && op.kind !== 'checkin' && op.kind !== 'fee') return "kind must be 'checkout', 'checkin' or 'fee'";
  if (!sipValue(op.itemId, MAX_ID)) return `itemId must be 1–${MAX_ID} characters without '|' or line breaks`;
  if (op.kind === 'checkout' && !sipValue(op.patronId, MAX_ID)) return 'a checkout needs a patronId (1–128 characters, no "|" or line breaks)';
  if (op.kind === 'fee') {
    if (!sipValue(op.patronId, MAX_ID)) return 'a fee payment needs a patronId (1–128 characters, no "|" or line breaks)';
    if (typeof op.amount !== 'string' || !/^[0-9]{1,9}(\.[0-9]{1,2})?$/.test(op.amount)) return "a fee payment needs an amount such as '30.00'";
    if (op.currency !== undefined && (typeof op.currency !== 'string' || !/^[A-Z]{3}$/.test(op.currency))) return 'currency must be three capital letters (ISO 4217)';
  }
  if (op.kind === 'checkin' && op.patronId !== undefined && !sipValue(op.patronId, MAX_ID)) return 'patronId must be 1–128 characters without "|" or line breaks';
  if (!isIsoTime(op.at)) return 'at must be an ISO date-time';
  if (typeof op.libraryId !== 'string' || op.libraryId === '' || op.libraryId.length > MAX_ID) return 'libraryId is required';
  if (typeof op.eventId !== 'string' || op.eventId === '' || op.eventId.length > MAX_ID) return 'eventId is required';
  if (op.context !== undefined && !isStringRecord(op.context)) return 'context must map names to strings';
  if (op.dueDate !== undefined && !isIsoTime(op.dueDate)) return 'dueDate must be an ISO date-time';
  return null;
}
