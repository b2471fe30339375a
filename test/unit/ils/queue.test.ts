// The ILS queue's state machine against a fake ILS: order, refusals, backoff
// while unreachable, reconciliation of lost replies and crashes, dedupe.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ILS_JOURNAL_FILE, IlsQueue } from '#main/ils/queue';
import type { IlsHealth, IlsOp, IlsOpInput, IlsQueueOptions, IlsTimers } from '#main/ils/queue';
import { IlsTransportError } from '#main/ils/transport';
import type { IlsCheckinRequest, IlsCheckoutRequest, IlsItemStatus, IlsReply, IlsTransport } from '#main/ils/transport';

const T0 = Date.parse('2024-03-01T02:00:00.000Z');

class Clock {
  ms = T0;
  now = (): Date => new Date(this.ms);
}

class ManualTimers implements IlsTimers {
  readonly delays: number[] = [];
  private pending = new Map<number, () => void>();
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.delays.push(ms);
    this.pending.set(id, callback);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get count(): number {
    return this.pending.size;
  }

  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const callback of due) callback();
  }
}

type Mode = 'up' | 'down' | 'auth';

/** An ILS in memory: loans by item, with switches for the failures the queue must survive. */
class FakeIls implements IlsTransport {
  readonly calls: string[] = [];
  loans = new Map<string, string>();
  readonly refusals = new Map<string, string>();
  readonly checkouts: IlsCheckoutRequest[] = [];
  readonly checkins: IlsCheckinRequest[] = [];
  /** The op's journal state on disk at the moment each transaction was sent. */
  readonly stateOnDiskAtSend: string[] = [];
  mode: Mode = 'up';
  /** Apply the next n transactions, then fail as if the reply were lost. */
  loseReplies = 0;
  listsChargedItems = true;
  invalid = new Set<string>();
  private gate: Promise<void> | null = null;
  private openGate: ((error?: Error) => void) | null = null;

  constructor(private readonly dir: string | null = null) {}

  /** Requests wait (after being applied) until release(). */
  hold(): void {
    this.gate = new Promise((resolve, reject) => {
      this.openGate = (error) => (error === undefined ? resolve() : reject(error));
    });
  }

  /** Lets held requests answer, or fail with `error` (the connection closed under them). */
  release(error?: Error): void {
    this.openGate?.(error);
    this.gate = null;
  }

  private reachable(): void {
    if (this.mode === 'down') throw new IlsTransportError('unreachable', 'CONNECTION_REFUSED', 'cannot connect to ils:6001');
    if (this.mode === 'auth') throw new IlsTransportError('auth', 'LOGIN_FAILED', "ACS refused login for user 'desk1'");
  }

  async connect(): Promise<void> {
    this.reachable();
  }

  private recordDisk(itemId: string): void {
    if (this.dir === null) return;
    const lines = readFileSync(join(this.dir, ILS_JOURNAL_FILE), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const last = lines
      .map((l) => JSON.parse(l) as IlsOp)
      .filter((op) => op.itemId === itemId)
      .pop();
    this.stateOnDiskAtSend.push(last?.state ?? 'missing');
  }

  private async transaction(describe: string, itemId: string, apply: () => IlsReply): Promise<IlsReply> {
    this.reachable();
    this.recordDisk(itemId);
    this.calls.push(describe);
    if (this.invalid.has(itemId)) throw new IlsTransportError('invalid', 'INVALID_REQUEST', 'field value contains |');
    const reply = apply();
    if (this.gate !== null) await this.gate;
    if (this.loseReplies > 0) {
      this.loseReplies--;
      throw new IlsTransportError('unknown', 'CONNECTION_LOST', 'server closed the connection while waiting for a reply');
    }
    return reply;
  }

  checkout(request: IlsCheckoutRequest): Promise<IlsReply> {
    this.checkouts.push(request);
    return this.transaction(`11 ${request.patronId} ${request.itemId}${request.noBlock ? ' noblock' : ''}`, request.itemId, () => {
      const refusal = this.refusals.get(request.itemId);
      if (refusal !== undefined) return { ok: false, screenMessage: [refusal], printLine: [] };
      if (this.loans.get(request.itemId) === request.patronId) return { ok: false, screenMessage: ['Item is already checked out to this patron'], printLine: [] };
      this.loans.set(request.itemId, request.patronId);
      return { ok: true, screenMessage: [], printLine: [], dueDate: '20240315    235959' };
    });
  }

  checkin(request: IlsCheckinRequest): Promise<IlsReply> {
    this.checkins.push(request);
    return this.transaction(`09 ${request.itemId}${request.noBlock ? ' noblock' : ''}`, request.itemId, () => {
      const refusal = this.refusals.get(request.itemId);
      if (refusal !== undefined) return { ok: false, screenMessage: [refusal], printLine: [] };
      const patronId = this.loans.get(request.itemId);
      this.loans.delete(request.itemId);
      return { ok: true, screenMessage: [], printLine: [], patronId };
    });
  }

  /** What Item Information answers instead of the loans' truth (e.g. 01 for a barcode the ILS does not know). */
  statusOverride: IlsItemStatus | null = null;
  /** The ILS has no Item Information (BX says so). */
  no17 = false;

  async itemStatus(itemId: string): Promise<IlsItemStatus> {
    this.reachable();
    if (this.no17) throw new IlsTransportError('unsupported', 'NOT_SUPPORTED', 'no Item Information (17)');
    this.calls.push(`17 ${itemId}`);
    if (this.statusOverride !== null) return this.statusOverride;
    const charged = this.loans.has(itemId);
    return { charged, circulationStatus: charged ? '04' : '03', evidence: charged ? 'charged' : 'not-charged' };
  }

  async chargedItems(patronId: string): Promise<readonly string[] | null> {
    this.reachable();
    this.calls.push(`63 ${patronId}`);
    if (!this.listsChargedItems) return null;
    return [...this.loans].filter(([, patron]) => patron === patronId).map(([item]) => item);
  }
}

let dir: string;
let clock: Clock;
let timers: ManualTimers;
const queues: IlsQueue[] = [];

async function openQueue(transport: IlsTransport | null, options: Partial<IlsQueueOptions> = {}): Promise<IlsQueue> {
  const queue = await IlsQueue.open({ dir, transport, now: clock.now, timers, backoff: { initialMs: 1000, maxMs: 30_000 }, ...options });
  queues.push(queue);
  return queue;
}

function checkout(key: string, itemId: string, extra: Partial<IlsOpInput> = {}): IlsOpInput {
  return { key, kind: 'checkout', itemId, patronId: 'ILL-NTL', at: new Date(clock.ms).toISOString(), libraryId: 'TPML', eventId: `ev-${key}`, ...extra };
}

function checkin(key: string, itemId: string, extra: Partial<IlsOpInput> = {}): IlsOpInput {
  return { key, kind: 'checkin', itemId, at: new Date(clock.ms).toISOString(), libraryId: 'TPML', eventId: `ev-${key}`, ...extra };
}

function states(queue: IlsQueue): string[] {
  return queue.list().map((op) => `${op.key}:${op.state}`);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ils-queue-'));
  clock = new Clock();
  timers = new ManualTimers();
});

afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('IlsQueue: order, refusals, dedupe', () => {
  it('sends ops one by one in enqueue order, each written "sending" before it leaves', async () => {
    const ils = new FakeIls(dir);
    const queue = await openQueue(ils);
    const results = await queue.enqueue([checkout('a', 'I1'), checkin('b', 'I9'), checkout('c', 'I2')]);
    expect(results.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
    await queue.idle();
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '09 I9', '11 ILL-NTL I2']);
    expect(ils.stateOnDiskAtSend).toEqual(['sending', 'sending', 'sending']);
    expect(states(queue)).toEqual(['a:done', 'b:done', 'c:done']);
    expect(queue.get('a')).toMatchObject({ attempts: 1, reconciled: false, noBlock: false, reply: { ok: true, dueDate: '20240315    235959' } });
    expect(queue.health()).toMatchObject({ state: 'idle', queued: 0, refused: 0, lastError: null });
  });

  it('the same key is one op: within a batch, across batches, and after a restart', async () => {
    const ils = new FakeIls();
    const queue = await openQueue(ils);
    const first = await queue.enqueue([checkout('k', 'I1'), checkout('k', 'I1')]);
    expect(first.map((r) => r.status)).toEqual(['queued', 'duplicate']);
    expect(first[1]?.op?.seq).toBe(first[0]?.op?.seq);
    await queue.idle();
    expect((await queue.enqueue([checkout('k', 'I1')]))[0]).toMatchObject({ status: 'duplicate', op: { state: 'done' } });
    await queue.close();
    const reopened = await openQueue(ils);
    expect((await reopened.enqueue([checkout('k', 'I1')]))[0]?.status).toBe('duplicate');
    await reopened.idle();
    expect(ils.calls).toEqual(['11 ILL-NTL I1']);
  });

  it('reports invalid inputs without queueing them', async () => {
    const queue = await openQueue(null);
    const bad: unknown[] = [
      { ...checkout('x1', 'I1'), patronId: undefined },
      { ...checkout('x2', 'I|1') },
      { ...checkin('x3', 'I1'), at: 'yesterday' },
      { ...checkin('x4', 'I1'), kind: 'renew' },
      { ...checkin('', 'I1') },
      { ...checkin('x6', 'I1'), context: { a: 1 } },
      null,
    ];
    const results = await queue.enqueue(bad as IlsOpInput[]);
    expect(results.map((r) => r.status)).toEqual(Array(7).fill('invalid'));
    expect(results[0]?.error).toContain('patronId');
    expect(queue.list()).toEqual([]);
  });

  it('a refusal does not block the ops behind it; ack reports it, retry sends it again', async () => {
    const ils = new FakeIls();
    ils.refusals.set('I2', 'Patron is blocked: please see the circulation desk');
    const queue = await openQueue(ils);
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2'), checkout('c', 'I3')]);
    await queue.idle();
    expect(states(queue)).toEqual(['a:done', 'b:refused', 'c:done']);
    expect(queue.get('b')).toMatchObject({ screenMessage: 'Patron is blocked: please see the circulation desk', reply: { ok: false } });
    expect(queue.health()).toMatchObject({ state: 'idle', refused: 1 });

    expect((await queue.ack('b'))?.state).toBe('reported');
    expect(queue.health().refused).toBe(0);
    expect((await queue.ack('a'))?.state).toBe('done');
    expect(await queue.ack('nope')).toBeNull();
    expect((await queue.enqueue([checkout('b', 'I2')]))[0]?.status).toBe('duplicate');

    ils.refusals.delete('I2');
    expect((await queue.retry('b'))?.state).toBe('queued');
    await queue.idle();
    expect(queue.get('b')).toMatchObject({ state: 'done', attempts: 2, screenMessage: '' });
    expect(ils.calls.filter((c) => c.includes('I2'))).toHaveLength(2);
  });

  it('an op that can never be encoded ends refused with the reason, and the next one goes', async () => {
    const ils = new FakeIls();
    ils.invalid.add('I1');
    const queue = await openQueue(ils);
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2')]);
    await queue.idle();
    expect(states(queue)).toEqual(['a:refused', 'b:done']);
    expect(queue.get('a')?.lastError).toEqual({ code: 'INVALID_REQUEST', message: 'field value contains |' });
  });
});

describe('IlsQueue: the ILS unreachable', () => {
  it('keeps the head queued, sends nothing behind it, backs off up to the cap, and replays in order when back', async () => {
    const ils = new FakeIls();
    ils.mode = 'down';
    const queue = await openQueue(ils);
    await queue.enqueue([checkout('a', 'I1'), checkin('b', 'I7'), checkout('c', 'I2')]);
    await queue.idle();
    expect(ils.calls).toEqual([]);
    expect(states(queue)).toEqual(['a:queued', 'b:queued', 'c:queued']);
    expect(queue.get('a')).toMatchObject({ attempts: 0, outcomeUnknown: false, lastError: { code: 'CONNECTION_REFUSED' } });
    expect(queue.health()).toMatchObject({ state: 'unreachable', lastErrorCode: 'CONNECTION_REFUSED', queued: 3 });
    expect(queue.health().nextRetryAt).toBe(new Date(T0 + 1000).toISOString());

    const journalBytes = readFileSync(join(dir, ILS_JOURNAL_FILE)).length;
    for (let i = 0; i < 7; i++) {
      timers.fire();
      await queue.idle();
    }
    expect(timers.delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(ils.calls).toEqual([]);
    // Nothing was ever "sending": the connection failed before any request could leave.
    expect(readFileSync(join(dir, ILS_JOURNAL_FILE)).length).toBe(journalBytes);

    // New work while waiting does not hammer the ILS.
    await queue.enqueue([checkout('d', 'I3')]);
    await queue.idle();
    expect(timers.count).toBe(1);

    ils.mode = 'up';
    queue.kick();
    await queue.idle();
    expect(timers.count).toBe(0);
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '09 I7', '11 ILL-NTL I2', '11 ILL-NTL I3']);
    expect(states(queue)).toEqual(['a:done', 'b:done', 'c:done', 'd:done']);
    expect(queue.health()).toMatchObject({ state: 'idle', lastError: null, nextRetryAt: null });
  });

  it('a refused login is an error, not a send: attempts stay 0', async () => {
    const ils = new FakeIls();
    ils.mode = 'auth';
    const queue = await openQueue(ils);
    await queue.enqueue([checkout('a', 'I1')]);
    await queue.idle();
    expect(queue.get('a')).toMatchObject({ state: 'queued', attempts: 0, lastError: { code: 'LOGIN_FAILED' } });
    expect(queue.health()).toMatchObject({ state: 'error', lastErrorCode: 'LOGIN_FAILED' });
  });
});

describe('IlsQueue: unknown outcomes are reconciled, not resent blindly', () => {
  it('a lost checkout reply: Item Information says charged → done, reconciled, one checkout only', async () => {
    const ils = new FakeIls();
    ils.loseReplies = 1;
    const queue = await openQueue(ils);
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2')]);
    await queue.idle();
    expect(queue.get('a')).toMatchObject({ state: 'queued', outcomeUnknown: true, attempts: 1, lastError: { code: 'CONNECTION_LOST' } });
    expect(queue.get('b')?.state).toBe('queued');
    expect(queue.health().state).toBe('unreachable');

    timers.fire();
    await queue.idle();
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '17 I1', '63 ILL-NTL', '11 ILL-NTL I2']);
    expect(queue.get('a')).toMatchObject({ state: 'done', reconciled: true, attempts: 1, outcomeUnknown: false });
    expect(queue.get('b')).toMatchObject({ state: 'done', reconciled: false });
  });

  it('a lost request (never applied): Item Information says not charged → sent again', async () => {
    const ils = new FakeIls();
    const queue = await openQueue(ils);
    // The ILS loses the request itself: fail before applying.
    ils.mode = 'up';
    const original = ils.checkout.bind(ils);
    let first = true;
    ils.checkout = async (request) => {
      if (first) {
        first = false;
        ils.calls.push('11 lost');
        throw new IlsTransportError('unknown', 'TIMEOUT', 'no reply within 10000 ms');
      }
      return original(request);
    };
    await queue.enqueue([checkout('a', 'I1')]);
    await queue.idle();
    timers.fire();
    await queue.idle();
    expect(ils.calls).toEqual(['11 lost', '17 I1', '11 ILL-NTL I1']);
    expect(queue.get('a')).toMatchObject({ state: 'done', reconciled: false, attempts: 2 });
  });

  it('charged to someone else (not in the patron charged list) → sent again; an ILS that lists nothing is trusted', async () => {
    const ils = new FakeIls();
    ils.loans.set('I1', 'OTHER');
    ils.loseReplies = 0;
    const queue = await openQueue(ils);
    ils.checkout = async () => {
      ils.calls.push('11 lost');
      throw new IlsTransportError('unknown', 'CONNECTION_LOST', 'lost');
    };
    await queue.enqueue([checkout('a', 'I1')]);
    await queue.idle();
    ils.checkout = FakeIls.prototype.checkout.bind(ils);
    timers.fire();
    await queue.idle();
    expect(ils.calls).toEqual(['11 lost', '17 I1', '63 ILL-NTL', '11 ILL-NTL I1']);
    expect(queue.get('a')?.state).toBe('done');

    ils.listsChargedItems = false;
    ils.loans.set('I5', 'OTHER');
    ils.checkout = async () => {
      ils.calls.push('11 lost');
      throw new IlsTransportError('unknown', 'CONNECTION_LOST', 'lost');
    };
    await queue.enqueue([checkout('b', 'I5')]);
    await queue.idle();
    timers.fire();
    await queue.idle();
    expect(queue.get('b')).toMatchObject({ state: 'done', reconciled: true });
  });

  it('a lost checkin reply: not charged → done, reconciled', async () => {
    const ils = new FakeIls();
    ils.loans.set('I1', 'P1');
    ils.loseReplies = 1;
    const queue = await openQueue(ils);
    await queue.enqueue([checkin('a', 'I1')]);
    await queue.idle();
    timers.fire();
    await queue.idle();
    expect(ils.calls).toEqual(['09 I1', '17 I1']);
    expect(queue.get('a')).toMatchObject({ state: 'done', reconciled: true });
  });

  it('reconciliation that cannot reach the ILS keeps the doubt and the order', async () => {
    const ils = new FakeIls();
    ils.loseReplies = 1;
    const queue = await openQueue(ils);
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2')]);
    await queue.idle();
    ils.mode = 'down';
    timers.fire();
    await queue.idle();
    expect(queue.get('a')).toMatchObject({ state: 'queued', outcomeUnknown: true, attempts: 1 });
    ils.mode = 'up';
    timers.fire();
    await queue.idle();
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '17 I1', '63 ILL-NTL', '11 ILL-NTL I2']);
  });

  it('an op left "sending" by a crash is reconciled after restart', async () => {
    const ils = new FakeIls(dir);
    ils.hold();
    const first = await openQueue(ils);
    await first.enqueue([checkout('a', 'I1'), checkout('b', 'I2')]);
    // The request is out (and applied once released); the process "dies" before the reply.
    await expect.poll(() => ils.calls).toEqual(['11 ILL-NTL I1']);
    const closing = first.close();
    ils.release();
    await closing;
    const onDisk = readFileSync(join(dir, ILS_JOURNAL_FILE), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as IlsOp);
    expect(onDisk.filter((op) => op.key === 'a').pop()?.state).toBe('sending');
    expect(ils.loans.get('I1')).toBe('ILL-NTL');

    const second = await openQueue(ils);
    await second.idle();
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '17 I1', '63 ILL-NTL', '11 ILL-NTL I2']);
    expect(second.get('a')).toMatchObject({ state: 'done', reconciled: true, attempts: 1 });
  });
});

describe('IlsQueue: offline transactions keep their time', () => {
  it('fresh ops are normal transactions; ops older than noBlockAfterMs go no-block with the desk due date; checkins carry op.at', async () => {
    const ils = new FakeIls();
    const queue = await openQueue(null, { noBlockAfterMs: 5 * 60_000 });
    const at = new Date(T0).toISOString();
    await queue.enqueue([
      checkout('fresh', 'I1', { dueDate: '2024-03-29T15:59:59.000Z' }),
      checkin('back', 'I9'),
    ]);
    clock.ms = T0 + 60_000;
    await queue.enqueue([checkout('late', 'I2', { at, dueDate: '2024-03-29T15:59:59.000Z' })]);
    // The ILS comes into reach (configured) 4 minutes after the first ops.
    clock.ms = T0 + 4 * 60_000;
    ils.hold();
    queue.setTransport(ils);
    await expect.poll(() => ils.calls.length).toBe(1);
    clock.ms = T0 + 6 * 60_000;
    ils.release();
    await queue.idle();
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '09 I9 noblock', '11 ILL-NTL I2 noblock']);
    expect(ils.checkouts[0]).toMatchObject({ noBlock: false });
    expect(ils.checkouts[1]).toMatchObject({ noBlock: true, nbDueDate: new Date('2024-03-29T15:59:59.000Z') });
    expect(ils.checkins[0]?.returnDate.toISOString()).toBe(at);
    expect(queue.get('late')?.noBlock).toBe(true);
  });
});

describe('IlsQueue: transport, health, events, compaction', () => {
  it('without a transport it is disabled and keeps ops; a transport swapped mid-request leaves the op to be reconciled', async () => {
    const queue = await openQueue(null);
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2')]);
    expect(queue.health()).toMatchObject({ state: 'disabled', queued: 2 });

    const oldIls = new FakeIls();
    oldIls.hold();
    queue.setTransport(oldIls);
    await expect.poll(() => oldIls.calls).toEqual(['11 ILL-NTL I1']);
    const newIls = new FakeIls();
    newIls.loans = oldIls.loans;
    queue.setTransport(newIls);
    // The old connection is closed under the request, after the ILS applied it.
    oldIls.release(new IlsTransportError('unknown', 'CLOSED', 'SIP2 client closed'));
    await queue.idle();
    await expect.poll(() => queue.get('b')?.state).toBe('done');
    expect(newIls.calls).toEqual(['17 I1', '63 ILL-NTL', '11 ILL-NTL I2']);
    expect(queue.get('a')).toMatchObject({ state: 'done', reconciled: true });
    expect(queue.health().state).toBe('idle');
    expect(timers.count).toBe(0);
  });

  it('onChange sends the op list (batched), onHealth each state change', async () => {
    const ils = new FakeIls();
    ils.mode = 'down';
    const queue = await openQueue(ils);
    const lists: string[][] = [];
    const health: IlsHealth[] = [];
    queue.onChange((ops) => lists.push(ops.map((op) => `${op.key}:${op.state}`)));
    queue.onHealth((h) => health.push(h));
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2')]);
    await queue.idle();
    ils.mode = 'up';
    queue.kick();
    await queue.idle();
    await Promise.resolve();
    expect(lists[0]).toEqual(['a:queued', 'b:queued']);
    expect(lists.at(-1)).toEqual(['a:done', 'b:done']);
    const seen = health.map((h) => h.state).filter((s, i, all) => s !== all[i - 1]);
    expect(seen).toEqual(['idle', 'working', 'unreachable', 'working', 'idle']);
    expect(health.at(-1)).toMatchObject({ queued: 0, refused: 0 });
  });

  it('list filters by state, limits, and can start from the newest', async () => {
    const ils = new FakeIls();
    ils.refusals.set('I2', 'no');
    const queue = await openQueue(ils);
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2'), checkout('c', 'I3')]);
    await queue.idle();
    expect(queue.list({ states: ['refused'] }).map((op) => op.key)).toEqual(['b']);
    expect(queue.list({ limit: 2 }).map((op) => op.key)).toEqual(['a', 'b']);
    expect(queue.list({ order: 'newest', limit: 2 }).map((op) => op.key)).toEqual(['c', 'b']);
  });

  it('compaction shrinks old finished ops to their keys, which still dedupe', async () => {
    const ils = new FakeIls();
    const queue = await openQueue(ils, { keepFinished: 2 });
    await queue.enqueue([checkout('a', 'I1'), checkout('b', 'I2'), checkout('c', 'I3'), checkout('d', 'I4')]);
    await queue.idle();
    ils.mode = 'down';
    await queue.enqueue([checkout('e', 'I5')]);
    await queue.idle();
    await queue.close();

    const reopened = await openQueue(null, { keepFinished: 2 });
    expect(states(reopened)).toEqual(['c:done', 'd:done', 'e:queued']);
    const lines = readFileSync(join(dir, ILS_JOURNAL_FILE), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ key: 'a', archived: true, state: 'done', seq: 1 });
    expect(reopened.knows('a')).toBe(true);
    expect((await reopened.enqueue([checkout('a', 'I1')]))[0]).toEqual({ key: 'a', status: 'duplicate', op: null });
    expect((await reopened.enqueue([checkout('f', 'I6')]))[0]?.op?.seq).toBe(6);
  });

  it('rejects enqueue after close', async () => {
    const queue = await openQueue(null);
    await queue.close();
    await expect(queue.enqueue([checkout('a', 'I1')])).rejects.toThrow('ILS queue is closed');
  });
});

describe('IlsQueue: lost replies the ILS cannot settle go to staff (issue 19)', () => {
  it('an unknown barcode (01) after a lost checkin reply is not "checked in": the op is stuck, not done', async () => {
    const ils = new FakeIls();
    ils.loans.set('I1', 'P1');
    const queue = await openQueue(ils);
    ils.loseReplies = 1;
    await queue.enqueue([checkin('a', 'I1')]);
    await queue.idle();
    ils.statusOverride = { circulationStatus: '01', charged: false, evidence: 'unknown', screenMessage: 'Item not found' };
    timers.fire();
    await queue.idle();
    expect(queue.get('a')).toMatchObject({ state: 'stuck', reconciled: false, lastError: { code: 'UNDETERMINED' } });
    expect(queue.get('a')?.lastError?.message).toContain('01 (Item not found)');
    expect(queue.health()).toMatchObject({ stuck: 1 });
  });

  it('no Item Information: stuck at once, the queue goes on with other items, the same item waits behind it', async () => {
    const ils = new FakeIls();
    ils.no17 = true;
    const queue = await openQueue(ils);
    ils.loseReplies = 1;
    await queue.enqueue([checkout('a', 'I1'), checkin('b', 'I1'), checkout('c', 'I2')]);
    await queue.idle();
    timers.fire();
    await queue.idle();
    expect(states(queue)).toEqual(['a:stuck', 'b:queued', 'c:done']);
    expect(queue.health().state).not.toBe('unreachable');
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '11 ILL-NTL I2']);

    // The stuck op survives a restart as stuck.
    await queue.close();
    const again = await openQueue(ils);
    expect(again.get('a')?.state).toBe('stuck');

    // Staff checked the library's system: the checkout is there.
    const resolved = await again.resolve('a', 'done', 'seen in the ILS');
    expect(resolved).toMatchObject({ state: 'done', resolution: { outcome: 'done', note: 'seen in the ILS' } });
    await again.idle();
    expect(again.get('b')?.state).toBe('done');
    expect(ils.calls).toEqual(['11 ILL-NTL I1', '11 ILL-NTL I2', '09 I1']);
  });

  it('retry on a stuck op checks again; cancel with a note leaves it unsent for good', async () => {
    const ils = new FakeIls();
    ils.no17 = true;
    const queue = await openQueue(ils);
    ils.loseReplies = 1;
    await queue.enqueue([checkout('a', 'I1')]);
    await queue.idle();
    timers.fire();
    await queue.idle();
    expect(queue.get('a')?.state).toBe('stuck');
    ils.no17 = false;
    await queue.retry('a');
    await queue.idle();
    expect(queue.get('a')).toMatchObject({ state: 'done', reconciled: true });

    ils.no17 = true;
    ils.loseReplies = 1;
    await queue.enqueue([checkout('x', 'I3')]);
    await queue.idle();
    timers.fire();
    await queue.idle();
    expect((await queue.resolve('x', 'cancelled', 'never lent'))?.state).toBe('cancelled');
    expect(queue.get('x')).toMatchObject({ resolution: { outcome: 'cancelled', note: 'never lent' }, outcomeUnknown: false });
  });
});
