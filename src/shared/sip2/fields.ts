// The variable part of a message: `XXvalue|XXvalue|…`. The standard requires
// each field to end with '|'; the last one is accepted without it because
// some servers drop the final delimiter before the error-detection suffix.
// The delimiter is '|' by the standard, but SIPServer (Koha, Evergreen) lets
// it be configured per account (field_delimiter), so it is a parameter. An
// empty segment ('||', seen after optional fields a server leaves blank)
// carries no field and is skipped rather than failing the whole reply.
import { fail, ok } from './result';
import type { Sip2ParseResult } from './result';
import type { SipField } from './messages';

export const FIELD_DELIMITER = '|';

export function splitFields(text: string, start: number, delimiter: string = FIELD_DELIMITER): Sip2ParseResult<SipField[]> {
  const fields: SipField[] = [];
  let pos = start;
  while (pos < text.length) {
    const bar = text.indexOf(delimiter, pos);
    const end = bar === -1 ? text.length : bar;
    const segment = text.slice(pos, end);
    if (segment.length === 0) {
      pos = end + 1;
      continue;
    }
    if (segment.length < 2) {
      return fail('BAD_FIELD', `field '${segment}' at character ${pos} is shorter than its 2-character id`, pos);
    }
    fields.push({ id: segment.slice(0, 2), value: segment.slice(2) });
    pos = end + 1;
  }
  return ok(fields);
}

/** Why a field id or value cannot be written, or null when it can. */
export function fieldProblem(id: string, value: string, delimiter: string = FIELD_DELIMITER): string | null {
  if (id.length !== 2) return `field id '${id}' must be exactly 2 characters`;
  if (/[|\r\n]/.test(id) || id.includes(delimiter)) return `field id '${id}' contains '${delimiter}', CR or LF`;
  if (/[\r\n]/.test(value) || value.includes(FIELD_DELIMITER) || value.includes(delimiter)) {
    return `field ${id} value contains '${delimiter}', CR or LF, which would end the field or the message`;
  }
  return null;
}

/** A field delimiter a connection may be configured with: one printable ASCII character that is not a letter or digit. */
export function isFieldDelimiter(value: string): boolean {
  return /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(value);
}
