// Text that every store can keep. PostgreSQL's text and jsonb refuse NUL
// (U+0000) and lone surrogates (half of a UTF-16 pair), so such a string is
// refused where it enters (the schema), and every cut the code makes itself
// counts code points, never UTF-16 units: `s.slice(0, n)` can split 𠮷
// (U+20BB7) into a lone surrogate, which would then poison a push.
//
// JSON Schema's maxLength counts code points too (ajv's default), so a text
// clipped here to N always passes a `maxLength: N` check.

/** Why a string cannot be stored, or null when it can. */
export type TextFault = 'nul' | 'lone-surrogate';

export function textFault(s: string): TextFault | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'nul';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'lone-surrogate';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'lone-surrogate';
  }
  return null;
}

export function isStorableText(s: string): boolean {
  return textFault(s) === null;
}

/** Number of code points (what JSON Schema's maxLength counts). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The first `max` code points of `s`: never splits a surrogate pair. */
export function clip(s: string, max: number): string {
  if (max <= 0) return '';
  if (s.length <= max) return s;
  let units = 0;
  let points = 0;
  while (units < s.length && points < max) {
    const c = s.charCodeAt(units);
    const next = s.charCodeAt(units + 1);
    units += c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    points++;
  }
  return s.slice(0, units);
}

/**
 * Text from outside (a library system's screen message, a scanner, a file)
 * made storable: NUL and lone surrogates become U+FFFD, then clipped.
 * For input a person typed, refuse instead (textFault) so they can fix it.
 */
export function sanitizeText(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/\u0000/g, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return clip(clean, max);
}
