// Small checks for hand-shaped bodies and query strings, with messages that
// name the field. Collection documents and events use the JSON Schemas instead.
// Every string that comes in this way is also checked for text the database
// cannot store (NUL, lone surrogates): see text-check.ts.
import { ApiError } from '#server/http/errors';
import { describeTextProblem, findTextFault } from '#server/http/text-check';
import { clip, codePointLength, sanitizeText } from '#shared/text/unicode';

/** The body as an object whose every string (and key) the database can store. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'VALIDATION_FAILED', 'The body must be a JSON object.');
  requireStorableText(body);
  return body as Record<string, unknown>;
}

/** 400 VALIDATION_FAILED naming the first field with NUL or a lone surrogate. */
export function requireStorableText(value: unknown, prefix = ''): void {
  const problem = findTextFault(value);
  if (problem) throw new ApiError(400, 'VALIDATION_FAILED', describeTextProblem(problem, prefix));
}

/** The same for a parsed query string, naming the parameter as `?name`. */
export function requireStorableQuery(query: unknown): void {
  if (typeof query !== 'object' || query === null) return;
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    const problem = findTextFault(k) ?? findTextFault(v);
    if (problem) throw new ApiError(400, 'VALIDATION_FAILED', describeTextProblem({ ...problem, path: `?${sanitizeText(k, 40)}${problem.path}` }));
  }
}

export function requireString(o: Record<string, unknown>, field: string, maxLength: number): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim() === '') throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: required text`);
  // Code points, as JSON Schema's maxLength counts them: 𠮷 is one character, not two.
  if (codePointLength(v) > maxLength) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: at most ${maxLength} characters`);
  requireStorableText(v, `/${field}`);
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
  if (unknown !== undefined) throw new ApiError(400, 'VALIDATION_FAILED', `/${clip(unknown, 40)}: unknown field (allowed: ${allowed.join(', ')})`);
  return o;
}
