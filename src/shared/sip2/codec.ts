// Typed SIP2 messages ⇄ wire lines, driven by the layouts table.
import { decodeFrame, encodeFrame } from './frame';
import type { Sip2ChecksumStyle, Sip2DecodeOptions, Sip2FrameOptions } from './frame';
import { fieldProblem, FIELD_DELIMITER, splitFields } from './fields';
import {
  fixedLength,
  fixedWidth,
  LAYOUT_BY_CODE,
  looseLayout,
  PATRON_STATUS_ORDER,
  PATRON_STATUS_WIDTH,
  SUMMARY_ORDER,
  SUMMARY_WIDTH,
  SUPPORTED_MESSAGES_ORDER,
  SUPPORTED_MESSAGES_WIDTH,
} from './layouts';
import type { LooseFieldSpec, LooseFixedSpec, LooseLayout } from './layouts';
import type { PatronStatusFlags, PatronSummary, SipField, Sip2Message, SupportedMessages } from './messages';
import { fail, ok } from './result';
import type { Sip2ParseResult } from './result';

export type Sip2BuildOptions = Sip2FrameOptions & {
  /** Default '|'; SIPServer lets it be configured per account. */
  fieldDelimiter?: string;
};

export type Sip2ParseOptions = Sip2DecodeOptions & {
  /** Default '|'. */
  fieldDelimiter?: string;
};

export interface ParsedSip2Message {
  message: Sip2Message;
  /** AY sequence number, or null when the line carried none. */
  sequence: number | null;
  /** Verified AZ checksum, or null when the line carried none. */
  checksum: string | null;
  /** Which sum the checksum matched (see Sip2ChecksumMode); null when none. */
  checksumStyle?: Sip2ChecksumStyle | null;
}

/** Thrown by buildSip2Message for a message that cannot be written (a programming error, not wire data). */
export class Sip2BuildError extends Error {
  override readonly name = 'Sip2BuildError';
}

type Loose = Record<string, unknown>;

// ---------------------------------------------------------------- building

function flagString(order: readonly string[], value: unknown, width: number): string {
  const flags = (value ?? {}) as Record<string, unknown>;
  return order.map((key) => (flags[key] === true ? 'Y' : ' ')).join('').padEnd(width, ' ');
}

function encodeFixed(layout: LooseLayout, spec: LooseFixedSpec, value: unknown): string {
  const where = `${layout.code} ${layout.name}: ${spec.label}`;
  const width = fixedWidth(spec);
  switch (spec.kind) {
    case 'yn':
    case 'bit':
      if (typeof value !== 'boolean') throw new Sip2BuildError(`${where} must be a boolean`);
      return spec.kind === 'yn' ? (value ? 'Y' : 'N') : value ? '1' : '0';
    case 'ynu':
      if (value !== 'Y' && value !== 'N' && value !== 'U') throw new Sip2BuildError(`${where} must be 'Y', 'N' or 'U'`);
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= 10 ** width) {
        throw new Sip2BuildError(`${where} must be an integer 0–${10 ** width - 1}, got ${String(value)}`);
      }
      return String(value).padStart(width, '0');
    case 'date':
    case 'text':
      if (typeof value !== 'string' || value.length !== width || !/^[\x20-\x7e]*$/.test(value)) {
        throw new Sip2BuildError(`${where} must be ${width} printable ASCII characters, got ${JSON.stringify(value)}`);
      }
      return value;
    case 'patronStatus':
      return flagString(PATRON_STATUS_ORDER, value, PATRON_STATUS_WIDTH);
    case 'summary': {
      const index = SUMMARY_ORDER.indexOf(value as Exclude<PatronSummary, 'none'>);
      if (value !== 'none' && index === -1) throw new Sip2BuildError(`${where} is not a known summary, got ${String(value)}`);
      return Array.from({ length: SUMMARY_WIDTH }, (_, i) => (i === index ? 'Y' : ' ')).join('');
    }
  }
}

function encodeField(layout: LooseLayout, spec: LooseFieldSpec, value: unknown): string[] {
  const where = `${layout.code} ${layout.name}: ${spec.id} (${spec.label})`;
  if (value === undefined) {
    if (spec.required) throw new Sip2BuildError(`${where} is required`);
    return [];
  }
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') throw new Sip2BuildError(`${where} must be a string`);
      return [value];
    case 'yn':
      if (typeof value !== 'boolean') throw new Sip2BuildError(`${where} must be a boolean`);
      return [value ? 'Y' : 'N'];
    case 'int': {
      const max = spec.width === undefined ? Number.MAX_SAFE_INTEGER : 10 ** spec.width - 1;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
        throw new Sip2BuildError(`${where} must be an integer 0–${max}, got ${String(value)}`);
      }
      return [spec.width === undefined ? String(value) : String(value).padStart(spec.width, '0')];
    }
    case 'list':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Sip2BuildError(`${where} must be a string array`);
      return value as string[];
    case 'supportedMessages':
      return [flagString(SUPPORTED_MESSAGES_ORDER, value, SUPPORTED_MESSAGES_WIDTH).replace(/ /g, 'N')];
  }
}

function writeField(id: string, value: string, delimiter: string): string {
  const problem = fieldProblem(id, value, delimiter);
  if (problem !== null) throw new Sip2BuildError(problem);
  return id + value + delimiter;
}

/**
 * Writes a message as one wire line (terminated with CR unless told
 * otherwise). Fixed number fields named in blankFields are written blank. Throws Sip2BuildError when a value cannot be represented, e.g.
 * a '|' inside a field or a fixed field of the wrong width.
 */
export function buildSip2Message(message: Sip2Message, options: Sip2BuildOptions = {}): string {
  const layout = looseLayout(message.type);
  const record = message as unknown as Loose;
  const delimiter = options.fieldDelimiter ?? FIELD_DELIMITER;
  let text = layout.code;
  const blank = new Set(message.blankFields ?? []);
  for (const spec of layout.fixed) {
    // A count the sender does not keep goes out as blanks, as the parser reads it back.
    text += spec.kind === 'int' && blank.has(spec.key) ? ' '.repeat(fixedWidth(spec)) : encodeFixed(layout, spec, record[spec.key]);
  }
  for (const spec of layout.fields) {
    for (const value of encodeField(layout, spec, record[spec.key])) text += writeField(spec.id, value, delimiter);
  }
  for (const field of message.extraFields ?? []) text += writeField(field.id, field.value, delimiter);
  return encodeFrame(text, { ...options, withSequence: layout.sequenced });
}

// ----------------------------------------------------------------- parsing

function parseFlags<K extends string>(order: readonly K[], text: string): Record<K, boolean> {
  const flags = {} as Record<K, boolean>;
  order.forEach((key, i) => {
    // Servers write 'N' or ' ' for "no"; only 'Y' means yes.
    flags[key] = text[i] === 'Y';
  });
  return flags;
}

// Fixed fields are read as real servers write them, not only as the standard
// spells them: lower case, '1'/'0' where Y/N is specified and the reverse,
// a blank for "no" or "unknown", blank or space-padded counts. Only a value
// that means nothing at all (a letter in a count) refuses the reply.
const YES = new Set(['Y', 'y', '1']);
const NO = new Set(['N', 'n', '0', ' ']);

function decodeFixed(layout: LooseLayout, spec: LooseFixedSpec, raw: string, offset: number, blank: string[]): Sip2ParseResult<unknown> {
  const where = `${layout.code} ${layout.name}: ${spec.label}`;
  switch (spec.kind) {
    case 'yn':
    case 'bit':
      if (YES.has(raw)) return ok(true);
      if (NO.has(raw)) return ok(false);
      return fail('BAD_FIXED_FIELD', `${where} must be ${spec.kind === 'yn' ? 'Y or N' : '0 or 1'}, got '${raw}'`, offset);
    case 'ynu': {
      const upper = raw.toUpperCase();
      if (upper === 'Y' || upper === 'N' || upper === 'U') return ok(upper);
      return raw === ' ' ? ok('U') : fail('BAD_FIXED_FIELD', `${where} must be Y, N or U, got '${raw}'`, offset);
    }
    case 'int':
      if (raw.trim() === '') {
        blank.push(spec.key);
        return ok(0);
      }
      return /^ *[0-9]+ *$/.test(raw) ? ok(Number(raw.trim())) : fail('BAD_FIXED_FIELD', `${where} must be ${raw.length} digits, got '${raw}'`, offset);
    case 'date':
    case 'text':
      return ok(raw);
    case 'patronStatus':
      return ok(parseFlags(PATRON_STATUS_ORDER, raw) satisfies PatronStatusFlags);
    case 'summary': {
      const index = raw.indexOf('Y');
      return ok<PatronSummary>(index === -1 ? 'none' : (SUMMARY_ORDER[index] ?? 'none'));
    }
  }
}

function decodeField(layout: LooseLayout, spec: LooseFieldSpec, value: string, offset: number): Sip2ParseResult<unknown> {
  const where = `${layout.code} ${layout.name}: ${spec.id} (${spec.label})`;
  switch (spec.kind) {
    case 'text':
    case 'list':
      return ok(value);
    case 'yn':
      // An empty optional field says nothing: left unset, never a reason to refuse the reply.
      if (value.trim() === '') return ok(undefined);
      if (YES.has(value)) return ok(true);
      if (NO.has(value)) return ok(false);
      return fail('BAD_FIELD', `${where} must be Y or N, got '${value}'`, offset);
    case 'int':
      if (value.trim() === '') return ok(undefined);
      return /^ *[0-9]{1,15} *$/.test(value) ? ok(Number(value.trim())) : fail('BAD_FIELD', `${where} must be digits, got '${value}'`, offset);
    case 'supportedMessages':
      return ok(parseFlags(SUPPORTED_MESSAGES_ORDER, value) satisfies SupportedMessages);
  }
}

/**
 * Parses one line (string, or the raw bytes as received: then the checksum is
 * verified over exactly those bytes). Never throws: malformed input, an
 * unknown message code or a wrong checksum come back as `{ ok: false }`.
 */
export function parseSip2Message(input: string | Uint8Array, options: Sip2ParseOptions = {}): Sip2ParseResult<ParsedSip2Message> {
  const frame = decodeFrame(input, options);
  if (!frame.ok) return frame;
  const { text, sequence, checksum, checksumStyle } = frame.value;
  if (text.length < 2) return fail('TOO_SHORT', `message '${text}' is shorter than its 2-character code`, 0);
  const code = text.slice(0, 2);
  const layout = LAYOUT_BY_CODE.get(code);
  if (layout === undefined) return fail('UNKNOWN_MESSAGE', `unsupported SIP2 message code '${code}'`, 0);
  const needed = 2 + fixedLength(layout);
  if (text.length < needed) {
    return fail('TOO_SHORT', `${code} ${layout.name} needs ${needed} characters before its variable fields, got ${text.length}`, text.length);
  }

  const record: Loose = { type: layout.type };
  const blank: string[] = [];
  let pos = 2;
  for (const spec of layout.fixed) {
    const width = fixedWidth(spec);
    const decoded = decodeFixed(layout, spec, text.slice(pos, pos + width), pos, blank);
    if (!decoded.ok) return decoded;
    record[spec.key] = decoded.value;
    pos += width;
  }

  const fields = splitFields(text, pos, options.fieldDelimiter ?? FIELD_DELIMITER);
  if (!fields.ok) return fields;
  const specById = new Map(layout.fields.map((spec) => [spec.id, spec]));
  const extraFields: SipField[] = [];
  let offset = pos;
  for (const field of fields.value) {
    const spec = specById.get(field.id);
    if (spec === undefined || (spec.kind !== 'list' && record[spec.key] !== undefined)) {
      // Unknown ids and repeats of single-valued fields are kept verbatim.
      extraFields.push(field);
    } else {
      const decoded = decodeField(layout, spec, field.value, offset + 2);
      if (!decoded.ok) return decoded;
      if (decoded.value === undefined) {
        offset += field.id.length + field.value.length + 1;
        continue;
      }
      if (spec.kind === 'list') ((record[spec.key] ??= []) as unknown[]).push(decoded.value);
      else record[spec.key] = decoded.value;
    }
    offset += field.id.length + field.value.length + 1;
  }
  for (const spec of layout.fields) {
    // Servers omit "required" fields often enough (empty AO, no AJ) that rejecting the reply would help nobody.
    if (spec.required && record[spec.key] === undefined) record[spec.key] = '';
  }
  if (extraFields.length > 0) record['extraFields'] = extraFields;
  if (blank.length > 0) record['blankFields'] = blank;
  return ok({ message: record as unknown as Sip2Message, sequence, checksum, checksumStyle: checksumStyle ?? null });
}
