// The variable part of a message: `XXvalue|XXvalue|…`. The standard requires
// each field to end with '|'; the last one is accepted without it because
// some servers drop the final delimiter before the error-detection suffix.
import { fail, ok } from './result';
import type { Sip2ParseResult } from './result';
import type { SipField } from './messages';

export const FIELD_DELIMITER = '|';

export function splitFields(text: string, start: number): Sip2ParseResult<SipField[]> {
  const fields: SipField[] = [];
  let pos = start;
  while (pos < text.length) {
    const bar = text.indexOf(FIELD_DELIMITER, pos);
    const end = bar === -1 ? text.length : bar;
    const segment = text.slice(pos, end);
    if (segment.length < 2) {
      return fail(
        'BAD_FIELD',
        segment.length === 0
          ? `empty field at character ${pos}: '||' or a stray delimiter`
          : `field '${segment}' at character ${pos} is shorter than its 2-character id`,
        pos,
      );
    }
    fields.push({ id: segment.slice(0, 2), value: segment.slice(2) });
    pos = end + 1;
  }
  return ok(fields);
}

/** Why a field id or value cannot be written, or null when it can. */
export function fieldProblem(id: string, value: string): string | null {
  if (id.length !== 2) return `field id '${id}' must be exactly 2 characters`;
  if (/[|\r\n]/.test(id)) return `field id '${id}' contains '|', CR or LF`;
  if (/[|\r\n]/.test(value)) return `field ${id} value contains '|', CR or LF, which would end the field or the message`;
  return null;
}
