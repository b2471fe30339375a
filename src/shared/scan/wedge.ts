// Keyboard-wedge scanners type each code as keystrokes into whatever has
// focus. This tells a scan from a person typing by rhythm (a scanner sends
// a key every few milliseconds, people rarely below ~35 ms for long), length
// and the terminating Enter/Tab. It keeps working with a Chinese IME on:
// the IME turns the keystrokes into composition events (key 'Process',
// isComposing true), so the character is recovered from the physical key
// `code` ('Digit1', 'KeyA') instead of `key`.
//
// Pure: feed it keydown events, it answers what it saw; the page decides
// what to do with the focused input (the result says when to swallow Enter
// and when the IME ate characters that must be cleaned up).

export interface WedgeKeyEvent {
  readonly key: string;
  readonly code: string;
  readonly timeStamp: number;
  readonly isComposing: boolean;
  readonly shiftKey?: boolean;
}

export interface WedgeOptions {
  /** Longest pause between two keys of a scan (default 35 ms). */
  readonly maxInterKeyMs?: number;
  /** Shortest code counted as a scan (default 4). */
  readonly minLength?: number;
  /** Keys that end a scan (default Enter and Tab). */
  readonly suffixes?: readonly ('Enter' | 'Tab')[];
  /** For scanners that send no suffix: end a fast burst after this much quiet (default: off). */
  readonly idleEndMs?: number | null;
}

export interface WedgeScan {
  readonly text: string;
  readonly suffix: 'Enter' | 'Tab' | null;
  readonly keys: number;
  readonly durationMs: number;
  /** Some characters came through the IME and were recovered from `code`: the input may hold composition debris. */
  readonly imeRecovered: boolean;
}

export interface WedgeResult {
  readonly scan: WedgeScan | null;
  /** Prevent the key's default action (the suffix of a scan must not submit a form or move focus). */
  readonly swallow: boolean;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph', 'NumLock', 'Fn']);

const CODE_CHARS: Readonly<Record<string, readonly [string, string]>> = {
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  Period: ['.', '>'],
  Comma: [',', '<'],
  Slash: ['/', '?'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Backquote: ['`', '~'],
  Space: [' ', ' '],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};
const SHIFTED_DIGITS = ')!@#$%^&*(';

/** The character a physical key produces on a US layout, for when an IME hides `key`. */
export function charFromCode(code: string, shiftKey: boolean | undefined): string | null {
  let m = /^Digit([0-9])$/.exec(code);
  if (m) return shiftKey ? SHIFTED_DIGITS[Number(m[1])]! : m[1]!;
  m = /^Numpad([0-9])$/.exec(code);
  if (m) return m[1]!;
  m = /^Key([A-Z])$/.exec(code);
  // Library barcodes are upper case; without shift information assume so.
  if (m) return shiftKey === false ? m[1]!.toLowerCase() : m[1]!;
  const pair = CODE_CHARS[code];
  if (pair) return shiftKey ? pair[1] : pair[0];
  return null;
}

type KeyMeaning = { kind: 'char'; char: string; viaIme: boolean } | { kind: 'suffix'; suffix: 'Enter' | 'Tab' } | { kind: 'modifier' } | { kind: 'other' };

function meaning(e: WedgeKeyEvent): KeyMeaning {
  if (MODIFIERS.has(e.key)) return { kind: 'modifier' };
  if (e.key === 'Enter' || e.code === 'Enter' || e.code === 'NumpadEnter') return { kind: 'suffix', suffix: 'Enter' };
  if (e.key === 'Tab' || e.code === 'Tab') return { kind: 'suffix', suffix: 'Tab' };
  const imeHidden = e.isComposing || e.key === 'Process' || e.key === 'Unidentified' || e.key.length !== 1;
  if (!imeHidden) return { kind: 'char', char: e.key, viaIme: false };
  const recovered = charFromCode(e.code, e.shiftKey);
  if (recovered !== null) return { kind: 'char', char: recovered, viaIme: true };
  return { kind: 'other' };
}

export class WedgeDetector {
  private chars: string[] = [];
  private firstAt = 0;
  private lastAt = 0;
  private viaIme = false;
  private readonly maxGap: number;
  private readonly minLength: number;
  private readonly suffixes: ReadonlySet<string>;
  private readonly idleEndMs: number | null;

  constructor(options: WedgeOptions = {}) {
    this.maxGap = options.maxInterKeyMs ?? 35;
    this.minLength = Math.max(1, options.minLength ?? 4);
    this.suffixes = new Set(options.suffixes ?? ['Enter', 'Tab']);
    this.idleEndMs = options.idleEndMs ?? null;
  }

  /** Characters of the burst in progress. */
  get pending(): string {
    return this.chars.join('');
  }

  /** True while a fast burst long enough to be a scan is in progress (the page may hold back autocomplete and the like). */
  get likelyScanning(): boolean {
    return this.chars.length >= 2;
  }

  feed(e: WedgeKeyEvent): WedgeResult {
    const m = meaning(e);
    if (m.kind === 'modifier') return { scan: null, swallow: false };
    const gap = this.chars.length > 0 ? e.timeStamp - this.lastAt : 0;
    if (m.kind === 'char') {
      if (this.chars.length > 0 && (gap > this.maxGap || gap < 0)) this.reset();
      if (this.chars.length === 0) this.firstAt = e.timeStamp;
      this.chars.push(m.char);
      this.viaIme ||= m.viaIme;
      this.lastAt = e.timeStamp;
      // Characters the IME would otherwise compose are the page's to suppress during a burst.
      return { scan: null, swallow: m.viaIme && this.chars.length >= 2 };
    }
    if (m.kind === 'suffix' && this.suffixes.has(m.suffix)) {
      const scan = this.chars.length >= this.minLength && gap >= 0 && gap <= this.maxGap ? this.finish(m.suffix, e.timeStamp) : null;
      this.reset();
      return { scan, swallow: scan !== null };
    }
    this.reset();
    return { scan: null, swallow: false };
  }

  /** Milliseconds until idle() may end the burst, or null when there is nothing to end. */
  idleDueIn(now: number): number | null {
    if (this.idleEndMs === null || this.chars.length < this.minLength) return null;
    return Math.max(0, this.lastAt + this.idleEndMs - now);
  }

  /** For scanners without a suffix: ends a long-enough burst once the line has been quiet for idleEndMs. */
  idle(now: number): WedgeScan | null {
    if (this.idleEndMs === null || this.chars.length < this.minLength || now - this.lastAt < this.idleEndMs) return null;
    const scan = this.finish(null, this.lastAt);
    this.reset();
    return scan;
  }

  reset(): void {
    this.chars = [];
    this.viaIme = false;
  }

  private finish(suffix: 'Enter' | 'Tab' | null, at: number): WedgeScan {
    return { text: this.chars.join(''), suffix, keys: this.chars.length, durationMs: Math.max(0, at - this.firstAt), imeRecovered: this.viaIme };
  }
}
