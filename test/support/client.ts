// Test support: talking to the service as a desk or as the administrator.
import { newId } from '#shared/domain/ids';
import { HybridLogicalClock } from '#shared/domain/hlc';
import type { EventPayload, EventType } from '#shared/domain/events';
import { MAX_PULL_LIMIT, MAX_RECORDS_PULL_LIMIT, SYNC_PATHS, collectionPullPath, pullQuery, type RecordRow, type RecordsPage } from '#shared/sync/protocol';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

export async function http<T = unknown>(base: string, method: string, path: string, opts: { token?: string; body?: unknown; rawBody?: string; contentType?: string } = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['content-type'] = opts.contentType ?? 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed as T };
}

export class AdminClient {
  constructor(readonly base: string, readonly token: string) {}
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await http<T>(this.base, method, path, { token: this.token, body });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  async pairDesk(libraryId: string, role: 'staff' | 'kiosk' = 'staff', name = `${libraryId} desk`): Promise<DeskClient> {
    const { code } = await this.call<{ code: string }>('POST', '/admin/pairing-codes', { libraryId, role });
    const res = await http<{ deviceId: string; token: string }>(this.base, 'POST', '/pair', { body: { code, name } });
    if (res.status !== 200) throw new Error(`pairing failed: ${JSON.stringify(res.body)}`);
    return new DeskClient(this.base, res.body.deviceId, libraryId, res.body.token, role);
  }
  patron(id: string, homeLibraryId: string, card: string, extra: Record<string, unknown> = {}) {
    return this.call('PUT', `/admin/patrons/${id}`, { homeLibraryId, cardNumbers: [card], name: '王小明', status: 'active', expiresOn: '2099-12-31', blocks: [], ...extra });
  }
  request(borrowerLibraryId: string, lenderLibraryId: string, patronId: string, barcode: string, extra: Record<string, unknown> = {}) {
    return this.call<{ id: string }>('POST', '/admin/requests', {
      borrowerLibraryId, lenderLibraryId, patronId,
      item: { barcode, title: '資料結構與演算法', author: '李四', callNumber: 'QA76.9 .D35', location: '3F 書庫', parts: 1 },
      ...extra,
    });
  }
  records<T = Record<string, unknown>>(collection: string): Promise<{ documents: T[] }> {
    return this.call('GET', `/admin/records/${collection}?limit=5000`);
  }
  async record<T = Record<string, unknown>>(collection: string, id: string): Promise<T | undefined> {
    const { documents } = await this.records<T & { id: string }>(collection);
    return documents.find((d) => d.id === id);
  }
}

export interface PushResponse {
  conflicts: unknown[];
  results: Array<{ id: string; status: string; reason?: string; outcome?: Record<string, unknown> }>;
}

export class DeskClient {
  readonly clock: HybridLogicalClock;
  /** Overrides the event time (ISO) for tests about dates; null = now. */
  at: string | null = null;
  constructor(readonly base: string, readonly deviceId: string, readonly libraryId: string, readonly token: string, readonly role: string) {
    this.clock = new HybridLogicalClock(deviceId);
  }
  event<T extends EventType>(type: T, payload: EventPayload<T>, overrides: Record<string, unknown> = {}) {
    return {
      id: newId(), deviceId: this.deviceId, libraryId: this.libraryId, hlc: this.clock.now(),
      at: this.at ?? new Date().toISOString(), type, payload, status: 'pending', reason: '', ...overrides,
    };
  }
  pushRaw(docs: unknown[]): Promise<HttpResult<PushResponse>> {
    return http<PushResponse>(this.base, 'POST', SYNC_PATHS.eventsPush, { token: this.token, body: docs.map((d) => ({ newDocumentState: d })) });
  }
  async push<T extends EventType>(type: T, payload: EventPayload<T>): Promise<PushResponse['results'][number]> {
    const res = await this.pushRaw([this.event(type, payload)]);
    if (res.status !== 200) throw new Error(`push ${type} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.results[0]!;
  }
  async pullAll<T = Record<string, unknown>>(collection: string, seq = 0): Promise<{ documents: T[]; checkpoint: { seq: number } }> {
    const documents: T[] = [];
    let cp = seq;
    for (;;) {
      const res = await http<{ documents: T[]; checkpoint: { seq: number } }>(this.base, 'GET', `${collectionPullPath(collection as never)}${pullQuery(cp, MAX_PULL_LIMIT)}`, { token: this.token });
      if (res.status !== 200) throw new Error(`pull ${collection} → ${res.status} ${JSON.stringify(res.body)}`);
      documents.push(...res.body.documents);
      if (res.body.documents.length === 0) return { documents, checkpoint: { seq: cp } };
      cp = res.body.checkpoint.seq;
    }
  }

  /** Every record of the device's scope through the one record pull, page by page until empty. */
  async pullRecords(seq = 0, limit = MAX_RECORDS_PULL_LIMIT): Promise<{ rows: RecordRow[]; checkpoint: { seq: number }; pages: number }> {
    const rows: RecordRow[] = [];
    let cp = seq;
    for (let pages = 1; ; pages++) {
      const res = await http<RecordsPage>(this.base, 'GET', `${SYNC_PATHS.pull}${pullQuery(cp, limit)}`, { token: this.token });
      if (res.status !== 200) throw new Error(`pull → ${res.status} ${JSON.stringify(res.body)}`);
      rows.push(...res.body.rows);
      if (res.body.rows.length === 0) return { rows, checkpoint: { seq: cp }, pages };
      cp = res.body.checkpoint.seq;
    }
  }
}
