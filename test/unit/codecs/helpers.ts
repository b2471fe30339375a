import { expect } from 'vitest';
import { bytesToHex, hexToBytes } from '#main/devices/bytes/hex';
import type { CodecError, Result } from '#shared/codecs/result';

export function hex(text: string): Uint8Array {
  const r = hexToBytes(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes, ' ');
}

export function unwrap<T, E extends CodecError>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function expectError<T, E extends CodecError>(result: Result<T, E>, code: E['code']): E {
  expect(result.ok, result.ok ? `expected ${code}, got ok` : '').toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(10);
  return result.error;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Splits `bytes` at the given cut points (any order, any range). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.slice(start, p));
    start = p;
  }
  chunks.push(bytes.slice(start));
  return chunks;
}

export const FC_RUNS = { numRuns: 200 } as const;
