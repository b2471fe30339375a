// Test support: a Server-Sent Events reader over fetch (works with an
// Authorization header, which browser EventSource cannot send).
import { SseParser } from '#shared/sse-parser';
import type { SseEventName } from '#shared/sync/protocol';
export interface SseEvent {
  /** One of the protocol's SseEventName values (a name this version does not know is kept as it came). */
  event: SseEventName | string;
  data: unknown;
  receivedAt: number;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];
  done: Promise<void> = Promise.resolve();

  static async connect(url: string, token: string): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: c.controller.signal });
    if (!res.ok || !res.body) throw new Error(`stream → ${res.status}`);
    c.done = c.read(res.body);
    return c;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        for (const { event, data } of parser.push(decoder.decode(chunk, { stream: true }))) {
          this.events.push({ event, data: JSON.parse(data), receivedAt: performance.now() });
          for (const w of this.waiters.splice(0)) w();
        }
      }
    } catch {
      /* aborted */
    }
  }

  /** Resolves with the first event (from the start) that matches, waiting up to timeoutMs. */
  async waitFor(pred: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching stream event within ${timeoutMs} ms; got ${this.events.map((e) => e.event).join(',')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
