// ISO 2709 (MARC 21 exchange format) files: split into records at the record
// terminator, check each record's frame, pick its character decoding, and let
// marcjs parse it. marcjs decodes every field as UTF-8, so the decoding is
// handed to it as a view whose toString(encoding, start, end) decodes the
// record's byte range in the encoding we chose: the directory's offsets stay
// byte offsets, as ISO 2709 defines them, whatever the encoding.
import iconv from 'iconv-lite';
import { Iso2709Parser, type Record as MarcRecord } from 'marcjs';
import type { FileEncoding } from '#shared/catalogue/sources';

const RECORD_TERMINATOR = 0x1d;
const FIELD_TERMINATOR = 0x1e;

export type MarcReadResult = { ok: true; record: MarcRecord } | { ok: false; code: string; message: string };

export interface RawRecord {
  /** 1-based position in the file. */
  position: number;
  /** The record without its terminator. */
  bytes: Buffer;
  /** No record terminator: the file ended inside this record. */
  unterminated: boolean;
}

/** Record frames of an ISO 2709 file; blank bytes between records (line breaks some exporters add) are skipped. */
export function splitIso2709(file: Buffer): RawRecord[] {
  const out: RawRecord[] = [];
  let start = 0;
  while (start < file.length) {
    // Tolerate CR/LF/space between records.
    while (start < file.length && (file[start] === 0x0a || file[start] === 0x0d || file[start] === 0x20)) start++;
    if (start >= file.length) break;
    const end = file.indexOf(RECORD_TERMINATOR, start);
    const stop = end === -1 ? file.length : end;
    out.push({ position: out.length + 1, bytes: file.subarray(start, stop), unterminated: end === -1 });
    start = stop + 1;
  }
  return out;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

function firstBadUtf8Byte(bytes: Buffer): number {
  // Decode growing prefixes by halves to find roughly where it breaks, for the message.
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function looksLikeBig5(bytes: Buffer): string | null {
  const text = iconv.decode(bytes, 'big5');
  // Two Han characters in a row: a lone one can be an ANSEL diacritic and the letter after it (0xE2 0x65 is valid Big5).
  if (text.includes('\uFFFD') || !/\p{Script=Han}{2}/u.test(text)) return null;
  // eslint-disable-next-line no-control-regex
  return (/\p{Script=Han}[^\x1e\x1f]{0,11}/u.exec(text)?.[0] ?? '').trim();
}

// MARC-8's default sets are ASCII; an escape (0x1B) switches to another set, e.g. EACC for CJK.
const isPlainAscii = (bytes: Buffer): boolean => bytes.every((b) => b < 0x80 && b !== 0x1b);

type Decode = (bytes: Buffer) => string;

/** How to decode this record's bytes, or why it cannot be read. */
function chooseDecoding(r: RawRecord, encoding: FileEncoding): { decode: Decode } | { code: string; message: string } {
  const scheme = String.fromCharCode(r.bytes[9]!);
  const big5: Decode = (b) => iconv.decode(b, 'big5');
  if (encoding === 'big5') {
    const text = big5(r.bytes);
    if (text.includes('\uFFFD')) return { code: 'BAD_BIG5', message: `Record ${r.position}: bytes that are not Big5 (the source is set to Big5).` };
    return { decode: big5 };
  }
  if (scheme === 'a') {
    try {
      fatalUtf8.decode(r.bytes);
      return { decode: (b) => b.toString('utf8') };
    } catch {
      const sample = looksLikeBig5(r.bytes);
      if (sample !== null) return { code: 'BIG5_IN_UTF8_RECORD', message: `Record ${r.position}: leader/09 says UTF-8 but the text is Big5 ("${sample}"). Set the source's file encoding to big5, or export as UTF-8.` };
      return { code: 'BROKEN_UTF8', message: `Record ${r.position}: leader/09 says UTF-8 but the bytes are not valid UTF-8 (at byte ${firstBadUtf8Byte(r.bytes)}).` };
    }
  }
  if (scheme === ' ') {
    // MARC-8 is ASCII in its default G0 set; its CJK sets (EACC) have no decoder here.
    if (isPlainAscii(r.bytes)) return { decode: (b) => b.toString('latin1') };
    const sample = looksLikeBig5(r.bytes);
    if (sample !== null) return { code: 'BIG5_IN_MARC8_RECORD', message: `Record ${r.position}: leader/09 is blank (MARC-8) but the text is Big5 ("${sample}"). Set the source's file encoding to big5.` };
    return { code: 'MARC8_NOT_SUPPORTED', message: `Record ${r.position}: MARC-8 encoded (leader/09 blank) with characters beyond ASCII (MARC-8 escape sequences or ANSEL); MARC-8 is not read here. Export MARC 21 in UTF-8 (leader/09 "a").` };
  }
  return { code: 'UNKNOWN_ENCODING', message: `Record ${r.position}: leader/09 is "${scheme}"; MARC 21 allows blank (MARC-8) or "a" (UTF-8).` };
}

/** Checks the frame (leader numbers, directory inside the record) so marcjs never reads past the end. */
function checkFrame(r: RawRecord): { code: string; message: string } | null {
  const b = r.bytes;
  const where = `Record ${r.position}`;
  if (b.length < 25) return { code: r.unterminated ? 'TRUNCATED_RECORD' : 'BAD_RECORD', message: `${where}: only ${b.length} bytes; a MARC record has a 24-byte leader and a directory.` };
  const leader = b.toString('latin1', 0, 24);
  if (!/^\d{5}$/.test(leader.slice(0, 5)) || !/^\d{5}$/.test(leader.slice(12, 17))) return { code: 'BAD_LEADER', message: `${where}: the leader's record length or base address is not numeric ("${leader.replace(/[^\x20-\x7e]/g, '?')}").` };
  const declared = Number(leader.slice(0, 5));
  const base = Number(leader.slice(12, 17));
  if (r.unterminated || declared > b.length + 1) return { code: 'TRUNCATED_RECORD', message: `${where}: the file ends inside the record (${b.length + (r.unterminated ? 0 : 1)} of ${declared} bytes).` };
  if (base < 25 || base > b.length || b[base - 1] !== FIELD_TERMINATOR) return { code: 'BAD_DIRECTORY', message: `${where}: the base address ${base} does not follow the directory.` };
  const entries = (base - 25) / 12;
  if (!Number.isInteger(entries)) return { code: 'BAD_DIRECTORY', message: `${where}: the directory length ${base - 25} is not a multiple of 12.` };
  for (let i = 0; i < entries; i++) {
    const e = b.toString('latin1', 24 + i * 12, 36 + i * 12);
    if (!/^[0-9A-Za-z]{3}\d{9}$/.test(e)) return { code: 'BAD_DIRECTORY', message: `${where}: directory entry ${i + 1} ("${e.replace(/[^\x20-\x7e]/g, '?')}") is not tag+length+offset.` };
    const end = base + Number(e.slice(7, 12)) + Number(e.slice(3, 7));
    if (end > b.length) return { code: 'TRUNCATED_RECORD', message: `${where}: field ${e.slice(0, 3)} runs past the end of the record.` };
  }
  return null;
}

export function readIso2709Record(r: RawRecord, encoding: FileEncoding): MarcReadResult {
  const frame = checkFrame(r);
  if (frame) return { ok: false, ...frame };
  const choice = chooseDecoding(r, encoding);
  if (!('decode' in choice)) return { ok: false, ...choice };
  // marcjs expects the terminator byte at the end (it reads lengths minus one).
  const bytes = Buffer.concat([r.bytes, Buffer.from([RECORD_TERMINATOR])]);
  const view = { toString: (_enc: string, start: number, end: number) => choice.decode(bytes.subarray(start, end)) };
  try {
    const record = Iso2709Parser.parse(view);
    // The record is now UTF-8 text; say so, as a MARC 21 record in Unicode would.
    record.leader = record.leader.slice(0, 9) + 'a' + record.leader.slice(10);
    return { ok: true, record };
  } catch (err) {
    return { ok: false, code: 'UNREADABLE_RECORD', message: `Record ${r.position}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
