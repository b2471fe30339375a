// Small checks for hand-shaped bodies and query strings, with messages that
// name the field. Collection documents and events use the JSON Schemas instead.
import { ApiError } from './errors';

export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'VALIDATION_FAILED', 'The body must be a JSON object.');
  return body as Record<string, unknown>;
}

export function requireString(o: Record<string, unknown>, field: string, maxLength: number): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim() === '') throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: required text`);
  if (v.length > maxLength) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: at most ${maxLength} characters`);
  return v.trim();
}

export function queryInt(q: unknown, field: string, dflt: number, min: number, max: number): number {
  const raw = (q as Record<string, unknown> | undefined)?.[field];
  if (raw === undefined || raw === '') return dflt;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'VALIDATION_FAILED', `?${field}: must be a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new ApiError(400, 'VALIDATION_FAILED', `?${field}: must be between ${min} and ${max}`);
  return n;
}

/** Refuse fields the endpoint does not know, so a misspelt option is an error rather than silently ignored. */
export function allowOnly(o: Record<string, unknown>, allowed: readonly string[]): Record<string, unknown> {
  const unknown = Object.keys(o).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw new ApiError(400, 'VALIDATION_FAILED', `/${unknown.slice(0, 40)}: unknown field (allowed: ${allowed.join(', ')})`);
  return o;
}
