// Generic resynchronising frame splitter for serial links. Bytes arrive in
// arbitrary chunks; a decision about a candidate frame is only taken once all
// of its bytes are present, so the events produced do not depend on how the
// input was chunked. A candidate that fails is skipped one byte at a time
// (the next frame may start inside it), and a run of skipped bytes is
// reported once, with the reason the first candidate failed.

import type { CodecError } from '#shared/codecs/result';

export type FrameProbe<F, C extends string> =
  | { readonly kind: 'incomplete'; readonly needed?: number }
  | { readonly kind: 'frame'; readonly length: number; readonly frame: F }
  | { readonly kind: 'invalid'; readonly code: C; readonly message: string };

export interface SkippedBytesError<C extends string> extends CodecError<C | 'TRUNCATED'> {
  /** The bytes discarded while looking for the next valid frame. */
  readonly skipped: Uint8Array;
}

export type StreamEvent<F, C extends string> =
  | { readonly kind: 'frame'; readonly frame: F; readonly raw: Uint8Array }
  | { readonly kind: 'error'; readonly error: SkippedBytesError<C> };

export interface StreamDecoder<F, C extends string> {
  push(chunk: Uint8Array): StreamEvent<F, C>[];
  /**
   * End of input (port closed, or the caller saw the inter-frame gap expire):
   * an unfinished candidate is reported as TRUNCATED and the bytes after it
   * are still searched for frames.
   */
  flush(): StreamEvent<F, C>[];
  readonly pendingBytes: number;
}

export interface StreamDecoderOptions {
  /** Report a run of garbage at least every this many bytes, so memory stays bounded on a noisy line. */
  readonly maxSkipRun?: number;
}

export function createStreamDecoder<F, C extends string>(
  probe: (bytes: Uint8Array) => FrameProbe<F, C>,
  options: StreamDecoderOptions = {},
): StreamDecoder<F, C> {
  const maxSkipRun = Math.max(1, options.maxSkipRun ?? 256);
  let buffer = new Uint8Array(0);
  let skipped: number[] = [];
  let skipReason: { code: C | 'TRUNCATED'; message: string } | null = null;

  function emitSkipped(events: StreamEvent<F, C>[]): void {
    if (skipped.length === 0 || skipReason === null) return;
    const n = skipped.length;
    events.push({
      kind: 'error',
      error: {
        code: skipReason.code,
        message: `${skipReason.message}; discarded ${n} byte${n === 1 ? '' : 's'} while resynchronising`,
        skipped: Uint8Array.from(skipped),
      },
    });
    skipped = [];
    skipReason = null;
  }

  function scan(final: boolean): StreamEvent<F, C>[] {
    const events: StreamEvent<F, C>[] = [];
    let pos = 0;
    while (pos < buffer.length) {
      const view = buffer.subarray(pos);
      let result: FrameProbe<F, C | 'TRUNCATED'> = probe(view);
      if (result.kind === 'incomplete') {
        if (!final) break;
        const wanted = result.needed === undefined ? '' : ` of ${result.needed}`;
        result = {
          kind: 'invalid',
          code: 'TRUNCATED',
          message: `input ended inside a frame (${view.length}${wanted} bytes received)`,
        };
      }
      if (result.kind === 'frame') {
        emitSkipped(events);
        events.push({ kind: 'frame', frame: result.frame, raw: view.slice(0, result.length) });
        pos += result.length;
      } else {
        if (skipped.length === 0) skipReason = { code: result.code, message: result.message };
        skipped.push(buffer[pos]!);
        pos += 1;
        if (skipped.length >= maxSkipRun) emitSkipped(events);
      }
    }
    buffer = buffer.slice(pos);
    if (final) emitSkipped(events);
    return events;
  }

  return {
    push(chunk: Uint8Array): StreamEvent<F, C>[] {
      if (chunk.length === 0) return [];
      const next = new Uint8Array(buffer.length + chunk.length);
      next.set(buffer, 0);
      next.set(chunk, buffer.length);
      buffer = next;
      return scan(false);
    },
    flush(): StreamEvent<F, C>[] {
      return scan(true);
    },
    get pendingBytes(): number {
      return buffer.length + skipped.length;
    },
  };
}
