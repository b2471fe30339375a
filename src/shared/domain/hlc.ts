// Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a
// counter, so events of one desk stay ordered even when its clock steps back,
// and an event created after seeing another always sorts after it. Encoded as
// a fixed-width string so that string order is clock order.

export interface HlcTimestamp {
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

const MAX_COUNTER = 0xffff;

export function formatHlc(t: HlcTimestamp): string {
  return `${t.wallMs.toString().padStart(15, '0')}:${t.counter.toString(16).padStart(4, '0')}:${t.node}`;
}

export function parseHlc(s: string): HlcTimestamp | null {
  const m = /^(\d{15}):([0-9a-f]{4}):(.{1,64})$/.exec(s);
  if (!m) return null;
  return { wallMs: Number(m[1]), counter: parseInt(m[2]!, 16), node: m[3]! };
}

export const HLC_PATTERN = '^\\d{15}:[0-9a-f]{4}:.{1,64}$';

export class HybridLogicalClock {
  private last: HlcTimestamp;

  constructor(
    private readonly node: string,
    private readonly wallClock: () => number = () => Date.now(),
  ) {
    this.last = { wallMs: 0, counter: 0, node };
  }

  /** A timestamp for a local event. */
  now(): string {
    const wall = this.wallClock();
    if (wall > this.last.wallMs) this.last = { wallMs: wall, counter: 0, node: this.node };
    else this.last = this.bump(this.last.wallMs, this.last.counter);
    return formatHlc(this.last);
  }

  /** Merge a timestamp seen from elsewhere (the service, another desk), so later local events sort after it. */
  receive(remote: string): void {
    const r = parseHlc(remote);
    if (!r) return;
    const wall = this.wallClock();
    const maxWall = Math.max(wall, this.last.wallMs, r.wallMs);
    if (maxWall === wall && wall > this.last.wallMs && wall > r.wallMs) {
      this.last = { wallMs: wall, counter: 0, node: this.node };
    } else if (this.last.wallMs === r.wallMs && maxWall === r.wallMs) {
      this.last = this.bump(maxWall, Math.max(this.last.counter, r.counter));
    } else if (maxWall === this.last.wallMs) {
      this.last = this.bump(maxWall, this.last.counter);
    } else {
      this.last = this.bump(maxWall, r.counter);
    }
  }

  private bump(wallMs: number, counter: number): HlcTimestamp {
    // Counter overflow means >65k events in one millisecond: advance the logical wall instead.
    if (counter >= MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node: this.node };
    return { wallMs, counter: counter + 1, node: this.node };
  }
}
