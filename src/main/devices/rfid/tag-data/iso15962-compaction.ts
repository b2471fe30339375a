// ISO/IEC 15962 data compaction schemes, as used by ISO 28560-2 tags.
//
// Pad bits fill the last byte of the bit-packed schemes. The 6-bit pad is
// the space code 100000 cut to length (ISO 28560-2 Annex D, D.3.5:
// "QA268.L55" ends …110101 10); 6 × n bits leave 0, 2 or 4 pad bits, so a
// 6-bit pad can never fill a whole character. The 5-bit and 7-bit schemes
// can leave 5–7 pad bits. The rule this module follows for them is the one
// ISO 28560-2 Annex C states for its ISIL scheme (the only decoding rule for
// pad bits we could read in a published text; the ISO/IEC 15962 clause
// itself was not available to us): pad bits are recognised because they do
// not complete a character. So the encoder pads 5-bit with 0 bits and 7-bit
// with 1 bits, a decoder drops a final pad-valued character lying wholly in
// the last byte's padding, and chooseCompaction() only picks a scheme whose
// output decodes back to the exact input ("…@" in 5-bit, "…DEL" in 7-bit
// move to the next scheme instead of being silently truncated).
//
// The ISO/IEC 15962 6-bit table is not ASCII 0x20–0x5F: codes 100001–100111
// are <EOT>, reserved, <FS>, <US> and reserved, not ! " # $ % & ', and
// 011110 / 011111 are <GS> / <RS> (the ISO/IEC 15434 separators), not ^ _.
// Text with those characters ("NO.12#A") goes to 7-bit, and a 6-bit string
// holding those codes is refused with the code named.

import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';
import { latin1Decode, latin1Encode, utf8Decode, utf8Encode } from '#main/devices/bytes/text';

export const COMPACTION = {
  APPLICATION_DEFINED: 0,
  INTEGER: 1,
  NUMERIC: 2,
  FIVE_BIT: 3,
  SIX_BIT: 4,
  SEVEN_BIT: 5,
  OCTET: 6,
  UTF8: 7,
} as const;

export type Compaction = (typeof COMPACTION)[keyof typeof COMPACTION];

export const COMPACTION_NAMES: Readonly<Record<Compaction, string>> = {
  0: 'application-defined',
  1: 'integer',
  2: 'numeric',
  3: '5-bit',
  4: '6-bit',
  5: '7-bit',
  6: 'octet',
  7: 'UTF-8',
};

export type CompactionErrorCode = 'NOT_APPLICABLE' | 'BAD_COMPACTED_DATA';
export type CompactionError = CodecError<CompactionErrorCode>;

interface BitScheme {
  readonly width: number;
  readonly pad: number;
  readonly toCode: (c: number) => number | null;
  readonly fromCode: (code: number) => number;
}

const BIT_SCHEMES: Readonly<Record<3 | 4 | 5, BitScheme>> = {
  3: {
    width: 5,
    pad: 0b00000,
    toCode: (c) => (c >= 0x40 && c <= 0x5f ? c & 0x1f : null),
    fromCode: (code) => 0x40 | code,
  },
  4: {
    width: 6,
    pad: 0b100000,
    toCode: (c) => (c >= 0x20 && c <= 0x5d && !(c >= 0x21 && c <= 0x27) ? c & 0x3f : null),
    fromCode: (code) => (code >= 0x20 ? code : code | 0x40),
  },
  5: {
    width: 7,
    pad: 0b1111111,
    toCode: (c) => (c <= 0x7f ? c : null),
    fromCode: (code) => code,
  },
};

/** ISO/IEC 15962 6-bit codes that are not text: control and reserved positions. */
const SIX_BIT_CONTROLS: ReadonlyMap<number, string> = new Map([
  [0b011110, '<GS>'],
  [0b011111, '<RS>'],
  [0b100001, '<EOT>'],
  [0b100010, 'a reserved code'],
  [0b100011, '<FS>'],
  [0b100100, '<US>'],
  [0b100101, 'a reserved code'],
  [0b100110, 'a reserved code'],
  [0b100111, 'a reserved code'],
]);

function packBits(codes: readonly number[], width: number, pad: number): Uint8Array {
  const totalBits = codes.length * width;
  const out = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = 0;
  const put = (value: number, bits: number) => {
    for (let i = bits - 1; i >= 0; i--) {
      if ((value >> i) & 1) out[bit >> 3]! |= 0x80 >> (bit & 7);
      bit++;
    }
  };
  for (const c of codes) put(c, width);
  const padBits = out.length * 8 - totalBits;
  put(padBits <= width ? pad >> (width - padBits) : pad << (padBits - width), padBits);
  return out;
}

function unpackBits(bytes: Uint8Array, width: number, pad: number): number[] {
  const count = Math.floor((bytes.length * 8) / width);
  const codes: number[] = [];
  for (let n = 0; n < count; n++) {
    let v = 0;
    for (let i = 0; i < width; i++) {
      const bit = n * width + i;
      v = (v << 1) | ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1);
    }
    codes.push(v);
  }
  if (count > 0 && Math.ceil(((count - 1) * width) / 8) === bytes.length && codes[count - 1] === pad) codes.pop();
  return codes;
}

function notApplicable(scheme: Compaction, why: string): Result<never, CompactionError> {
  return err('NOT_APPLICABLE', `${COMPACTION_NAMES[scheme]} compaction cannot hold this value: ${why}`);
}

export function compact(value: string, scheme: Compaction): Result<Uint8Array, CompactionError> {
  switch (scheme) {
    case COMPACTION.INTEGER: {
      if (!/^(0|[1-9][0-9]*)$/.test(value)) return notApplicable(scheme, 'only digits without a leading zero fit');
      let n = BigInt(value);
      const bytes: number[] = [];
      do {
        bytes.unshift(Number(n & 0xffn));
        n >>= 8n;
      } while (n > 0n);
      return ok(Uint8Array.from(bytes));
    }
    case COMPACTION.NUMERIC: {
      if (!/^[0-9]+$/.test(value)) return notApplicable(scheme, 'only digits fit');
      const out = new Uint8Array(Math.ceil(value.length / 2)).fill(0xff);
      for (let i = 0; i < value.length; i++) {
        const d = value.charCodeAt(i) - 0x30;
        out[i >> 1] = i % 2 === 0 ? (d << 4) | 0x0f : (out[i >> 1]! & 0xf0) | d;
      }
      return ok(out);
    }
    case COMPACTION.FIVE_BIT:
    case COMPACTION.SIX_BIT:
    case COMPACTION.SEVEN_BIT: {
      const s = BIT_SCHEMES[scheme];
      const codes: number[] = [];
      for (let i = 0; i < value.length; i++) {
        const code = s.toCode(value.charCodeAt(i));
        if (code === null) return notApplicable(scheme, `'${value[i]}' at position ${i} is outside its character set`);
        codes.push(code);
      }
      return ok(packBits(codes, s.width, s.pad));
    }
    case COMPACTION.OCTET: {
      const bytes = latin1Encode(value);
      return bytes.ok ? bytes : notApplicable(scheme, bytes.error.message);
    }
    case COMPACTION.UTF8: {
      const bytes = utf8Encode(value);
      return bytes.ok ? bytes : notApplicable(scheme, bytes.error.message);
    }
    case COMPACTION.APPLICATION_DEFINED:
      return notApplicable(scheme, 'its meaning depends on the data element');
  }
}

export function decompact(bytes: Uint8Array, scheme: Compaction): Result<string, CompactionError> {
  switch (scheme) {
    case COMPACTION.INTEGER: {
      if (bytes.length === 0) return err('BAD_COMPACTED_DATA', 'an integer needs at least one byte');
      let n = 0n;
      for (const b of bytes) n = (n << 8n) | BigInt(b);
      return ok(n.toString());
    }
    case COMPACTION.NUMERIC: {
      let s = '';
      for (let i = 0; i < bytes.length * 2; i++) {
        const nibble = i % 2 === 0 ? bytes[i >> 1]! >> 4 : bytes[i >> 1]! & 0x0f;
        if (nibble === 0x0f && i === bytes.length * 2 - 1) break;
        if (nibble > 9) return err('BAD_COMPACTED_DATA', `numeric data has nibble 0x${nibble.toString(16).toUpperCase()} at position ${i}`);
        s += String.fromCharCode(0x30 + nibble);
      }
      return ok(s);
    }
    case COMPACTION.FIVE_BIT:
    case COMPACTION.SIX_BIT:
    case COMPACTION.SEVEN_BIT: {
      const s = BIT_SCHEMES[scheme];
      const codes = unpackBits(bytes, s.width, s.pad);
      if (scheme === COMPACTION.SIX_BIT) {
        const at = codes.findIndex((c) => SIX_BIT_CONTROLS.has(c));
        if (at >= 0) {
          const code = codes[at]!;
          return err('BAD_COMPACTED_DATA', `6-bit code ${code.toString(2).padStart(6, '0')} at character ${at} is ${SIX_BIT_CONTROLS.get(code)!}, not text`);
        }
      }
      return ok(String.fromCharCode(...codes.map(s.fromCode)));
    }
    case COMPACTION.OCTET:
      return ok(latin1Decode(bytes));
    case COMPACTION.UTF8: {
      const text = utf8Decode(bytes);
      return text.ok ? text : err('BAD_COMPACTED_DATA', text.error.message);
    }
    case COMPACTION.APPLICATION_DEFINED:
      return err('BAD_COMPACTED_DATA', 'application-defined data has no generic text form');
  }
}

const PREFERENCE: readonly Compaction[] = [
  COMPACTION.INTEGER,
  COMPACTION.NUMERIC,
  COMPACTION.FIVE_BIT,
  COMPACTION.SIX_BIT,
  COMPACTION.SEVEN_BIT,
  COMPACTION.OCTET,
  COMPACTION.UTF8,
];

/** The shortest encoding that decodes back to exactly `value`; on a tie the lower scheme code wins. */
export function chooseCompaction(value: string): Result<{ scheme: Compaction; bytes: Uint8Array }, CompactionError> {
  let best: { scheme: Compaction; bytes: Uint8Array } | null = null;
  for (const scheme of PREFERENCE) {
    const bytes = compact(value, scheme);
    if (!bytes.ok) continue;
    if (best !== null && bytes.value.length >= best.bytes.length) continue;
    const back = decompact(bytes.value, scheme);
    if (back.ok && back.value === value) best = { scheme, bytes: bytes.value };
  }
  return best === null ? err('NOT_APPLICABLE', 'no compaction scheme can hold this value (is it well-formed text?)') : ok(best);
}
