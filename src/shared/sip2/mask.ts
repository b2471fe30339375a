// Log lines must not carry secrets: the login password (CO), the patron PIN
// (AD) and the terminal password (AC). Masking works on the field structure
// so that fixed fields that happen to contain those letters stay intact.
import { fixedLength, LAYOUT_BY_CODE } from './layouts';

const SECRET_IDS = new Set(['CO', 'AD', 'AC']);
export const MASK = '****';

const ERROR_DETECTION_SUFFIX = /(?:AY[0-9])?(?:AZ[0-9A-Fa-f]{4})?[\r\n]*$/;

/** A copy of a SIP2 line with CO, AD and AC values replaced by ****. The checksum is left as it was (and no longer matches). */
export function maskSip2Line(line: string): string {
  const suffixAt = line.search(ERROR_DETECTION_SUFFIX);
  const body = line.slice(0, suffixAt);
  const suffix = line.slice(suffixAt);
  const layout = LAYOUT_BY_CODE.get(body.slice(0, 2));
  const fieldsAt = layout === undefined ? -1 : 2 + fixedLength(layout);
  if (fieldsAt === -1 || body.length < fieldsAt) {
    // Unknown layout: mask anything that looks like a secret field; over-masking a log line is harmless.
    return body.slice(0, 2) + body.slice(2).replace(/(CO|AD|AC)[^|]*/g, `$1${MASK}`) + suffix;
  }
  const masked = body
    .slice(fieldsAt)
    .split('|')
    .map((segment) => (SECRET_IDS.has(segment.slice(0, 2)) ? segment.slice(0, 2) + MASK : segment))
    .join('|');
  return body.slice(0, fieldsAt) + masked + suffix;
}
