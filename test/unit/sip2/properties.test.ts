// Property tests: every message type round-trips build → parse, and no input
// whatsoever makes the parser throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSip2Message,
  LAYOUTS,
  maskSip2Line,
  parseSip2Message,
  PATRON_STATUS_ORDER,
  SUMMARY_ORDER,
  SUPPORTED_MESSAGES_ORDER,
} from '#shared/sip2';
import type { Sip2Message, Sip2MessageType, Sip2ParseErrorCode } from '#shared/sip2';

const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const ID_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];

/** Field values: any text (Chinese included) except the delimiter and line breaks. */
const value = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[|\r\n]/g, '_'));
const fixedText = (width: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...PRINTABLE_ASCII), minLength: width, maxLength: width });
const flags = (keys: readonly string[]): fc.Arbitrary<Record<string, boolean>> =>
  fc.record(Object.fromEntries(keys.map((key) => [key, fc.boolean()])));

interface LooseSpec {
  kind: string;
  key: string;
  id?: string;
  width?: number;
  required?: boolean;
}

function fixedArbitrary(spec: LooseSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'yn':
    case 'bit':
      return fc.boolean();
    case 'ynu':
      return fc.constantFrom('Y', 'N', 'U');
    case 'date':
      return fixedText(18);
    case 'text':
      return fixedText(spec.width ?? 0);
    case 'int':
      return fc.integer({ min: 0, max: 10 ** (spec.width ?? 0) - 1 });
    case 'patronStatus':
      return flags(PATRON_STATUS_ORDER);
    case 'summary':
      return fc.constantFrom('none', ...SUMMARY_ORDER);
    default:
      throw new Error(`no arbitrary for fixed kind ${spec.kind}`);
  }
}

function fieldArbitrary(spec: LooseSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'text':
      return value;
    case 'yn':
      return fc.boolean();
    case 'int':
      return fc.integer({ min: 0, max: spec.width === undefined ? 999_999 : 10 ** spec.width - 1 });
    case 'list':
      return fc.array(value, { minLength: 1, maxLength: 3 });
    case 'supportedMessages':
      return flags(SUPPORTED_MESSAGES_ORDER);
    default:
      throw new Error(`no arbitrary for field kind ${spec.kind}`);
  }
}

function messageArbitrary(type: Sip2MessageType): fc.Arbitrary<Sip2Message> {
  const layout = LAYOUTS[type] as unknown as { fixed: LooseSpec[]; fields: LooseSpec[] };
  const known = new Set(layout.fields.map((f) => f.id));
  const extraId = fc
    .tuple(fc.constantFrom(...ID_CHARS), fc.constantFrom(...ID_CHARS))
    .map(([a, b]) => a + b)
    // AY and AZ are the error-detection trailer, never a message's own field.
    .filter((id) => !known.has(id) && id !== 'AY' && id !== 'AZ');
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const spec of layout.fixed) {
    parts[spec.key] = fixedArbitrary(spec);
    required.push(spec.key);
  }
  for (const spec of layout.fields) {
    parts[spec.key] = fieldArbitrary(spec);
    if (spec.required) required.push(spec.key);
  }
  parts['extraFields'] = fc.array(fc.record({ id: extraId, value }), { minLength: 1, maxLength: 3 });
  return fc.record(parts, { requiredKeys: required }).map((fields) => ({ ...fields, type }) as unknown as Sip2Message);
}

const TYPES = Object.keys(LAYOUTS) as Sip2MessageType[];
const anyMessage = fc.oneof(...TYPES.map((type) => messageArbitrary(type)));
const framing = fc.record({
  errorDetection: fc.boolean(),
  seq: fc.integer({ min: 0, max: 9 }),
  terminator: fc.constantFrom('\r' as const, '\r\n' as const, '' as const),
});

const ERROR_CODES: readonly Sip2ParseErrorCode[] = [
  'EMPTY',
  'BAD_CHARACTER',
  'BAD_ERROR_DETECTION',
  'BAD_CHECKSUM',
  'UNKNOWN_MESSAGE',
  'TOO_SHORT',
  'BAD_FIXED_FIELD',
  'BAD_FIELD',
  'BAD_DATE',
];

function expectTypedOutcome(input: string | Uint8Array): void {
  const result = parseSip2Message(input);
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    expect(result.error.message.length).toBeGreaterThan(0);
  }
}

describe('SIP2 codec properties', () => {
  it.each(TYPES)('%s round-trips build → parse', (type) => {
    fc.assert(
      fc.property(messageArbitrary(type), framing, (message, options) => {
        const line = buildSip2Message(message, options);
        const result = parseSip2Message(line);
        if (!result.ok) throw new Error(`${JSON.stringify(line)}: ${result.error.message}`);
        expect(result.value.message).toEqual(message);
        const sequenced = type !== 'requestAcsResend' && type !== 'requestScResend';
        expect(result.value.sequence).toBe(options.errorDetection && sequenced ? options.seq : null);
        expect(result.value.checksum !== null).toBe(options.errorDetection);
        // Byte input gives the same result as string input.
        expect(parseSip2Message(new TextEncoder().encode(line))).toEqual(result);
      }),
      { numRuns: 150 },
    );
  });

  it('any garbage string yields a typed result, never an exception', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => expectTypedOutcome(text)), { numRuns: 2000 });
  });

  it('any garbage bytes yield a typed result, never an exception', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => expectTypedOutcome(bytes)), { numRuns: 2000 });
  });

  it('SIP2-shaped garbage (known codes, delimiters, suffixes) yields a typed result', () => {
    const piece = fc.oneof(
      fc.constantFrom(...TYPES.map((type) => LAYOUTS[type].code)),
      fc.constantFrom('|', 'AY', 'AZ', 'AO', 'BX', 'Y', 'N', '0', '1', ' ', '\r', '\n', '王'),
      fc.string({ unit: fc.constantFrom(...PRINTABLE_ASCII), maxLength: 20 }),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => expectTypedOutcome(pieces.join(''))), { numRuns: 2000 });
  });

  it('a changed character in a checksummed line is caught, never accepted silently as the original', () => {
    fc.assert(
      fc.property(anyMessage, fc.integer({ min: 0, max: 9 }), fc.nat(), fc.constantFrom(...PRINTABLE_ASCII), (message, seq, at, replacement) => {
        const line = buildSip2Message(message, { errorDetection: true, seq, terminator: '' });
        const index = at % line.length;
        fc.pre(line[index] !== replacement);
        const mutated = line.slice(0, index) + replacement + line.slice(index + 1);
        const result = parseSip2Message(mutated);
        if (result.ok && mutated.toUpperCase() !== line.toUpperCase()) {
          // Only a change of hex-digit case in the checksum may pass unnoticed; anything else that parses
          // must have destroyed the error-detection suffix and therefore reads as a different message.
          expect(result.value.message).not.toEqual(message);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('masking hides CO, AD and AC values and keeps every other field', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const masked = maskSip2Line(buildSip2Message(message, { terminator: '' }));
        const result = parseSip2Message(masked);
        if (!result.ok) throw new Error(`${masked}: ${result.error.message}`);
        const expected: Record<string, unknown> = { ...message };
        const secret = (id: string | undefined): boolean => id === 'CO' || id === 'AD' || id === 'AC';
        for (const spec of (LAYOUTS[message.type] as unknown as { fields: LooseSpec[] }).fields) {
          if (secret(spec.id) && expected[spec.key] !== undefined) expected[spec.key] = '****';
        }
        // Secrets in unexpected places (an ILS repeating AD, say) are masked too.
        if (message.extraFields) expected['extraFields'] = message.extraFields.map((f) => (secret(f.id) ? { ...f, value: '****' } : f));
        expect(result.value.message).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
