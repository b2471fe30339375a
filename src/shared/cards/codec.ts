// Canonical binary encoding of a card payload (version 1).
//
// Binary rather than canonical JSON because the QR code must stay small and
// because binary has no second spelling: JSON would need rules for key order,
// whitespace, number formats and string escapes (\u4e2d vs 中) in both the
// Node issuer and every browser desk, and any slip would make signatures
// irreproducible. Here every field has exactly one encoding, the decoder
// refuses anything else (trailing bytes, non-zero padding bits, overlong UTF-8,
// out-of-range numbers) and re-encodes what it read as a final check, so
// decode(bytes) succeeds only when encode(decode(bytes)) === bytes.
//
// Layout, in this order (str8 = 1 length byte + UTF-8 bytes):
//   kind          u8      0 = interlibrary, 1 = partner
//   cardId        17 B    6 zero bits, then the 26 base32 digits × 5 bits
//   keyId         str8
//   issuedAt      u48 BE  milliseconds since 1970-01-01T00:00:00Z
//   holderName    str8
//   holderId      str8
//   home/org      str8    homeLibraryId (interlibrary) or organisation (partner)
//   hostLibraryId str8    library code or '*'
//   validFrom     u16 BE  days since 1970-01-01
//   validUntil    u16 BE  days since 1970-01-01
//   loanLimit     u8
// The version is not a field: it is in the QR prefix, which is signed too (see qr.ts).
import { addDays, daysBetween } from '../domain/dates';
import { cardPayloadProblems } from './card';
import type { CardPayload } from './card';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const EPOCH = '1970-01-01';
const KIND_CODES = { interlibrary: 0, partner: 1 } as const;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class Writer {
  private readonly parts: number[] = [];
  u8(n: number): void {
    this.parts.push(n & 0xff);
  }
  u16(n: number): void {
    this.u8(n >>> 8);
    this.u8(n);
  }
  u48(n: number): void {
    const high = Math.floor(n / 2 ** 32);
    this.u16(high);
    this.u16(Math.floor(n / 65536) % 65536);
    this.u16(n % 65536);
  }
  bytes(b: Uint8Array): void {
    for (const x of b) this.parts.push(x);
  }
  str8(text: string): void {
    const b = encoder.encode(text);
    this.u8(b.length);
    this.bytes(b);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Reads forward and reports running out as null, so no branch can throw. */
class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  get atEnd(): boolean {
    return this.pos === this.buf.length;
  }
  take(n: number): Uint8Array | null {
    if (this.pos + n > this.buf.length) return null;
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  u8(): number | null {
    const b = this.take(1);
    return b ? b[0]! : null;
  }
  u16(): number | null {
    const b = this.take(2);
    return b ? (b[0]! << 8) | b[1]! : null;
  }
  u48(): number | null {
    const b = this.take(6);
    if (!b) return null;
    let n = 0;
    for (const x of b) n = n * 256 + x;
    return n;
  }
  str8(): string | null {
    const len = this.u8();
    if (len === null) return null;
    const b = this.take(len);
    if (!b) return null;
    try {
      return strictDecoder.decode(b);
    } catch {
      return null;
    }
  }
}

function encodeCardId(id: string): Uint8Array {
  const out = new Uint8Array(17);
  // 6 leading zero bits make 6 + 26×5 = 136 bits = 17 bytes.
  let bitPos = 6;
  for (const ch of id) {
    const v = CROCKFORD.indexOf(ch);
    for (let b = 4; b >= 0; b--, bitPos++) if ((v >> b) & 1) out[bitPos >> 3]! |= 0x80 >> (bitPos & 7);
  }
  return out;
}

function decodeCardId(bytes: Uint8Array): string | null {
  if ((bytes[0]! & 0xfc) !== 0) return null;
  let id = '';
  let bitPos = 6;
  for (let i = 0; i < 26; i++) {
    let v = 0;
    for (let b = 0; b < 5; b++, bitPos++) v = (v << 1) | ((bytes[bitPos >> 3]! >> (7 - (bitPos & 7))) & 1);
    id += CROCKFORD[v]!;
  }
  return id;
}

/** The canonical bytes of a payload that passed validation (cardPayloadProblems is empty). */
export function encodeCardPayload(p: CardPayload): Uint8Array {
  const w = new Writer();
  w.u8(KIND_CODES[p.kind]);
  w.bytes(encodeCardId(p.cardId));
  w.str8(p.keyId);
  w.u48(Date.parse(p.issuedAt));
  w.str8(p.holderName);
  w.str8(p.holderId);
  w.str8(p.kind === 'interlibrary' ? (p.homeLibraryId ?? '') : (p.organisation ?? ''));
  w.str8(p.hostLibraryId);
  w.u16(daysBetween(EPOCH, p.validFrom));
  w.u16(daysBetween(EPOCH, p.validUntil));
  w.u8(p.loanLimit);
  return w.done();
}

export type DecodedCard = { readonly ok: true; readonly payload: CardPayload } | { readonly ok: false; readonly detail: string };

function fail(detail: string): DecodedCard {
  return { ok: false, detail };
}

/** Decodes version-1 payload bytes; refuses anything that is not exactly one valid card's canonical encoding. */
export function decodeCardPayload(bytes: Uint8Array): DecodedCard {
  const r = new Reader(bytes);
  const kindCode = r.u8();
  const kind = kindCode === 0 ? 'interlibrary' : kindCode === 1 ? 'partner' : null;
  if (kind === null) return fail(kindCode === null ? 'empty payload' : `unknown card kind ${kindCode}`);
  const idBytes = r.take(17);
  const cardId = idBytes ? decodeCardId(idBytes) : null;
  if (cardId === null) return fail('bad card id');
  const keyId = r.str8();
  const issuedMs = r.u48();
  const holderName = r.str8();
  const holderId = r.str8();
  const homeOrOrg = r.str8();
  const hostLibraryId = r.str8();
  const fromDays = r.u16();
  const untilDays = r.u16();
  const loanLimit = r.u8();
  if (keyId === null || issuedMs === null || holderName === null || holderId === null || homeOrOrg === null || hostLibraryId === null || fromDays === null || untilDays === null || loanLimit === null) {
    return fail('truncated payload or invalid UTF-8');
  }
  if (!r.atEnd) return fail('trailing bytes after the payload');
  const payload: CardPayload = {
    v: 1,
    cardId,
    kind,
    holderName,
    holderId,
    homeLibraryId: kind === 'interlibrary' ? homeOrOrg : null,
    organisation: kind === 'partner' ? homeOrOrg : null,
    hostLibraryId,
    validFrom: addDays(EPOCH, fromDays),
    validUntil: addDays(EPOCH, untilDays),
    loanLimit,
    // A u48 is far below Date's limit, so this cannot throw; years past 9999 fail validation below.
    issuedAt: new Date(issuedMs).toISOString(),
    keyId,
  };
  const problems = cardPayloadProblems(payload);
  if (problems.length > 0) return fail(problems.join('; '));
  const again = encodeCardPayload(payload);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) return fail('non-canonical encoding');
  return { ok: true, payload };
}
