// The desk's view of an RFID pad, whatever its make: it polls the inventory
// continuously and tells, with typed events, which tags arrived, which left
// (only after several consecutive misses, so a tag flickering at the edge of
// the field does not "leave"), and what each tag holds. It writes security
// (AFI) and verifies it by reading back, and it keeps itself connected:
// when the pad is unplugged it reports so and comes back on its own.

import type { Transport, TransportCloseReason, TransportOpener } from '#main/link/transport';
import type { InventoryEntry, PadDriver, PadDriverFactory, PadKind, SecurityAfi } from './driver';
import { isTransient, padError } from './errors';
import type { PadError } from './errors';
import { ReconnectingLink } from '#main/link/reconnecting-link';
import type { BackoffOptions } from '#main/link/reconnecting-link';
import { setCompleteness } from './set-completeness';
import type { SetCompleteness } from './set-completeness';
import { decodeTagMemory, securityOf } from './tag-data/tag-decode';
import type { TagInfo } from './tag-data/tag-decode';
import { TypedEmitter } from '#main/link/typed-emitter';
import type { Result } from '#shared/codecs/result';

export interface PadReaderOptions {
  readonly kind: PadKind;
  readonly opener: TransportOpener;
  readonly driver: PadDriverFactory;
  /** Shown until the transport reports its own address. */
  readonly address?: string;
  /** Pause between inventory rounds (default 50 ms). */
  readonly pollIntervalMs?: number;
  /** Consecutive inventories without a tag before it counts as gone (default 3). */
  readonly missesBeforeLeft?: number;
  /** Attempts to read a tag's data before reporting READ_FAILED (default 3). */
  readonly maxReadAttempts?: number;
  /** AFI values for secured / unsecured; the pad family's pair by default. */
  readonly afi?: SecurityAfi;
  readonly backoff?: BackoffOptions;
}

export type { TagErrorCode, TagError, TagArrivedEvent, TagLeftEvent, TagDataEvent, TagErrorEvent, SecurityEvent, InventoryRoundEvent, ReaderErrorEvent, ReaderStatusEvent, PadReaderEvents, TagSnapshot, SecurityOutcome } from './pad-reader-events';
import type { TagError, ReaderStatusEvent, PadReaderEvents, TagSnapshot, SecurityOutcome } from './pad-reader-events';

interface TagState {
  uid: string;
  dsfid: number | null;
  misses: number;
  needsRead: boolean;
  readAttempts: number;
  info: TagInfo | null;
  error: TagError | null;
  afi: number | null;
}

interface Session {
  readonly driver: PadDriver;
  readonly transport: Transport;
  alive: boolean;
  loop: Promise<void> | null;
}

export class PadReader {
  readonly kind: PadKind;
  private readonly events = new TypedEmitter<PadReaderEvents>();
  private readonly link: ReconnectingLink;
  private readonly tags = new Map<string, TagState>();
  private session: Session | null = null;
  private lastStatus: ReaderStatusEvent;
  private wakePoll: (() => void) | null = null;
  private readonly pollIntervalMs: number;
  private readonly missesBeforeLeft: number;
  private readonly maxReadAttempts: number;
  private afiPair: SecurityAfi | null;
  private sessionReady: Array<() => void> = [];

  constructor(private readonly options: PadReaderOptions) {
    this.kind = options.kind;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.missesBeforeLeft = Math.max(1, options.missesBeforeLeft ?? 3);
    this.maxReadAttempts = Math.max(1, options.maxReadAttempts ?? 3);
    this.afiPair = options.afi ?? null;
    this.lastStatus = { kind: this.kind, status: 'stopped', address: options.address ?? null, attempt: 0 };
    this.link = new ReconnectingLink(
      options.opener,
      {
        data: (chunk) => this.session?.driver.receive(chunk),
        opened: (transport) => this.opened(transport),
        closed: (reason, error) => this.closed(reason, error),
        status: (event) => {
          this.lastStatus = { ...event, kind: this.kind };
          this.events.emit('status', this.lastStatus);
        },
      },
      options.backoff,
      options.address ?? null,
    );
  }

  on<K extends keyof PadReaderEvents & string>(type: K, listener: (event: PadReaderEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  /** Resolves with the next event of `type` that satisfies `predicate`. */
  next<K extends keyof PadReaderEvents & string>(type: K, predicate?: (event: PadReaderEvents[K]) => boolean): Promise<PadReaderEvents[K]> {
    return this.events.next(type, predicate);
  }

  get status(): ReaderStatusEvent {
    return this.lastStatus;
  }

  /** The AFI pair in use (the pad family's, unless configured). */
  get securityAfi(): SecurityAfi | null {
    return this.afiPair ?? this.session?.driver.defaultAfi ?? null;
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link.stop();
    this.events.removeAll();
  }

  retryNow(): void {
    this.link.retryNow();
  }

  present(): TagSnapshot[] {
    return [...this.tags.values()].map((t) => ({ uid: t.uid, dsfid: t.dsfid, info: t.info, error: t.error, afi: t.afi }));
  }

  /** Sets on the pad and the parts each is missing (see set-completeness.ts). */
  sets(): SetCompleteness[] {
    const parts = [...this.tags.values()].flatMap((t) => (t.info ? [t.info] : []));
    return setCompleteness(parts);
  }

  /** Reads a tag's data again on the next round (after the desk rewrote it, say). */
  reread(uid: string): void {
    const tag = this.tags.get(uid);
    if (tag) {
      tag.needsRead = true;
      tag.readAttempts = 0;
    }
  }

  /**
   * Writes the security AFI to each tag and verifies it by reading it back.
   * One outcome per UID, in order; a tag that fails does not stop the others.
   */
  async setSecurity(uids: readonly string[], secured: boolean): Promise<SecurityOutcome[]> {
    const outcomes: SecurityOutcome[] = [];
    for (const uid of uids) outcomes.push(await this.secureOne(uid, secured));
    return outcomes;
  }

  /** Writes whole blocks of a tag's memory (memory order; the driver converts for its pad), then reads the tag again. */
  async writeBlocks(uid: string, firstBlock: number, data: Uint8Array): Promise<Result<true, PadError>> {
    const session = this.session;
    if (!session?.alive) return { ok: false, error: padError('DISCONNECTED', 'the pad is not connected') };
    const written = await session.driver.writeBlocks(uid, firstBlock, data);
    if (written.ok) this.reread(uid);
    return written;
  }

  /** Locks blocks for good, on pads whose protocol has a lock command. */
  async lockBlocks(uid: string, firstBlock: number, blockCount: number): Promise<Result<true, PadError>> {
    const session = this.session;
    if (!session?.alive) return { ok: false, error: padError('DISCONNECTED', 'the pad is not connected') };
    if (!session.driver.lockBlocks) return { ok: false, error: padError('BAD_REQUEST', `the ${this.kind} pad protocol has no block lock command`) };
    return session.driver.lockBlocks(uid, firstBlock, blockCount);
  }

  private async secureOne(uid: string, secured: boolean): Promise<SecurityOutcome> {
    const session = this.session;
    if (!session?.alive) return { uid, ok: false, error: padError('DISCONNECTED', 'the pad is not connected') };
    const pair = this.afiPair ?? session.driver.defaultAfi;
    const afi = secured ? pair.secured : pair.unsecured;
    let last: PadError = padError('VERIFY_FAILED', 'not attempted');
    // One retry: a tag at the edge of the field can miss a write and take the next.
    for (let attempt = 0; attempt < 2; attempt++) {
      const written = await session.driver.writeAfi(uid, afi);
      if (!written.ok) {
        last = written.error;
        if (written.error.code === 'TAG_LOCKED' || written.error.code === 'DISCONNECTED' || written.error.code === 'BAD_REQUEST') break;
        continue;
      }
      const read = await session.driver.readAfi(uid);
      if (!read.ok) {
        last = read.error;
        if (read.error.code === 'DISCONNECTED') break;
        continue;
      }
      if (read.value !== afi) {
        last = padError('VERIFY_FAILED', `wrote AFI 0x${hex(afi)} but the tag reads back 0x${hex(read.value)}`);
        continue;
      }
      this.noteAfi(uid, afi);
      return { uid, ok: true, afi };
    }
    return { uid, ok: false, error: last };
  }

  private noteAfi(uid: string, afi: number): void {
    const tag = this.tags.get(uid);
    const security = securityOf(afi, this.securityAfi ?? undefined);
    if (tag) {
      tag.afi = afi;
      if (tag.info) tag.info = { ...tag.info, afi, security };
    }
    this.events.emit('security', { uid, afi, security, at: Date.now() });
  }

  /** Resolves once a session is up (for callers that act right after start()). */
  whenConnected(): Promise<void> {
    if (this.session?.alive) return Promise.resolve();
    return new Promise((resolve) => this.sessionReady.push(resolve));
  }

  private opened(transport: Transport): void {
    const driver = this.options.driver((bytes) => transport.write(bytes));
    const session: Session = { driver, transport, alive: true, loop: null };
    this.session = session;
    // The tags seen before the link dropped are kept: after a short unplug
    // they are usually still there, and re-announcing them would look like
    // new arrivals to the desk. Each must be seen again or it leaves normally.
    session.loop = this.poll(session);
    const ready = this.sessionReady;
    this.sessionReady = [];
    for (const resolve of ready) resolve();
  }

  private closed(reason: TransportCloseReason, error?: Error): void {
    const session = this.session;
    if (!session) return;
    session.alive = false;
    this.session = null;
    session.driver.linkLost(error?.message ?? `the link closed (${reason})`);
    this.wakePoll?.();
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakePoll === done) this.wakePoll = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakePoll = done;
    });
  }

  private async poll(session: Session): Promise<void> {
    while (session.alive) {
      const inventory = await session.driver.inventory();
      if (!session.alive) return;
      if (!inventory.ok) {
        if (inventory.error.code !== 'DISCONNECTED') this.events.emit('readerError', { error: inventory.error, at: Date.now() });
      } else {
        this.applyInventory(inventory.value);
        this.events.emit('inventory', { uids: inventory.value.map((e) => e.uid), at: Date.now() });
        await this.readNewTags(session, inventory.value);
      }
      if (!session.alive) return;
      await this.sleep(this.pollIntervalMs);
    }
  }

  private applyInventory(entries: readonly InventoryEntry[]): void {
    const now = Date.now();
    const seen = new Set<string>();
    for (const entry of entries) {
      seen.add(entry.uid);
      const known = this.tags.get(entry.uid);
      if (known) {
        known.misses = 0;
        if (entry.dsfid !== null) known.dsfid = entry.dsfid;
        continue;
      }
      this.tags.set(entry.uid, { uid: entry.uid, dsfid: entry.dsfid, misses: 0, needsRead: true, readAttempts: 0, info: null, error: null, afi: null });
      this.events.emit('tagArrived', { uid: entry.uid, dsfid: entry.dsfid, at: now });
    }
    for (const tag of [...this.tags.values()]) {
      if (seen.has(tag.uid)) continue;
      tag.misses++;
      if (tag.misses >= this.missesBeforeLeft) {
        this.tags.delete(tag.uid);
        this.events.emit('tagLeft', { uid: tag.uid, info: tag.info, at: now });
      }
    }
  }

  private async readNewTags(session: Session, entries: readonly InventoryEntry[]): Promise<void> {
    for (const entry of entries) {
      const tag = this.tags.get(entry.uid);
      if (!tag?.needsRead) continue;
      const memory = await session.driver.readTag({ uid: entry.uid, dsfid: tag.dsfid ?? entry.dsfid });
      if (!session.alive) return;
      // It may have left (and been deleted) while we waited.
      if (this.tags.get(entry.uid) !== tag) continue;
      if (!memory.ok) {
        tag.readAttempts++;
        if (memory.error.code === 'DISCONNECTED') return;
        // Transient failures (the tag moved, RF noise) get the full retry budget; others one more try.
        const budget = isTransient(memory.error) ? this.maxReadAttempts : Math.min(2, this.maxReadAttempts);
        if (tag.readAttempts < budget) continue;
        tag.needsRead = false;
        tag.error = { code: 'READ_FAILED', message: `could not read the tag after ${tag.readAttempts} attempts: ${memory.error.message}` };
        this.events.emit('tagError', { uid: tag.uid, error: tag.error, at: Date.now() });
        continue;
      }
      tag.needsRead = false;
      tag.afi = memory.value.afi;
      if (memory.value.dsfid !== null) tag.dsfid = memory.value.dsfid;
      const decoded = decodeTagMemory(memory.value, this.securityAfi ?? undefined);
      if (decoded.ok) {
        tag.info = decoded.value;
        tag.error = null;
        this.events.emit('tagData', { uid: tag.uid, info: decoded.value, at: Date.now() });
      } else {
        tag.info = null;
        tag.error = decoded.error;
        this.events.emit('tagError', { uid: tag.uid, error: decoded.error, at: Date.now() });
      }
    }
  }
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
