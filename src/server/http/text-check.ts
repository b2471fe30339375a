// Text the database cannot store never gets past the door: PostgreSQL's text
// and jsonb refuse NUL and lone surrogates, and before this check such a
// string reached the database and came back as a 500 or a 503 (which a desk
// retries for ever). One walk over any parsed input (body, params, query),
// naming the first bad field the way the schema errors do ("/payload/note").
import { sanitizeText, textFault, type TextFault } from '#shared/text/unicode';

export interface TextProblem {
  /** JSON-pointer-like path of the field ('' for the value itself). */
  path: string;
  fault: TextFault;
}

const MAX_DEPTH = 64;

/** The first string (value or key) in `value` that cannot be stored, or null. */
export function findTextFault(value: unknown, path = '', depth = 0): TextProblem | null {
  if (typeof value === 'string') {
    const fault = textFault(value);
    return fault ? { path, fault } : null;
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = findTextFault(v, `${path}/${i}`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const where = `${path}/${sanitizeText(k, 40)}`;
    const keyFault = textFault(k);
    if (keyFault) return { path: where, fault: keyFault };
    const p = findTextFault(v, where, depth + 1);
    if (p) return p;
  }
  return null;
}

/** "…: contains NUL (U+0000)" / "…: contains a lone surrogate": what the 400 and the rejection say. */
export function describeTextProblem(p: TextProblem, prefix = ''): string {
  const where = `${prefix}${p.path}` || '(value)';
  return p.fault === 'nul'
    ? `${where}: contains NUL (U+0000), which cannot be stored`
    : `${where}: contains a lone surrogate (half of a UTF-16 pair), which cannot be stored`;
}

/** A copy with every string (and key) made storable: NUL and lone surrogates become U+FFFD. Lengths are kept. */
export function sanitizeDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return sanitizeText(value, Number.MAX_SAFE_INTEGER) as T;
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => sanitizeDeep(v, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [sanitizeText(k, Number.MAX_SAFE_INTEGER), sanitizeDeep(v, depth + 1)])) as T;
}
