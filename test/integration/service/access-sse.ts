// A minimal Server-Sent Events reader over fetch for GET /replication/stream:
// it collects every message (`hello`, `resync`, `change`) and lets a test wait
// for one. Always close() a stream before stopping the service.
import { SseParser } from '#shared/sse-parser';

export interface SseMessage {
  event: string;
  data: unknown;
}

export interface ChangeBatch {
  collection: string;
  documents: Array<Record<string, unknown> & { id: string }>;
  checkpoint: { seq: number };
}

export class SseStream {
  readonly messages: SseMessage[] = [];
  /** True once the service ended the response (or the connection failed). */
  ended = false;
  private listeners = new Set<() => void>();

  private constructor(
    private readonly controller: AbortController,
    body: ReadableStream<Uint8Array>,
  ) {
    void this.pump(body);
  }

  static async open(base: string, token: string): Promise<SseStream> {
    const controller = new AbortController();
    const res = await fetch(`${base}/replication/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
    if (res.status !== 200 || !res.body) {
      controller.abort();
      throw new Error(`stream refused: ${res.status}`);
    }
    if (!res.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`not an event stream: ${res.headers.get('content-type')}`);
    const stream = new SseStream(controller, res.body);
    await stream.waitFor((m) => m.event === 'resync');
    return stream;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const { event, data } of parser.push(decoder.decode(value, { stream: true }))) {
          let parsed: unknown = data;
          try {
            parsed = JSON.parse(data);
          } catch {
            /* keep text */
          }
          this.messages.push({ event, data: parsed });
          this.notify();
        }
      }
    } catch {
      /* aborted by close() or the connection dropped */
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  get changes(): ChangeBatch[] {
    return this.messages.filter((m) => m.event === 'change').map((m) => m.data as ChangeBatch);
  }

  /** Every (collection, document) the stream carried. */
  get documents(): Array<{ collection: string; doc: ChangeBatch['documents'][number] }> {
    return this.changes.flatMap((c) => c.documents.map((doc) => ({ collection: c.collection, doc })));
  }

  /** Resolves with the first message (already received or still to come) that matches; rejects after timeoutMs. */
  waitFor(match: (m: SseMessage) => boolean, timeoutMs = 5000): Promise<SseMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.messages.find(match);
        if (m) {
          done();
          resolve(m);
        } else if (this.ended) {
          done();
          reject(new Error('the stream ended before the expected message'));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching stream message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((m) => m.event))}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  /** Resolves when a change in `collection` carrying document `id` arrives. */
  waitForDocument(collection: string, id: string, timeoutMs = 5000): Promise<SseMessage> {
    return this.waitFor((m) => m.event === 'change' && (m.data as ChangeBatch).collection === collection && (m.data as ChangeBatch).documents.some((d) => d.id === id), timeoutMs);
  }

  /** Resolves true once the stream has ended, false if it is still open after timeoutMs. */
  async waitForEnd(timeoutMs: number): Promise<boolean> {
    if (this.ended) return true;
    return new Promise((resolve) => {
      const check = () => {
        if (!this.ended) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        resolve(false);
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  close(): void {
    this.controller.abort();
  }
}
