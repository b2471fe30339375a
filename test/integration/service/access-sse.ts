// A minimal Server-Sent Events reader over fetch for GET /replication/stream:
// it collects every message (`hello`, `resync`, `records`, `change`) and lets a
// test wait for one. A `records` message (every record collection of one range)
// is read as one batch per collection, like an events `change`. Always close() a stream before stopping the service.
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

/** The batches one message carries: a `records` range split per collection, or an events `change`. */
export function batchesOf(m: SseMessage): ChangeBatch[] {
  if (m.event === 'change') return [m.data as ChangeBatch];
  if (m.event !== 'records') return [];
  const page = m.data as { rows: Array<{ collection: string; deleted: boolean; doc: { id: string } & Record<string, unknown> }>; checkpoint: { seq: number } };
  const byCollection = new Map<string, ChangeBatch>();
  for (const r of page.rows) {
    let b = byCollection.get(r.collection);
    if (!b) byCollection.set(r.collection, (b = { collection: r.collection, documents: [], checkpoint: page.checkpoint }));
    b.documents.push({ ...r.doc, _deleted: r.deleted });
  }
  return [...byCollection.values()];
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
    return this.messages.flatMap(batchesOf);
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

  /** Resolves with the batch of `collection` carrying document `id`, when it arrives. */
  async waitForDocument(collection: string, id: string, timeoutMs = 5000): Promise<ChangeBatch> {
    const has = (b: ChangeBatch) => b.collection === collection && b.documents.some((d) => d.id === id);
    const m = await this.waitFor((x) => batchesOf(x).some(has), timeoutMs);
    return batchesOf(m).find(has)!;
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
