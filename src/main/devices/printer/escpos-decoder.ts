// Splits an ESC/POS byte stream into commands and text runs, for the
// printer simulator and for tests. It tracks Kanji mode (FS & / FS .) because
// in that mode a lead byte ≥ 0x81 takes the next byte with it whatever its
// value. Unknown or cut-off sequences become tokens; nothing throws.

export type EscPosToken =
  | { readonly kind: 'text'; readonly bytes: Uint8Array; readonly kanji: boolean }
  | {
      readonly kind: 'command';
      readonly name: string;
      readonly bytes: Uint8Array;
      readonly params: readonly number[];
      readonly data?: Uint8Array;
    }
  | { readonly kind: 'unknown'; readonly bytes: Uint8Array; readonly message: string }
  | { readonly kind: 'truncated'; readonly bytes: Uint8Array; readonly message: string };

export interface EscPosDecodeOptions {
  readonly kanji?: boolean;
}

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const DLE = 0x10;

const CONTROL: ReadonlyMap<number, string> = new Map([
  [0x09, 'tab'],
  [0x0a, 'lineFeed'],
  [0x0c, 'formFeed'],
  [0x0d, 'carriageReturn'],
  [0x18, 'cancel'],
]);

/** [name, parameter bytes] of the fixed-length commands. */
const ESC_FIXED: ReadonlyMap<number, readonly [string, number]> = new Map<number, readonly [string, number]>([
  [0x20, ['rightSpacing', 1]],
  [0x21, ['printMode', 1]],
  [0x24, ['absolutePosition', 2]],
  [0x25, ['userCharacters', 1]],
  [0x2d, ['underline', 1]],
  [0x32, ['defaultLineSpacing', 0]],
  [0x33, ['lineSpacing', 1]],
  [0x3d, ['peripheral', 1]],
  [0x3f, ['cancelUserCharacter', 1]],
  [0x40, ['init', 0]],
  [0x42, ['beep', 2]],
  [0x45, ['bold', 1]],
  [0x47, ['doubleStrike', 1]],
  [0x4a, ['feedDots', 1]],
  [0x4c, ['pageMode', 0]],
  [0x4d, ['font', 1]],
  [0x52, ['internationalSet', 1]],
  [0x53, ['standardMode', 0]],
  [0x54, ['pageDirection', 1]],
  [0x56, ['rotate', 1]],
  [0x57, ['pageArea', 8]],
  [0x5c, ['relativePosition', 2]],
  [0x61, ['align', 1]],
  [0x63, ['paperSensor', 2]],
  [0x64, ['feedLines', 1]],
  [0x65, ['reverseFeedLines', 1]],
  [0x69, ['cutFull', 0]],
  [0x6d, ['cutPartial', 0]],
  [0x70, ['drawerPulse', 3]],
  [0x72, ['colour', 1]],
  [0x74, ['codeTable', 1]],
  [0x75, ['peripheralStatus', 1]],
  [0x76, ['paperStatus', 0]],
  [0x7b, ['upsideDown', 1]],
]);

const FS_FIXED: ReadonlyMap<number, readonly [string, number]> = new Map<number, readonly [string, number]>([
  [0x21, ['kanjiPrintMode', 1]],
  [0x26, ['kanjiOn', 0]],
  [0x2d, ['kanjiUnderline', 1]],
  [0x2e, ['kanjiOff', 0]],
  [0x43, ['kanjiCodeSystem', 1]],
  [0x53, ['kanjiSpacing', 2]],
  [0x57, ['kanjiQuadruple', 1]],
  [0x70, ['printNvImage', 2]],
]);

const GS_FIXED: ReadonlyMap<number, readonly [string, number]> = new Map<number, readonly [string, number]>([
  [0x21, ['size', 1]],
  [0x24, ['absoluteVerticalPosition', 2]],
  [0x2f, ['printDownloadedImage', 1]],
  [0x42, ['reverse', 1]],
  [0x48, ['barcodeHri', 1]],
  [0x49, ['printerId', 1]],
  [0x4c, ['leftMargin', 2]],
  [0x50, ['motionUnits', 2]],
  [0x57, ['printAreaWidth', 2]],
  [0x5c, ['relativeVerticalPosition', 2]],
  [0x61, ['autoStatusBack', 1]],
  [0x62, ['smoothing', 1]],
  [0x66, ['hriFont', 1]],
  [0x68, ['barcodeHeight', 1]],
  [0x72, ['transmitStatus', 1]],
  [0x77, ['barcodeWidth', 1]],
]);

const QR_FUNCTIONS: ReadonlyMap<number, string> = new Map([
  [0x41, 'qrModel'],
  [0x43, 'qrSize'],
  [0x45, 'qrErrorCorrection'],
  [0x50, 'qrStore'],
  [0x51, 'qrPrint'],
  [0x52, 'qrTransmitSize'],
]);

type Parsed =
  | { kind: 'command'; name: string; length: number; params: number[]; data?: Uint8Array }
  | { kind: 'unknown'; length: number; message: string }
  | { kind: 'truncated'; needed: number };

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

function fixed(bytes: Uint8Array, at: number, entry: readonly [string, number]): Parsed {
  const [name, count] = entry;
  if (at + 2 + count > bytes.length) return { kind: 'truncated', needed: 2 + count };
  return { kind: 'command', name, length: 2 + count, params: Array.from(bytes.subarray(at + 2, at + 2 + count)) };
}

function parseDle(bytes: Uint8Array, at: number): Parsed {
  const fn = bytes[at + 1];
  if (fn === undefined) return { kind: 'truncated', needed: 2 };
  if (fn === 0x04 || fn === 0x05) {
    const n = bytes[at + 2];
    if (n === undefined) return { kind: 'truncated', needed: 3 };
    const extra = fn === 0x04 && (n === 7 || n === 8 || n === 18) ? 1 : 0;
    if (at + 3 + extra > bytes.length) return { kind: 'truncated', needed: 3 + extra };
    return { kind: 'command', name: fn === 0x04 ? 'realTimeStatus' : 'realTimeRequest', length: 3 + extra, params: Array.from(bytes.subarray(at + 2, at + 3 + extra)) };
  }
  if (fn === 0x14) {
    const n = bytes[at + 2];
    if (n === undefined) return { kind: 'truncated', needed: 3 };
    const extra = n === 8 ? 7 : 2;
    if (at + 3 + extra > bytes.length) return { kind: 'truncated', needed: 3 + extra };
    return { kind: 'command', name: 'realTimePulse', length: 3 + extra, params: Array.from(bytes.subarray(at + 2, at + 3 + extra)) };
  }
  return { kind: 'unknown', length: 1, message: `DLE followed by 0x${hex(fn)} is not a known real-time command` };
}

function parseEsc(bytes: Uint8Array, at: number): Parsed {
  const cmd = bytes[at + 1];
  if (cmd === undefined) return { kind: 'truncated', needed: 2 };
  const entry = ESC_FIXED.get(cmd);
  if (entry) return fixed(bytes, at, entry);
  if (cmd === 0x44) {
    // Tab positions: up to 32 values, ended by NUL.
    const end = bytes.indexOf(0, at + 2);
    if (end < 0) return { kind: 'truncated', needed: bytes.length - at + 1 };
    return { kind: 'command', name: 'tabPositions', length: end + 1 - at, params: Array.from(bytes.subarray(at + 2, end)) };
  }
  if (cmd === 0x2a) {
    if (at + 5 > bytes.length) return { kind: 'truncated', needed: 5 };
    const m = bytes[at + 2]!;
    const n = bytes[at + 3]! | (bytes[at + 4]! << 8);
    const size = m >= 32 ? n * 3 : n;
    if (at + 5 + size > bytes.length) return { kind: 'truncated', needed: 5 + size };
    return { kind: 'command', name: 'bitImage', length: 5 + size, params: [m, n], data: bytes.slice(at + 5, at + 5 + size) };
  }
  return { kind: 'unknown', length: 2, message: `ESC 0x${hex(cmd)} is not a known command` };
}

function parseGs(bytes: Uint8Array, at: number): Parsed {
  const cmd = bytes[at + 1];
  if (cmd === undefined) return { kind: 'truncated', needed: 2 };
  const entry = GS_FIXED.get(cmd);
  if (entry) return fixed(bytes, at, entry);
  switch (cmd) {
    case 0x56: {
      const m = bytes[at + 2];
      if (m === undefined) return { kind: 'truncated', needed: 3 };
      const withFeed = m === 0x41 || m === 0x42 || m === 0x61 || m === 0x62 || m === 0x67 || m === 0x68;
      if (!withFeed) return { kind: 'command', name: 'cut', length: 3, params: [m] };
      if (at + 4 > bytes.length) return { kind: 'truncated', needed: 4 };
      return { kind: 'command', name: 'cut', length: 4, params: [m, bytes[at + 3]!] };
    }
    case 0x6b: {
      const m = bytes[at + 2];
      if (m === undefined) return { kind: 'truncated', needed: 3 };
      if (m <= 6) {
        const end = bytes.indexOf(0, at + 3);
        if (end < 0) return { kind: 'truncated', needed: bytes.length - at + 1 };
        return { kind: 'command', name: 'barcode', length: end + 1 - at, params: [m], data: bytes.slice(at + 3, end) };
      }
      if (m >= 65 && m <= 79) {
        const n = bytes[at + 3];
        if (n === undefined) return { kind: 'truncated', needed: 4 };
        if (at + 4 + n > bytes.length) return { kind: 'truncated', needed: 4 + n };
        return { kind: 'command', name: 'barcode', length: 4 + n, params: [m], data: bytes.slice(at + 4, at + 4 + n) };
      }
      return { kind: 'unknown', length: 3, message: `GS k with barcode system ${m} is not known` };
    }
    case 0x28: {
      if (at + 5 > bytes.length) return { kind: 'truncated', needed: 5 };
      const sub = bytes[at + 2]!;
      const p = bytes[at + 3]! | (bytes[at + 4]! << 8);
      if (at + 5 + p > bytes.length) return { kind: 'truncated', needed: 5 + p };
      const body = bytes.subarray(at + 5, at + 5 + p);
      if (sub === 0x6b && body[0] === 0x31 && body.length >= 2) {
        const name = QR_FUNCTIONS.get(body[1]!) ?? 'qrFunction';
        if (body[1] === 0x50) return { kind: 'command', name, length: 5 + p, params: Array.from(body.subarray(0, 3)), data: body.slice(3) };
        return { kind: 'command', name, length: 5 + p, params: Array.from(body) };
      }
      return { kind: 'command', name: `gs(${String.fromCharCode(sub)})`, length: 5 + p, params: [sub], data: body.slice() };
    }
    case 0x76: {
      if (at + 8 > bytes.length) return { kind: 'truncated', needed: 8 };
      if (bytes[at + 2] !== 0x30) return { kind: 'unknown', length: 3, message: `GS v 0x${hex(bytes[at + 2]!)} is not a known command` };
      const m = bytes[at + 3]!;
      const x = bytes[at + 4]! | (bytes[at + 5]! << 8);
      const y = bytes[at + 6]! | (bytes[at + 7]! << 8);
      const size = x * y;
      if (at + 8 + size > bytes.length) return { kind: 'truncated', needed: 8 + size };
      return { kind: 'command', name: 'rasterImage', length: 8 + size, params: [m, x, y], data: bytes.slice(at + 8, at + 8 + size) };
    }
    default:
      return { kind: 'unknown', length: 2, message: `GS 0x${hex(cmd)} is not a known command` };
  }
}

function parseFs(bytes: Uint8Array, at: number): Parsed {
  const cmd = bytes[at + 1];
  if (cmd === undefined) return { kind: 'truncated', needed: 2 };
  const entry = FS_FIXED.get(cmd);
  if (entry) return fixed(bytes, at, entry);
  return { kind: 'unknown', length: 2, message: `FS 0x${hex(cmd)} is not a known command` };
}

export function decodeEscPos(bytes: Uint8Array, options: EscPosDecodeOptions = {}): EscPosToken[] {
  const tokens: EscPosToken[] = [];
  let kanji = options.kanji ?? false;
  let textStart = -1;
  let at = 0;

  const endText = () => {
    if (textStart >= 0) tokens.push({ kind: 'text', bytes: bytes.slice(textStart, at), kanji });
    textStart = -1;
  };

  while (at < bytes.length) {
    const b = bytes[at]!;
    if (b >= 0x20) {
      if (textStart < 0) textStart = at;
      at += kanji && b >= 0x81 && at + 1 < bytes.length ? 2 : 1;
      continue;
    }
    endText();
    const control = CONTROL.get(b);
    if (control !== undefined) {
      tokens.push({ kind: 'command', name: control, bytes: bytes.slice(at, at + 1), params: [] });
      at += 1;
      continue;
    }
    let parsed: Parsed;
    if (b === ESC) parsed = parseEsc(bytes, at);
    else if (b === GS) parsed = parseGs(bytes, at);
    else if (b === FS) parsed = parseFs(bytes, at);
    else if (b === DLE) parsed = parseDle(bytes, at);
    else parsed = { kind: 'unknown', length: 1, message: `control byte 0x${hex(b)} has no meaning here` };

    if (parsed.kind === 'truncated') {
      tokens.push({ kind: 'truncated', bytes: bytes.slice(at), message: `command needs ${parsed.needed} bytes, only ${bytes.length - at} remain` });
      return tokens;
    }
    const raw = bytes.slice(at, at + parsed.length);
    if (parsed.kind === 'unknown') {
      tokens.push({ kind: 'unknown', bytes: raw, message: parsed.message });
    } else {
      const token: EscPosToken = parsed.data === undefined
        ? { kind: 'command', name: parsed.name, bytes: raw, params: parsed.params }
        : { kind: 'command', name: parsed.name, bytes: raw, params: parsed.params, data: parsed.data };
      tokens.push(token);
      if (parsed.name === 'kanjiOn') kanji = true;
      else if (parsed.name === 'kanjiOff' || parsed.name === 'init') kanji = false;
    }
    at += parsed.length;
  }
  endText();
  return tokens;
}
