// The self-service kiosk: plain TypeScript over the desk core (its replica,
// optimistic view and workflows), the pad and the printer. The React screen,
// the Node tests and the benchmark all drive this one object.
//
// A visit: the patron is identified (card barcode, RFID patron card, a
// virtual card's QR verified from the replica; a PIN where the kiosk asks for
// one), sees the holds waiting here, places books on the pad. Each book that
// is their hold is checked out through the desk workflows ('loan.started', stored before
// anything else happens, so it survives a crash and syncs later), then its
// tag is set to on-loan; anything else is refused in plain words. Self-return
// ends the loan ('loan.ended') and secures the tag. A receipt follows the
// library's policy (print, none, ask). The idle timeout ends the visit.
//
// Order inside one book, and why: the loan is recorded first, then the tag is
// released, then (at the end of the visit) the receipt is printed. A crash
// after the record leaves a loan whose tag may still be secured: the patron
// puts the book back, the kiosk sees a loan already theirs and releases the
// tag again, records nothing new. Releasing first would let a crash leave an
// unlocked book with no loan. A kiosk records only the two event types its
// role may send (a refused push would block every later one), so it never
// packs a returned item: the return shows up in the staff desk's list of
// returns to pack, and the screen tells staff where the item goes.
//
// This file is the visit state machine: which screen shows, the one queue
// every action runs through, and when a visit opens and ends. The work of each
// step lives beside it: identification.ts (card, QR), pin-lock.ts (wrong
// PINs), pad-pickup.ts, self-return.ts, tag-security.ts, visit-lines.ts,
// visit-receipt.ts; the shapes are in kiosk-types.ts, re-exported here for the
// screen, the tests and the bench.
import type { Desk } from '#desk-core/desk';
import { newId } from '#shared/domain/ids';
import type { PolicyFields } from '#shared/domain/policy';
import { policyFor } from '#shared/domain/policy-for';
import type { PatronRecord } from '#shared/domain/records';
import type { RfidTagView } from '#shared/bridge/contract';
import type { Slip } from '#shared/slips/model';
import { homeVerdict } from './home-verdict';
import type { KioskProblem, Lang } from './i18n-kiosk';
import { pickupProblems, readCard } from './identification';
import { kioskRules, type KioskRules } from './kiosk-rules';
import type { KioskContext, KioskCoreOptions, KioskScreen, LineDraft, ReceiptOutcome, Visit, VisitLine } from './kiosk-types';
import { pickupItems } from './pad-pickup';
import { readPad, type PadItem } from './pad-reading';
import { PinLock } from './pin-lock';
import { returnItems } from './self-return';
import { pendingItems, withLines } from './visit-lines';
import { hasPastVisit, printVisit, receiptForVisit, reprintPastVisit, transacted } from './visit-receipt';

export type {
  KioskCoreOptions, KioskDevices, KioskHomeSystem, KioskScreen, LastContactStore, LineKind, ReceiptOutcome, SecurityAnswer, Visit, VisitLine, VisitMode,
} from './kiosk-types';
export { ownerLibraryOf } from './self-return';

export class KioskCore {
  private current: KioskScreen = { kind: 'welcome', problem: null };
  private listeners = new Set<(s: KioskScreen) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private pad: readonly RfidTagView[] = [];
  private cardsOnPad = new Set<string>();
  private seq = 0;
  private offStatus: (() => void) | null = null;
  private contactTimer: ReturnType<typeof setInterval> | null = null;
  private readonly pins = new PinLock(() => this.now());
  /** What the step modules see of this core (read through it each time, so nothing goes stale). */
  private readonly ctx: KioskContext;

  constructor(private readonly opts: KioskCoreOptions) {
    this.ctx = {
      desk: opts.desk,
      devices: opts.devices,
      me: () => this.me,
      now: () => this.now(),
      lang: () => this.lang(),
      rules: () => this.rules(),
      offlineSince: () => this.offlineSince(),
      unconfirmedLoansOf: (patronId) => this.unconfirmedLoansOf(patronId),
      line: (partial) => this.line(partial),
    };
  }

  /** Remember, now and then, that the service answers (for the offline clock after a restart). */
  start(): void {
    const remember = () => {
      const phase = this.opts.desk.status().phase;
      if (phase === 'online' || phase === 'syncing') this.opts.lastContact?.set(this.now());
    };
    this.offStatus ??= this.opts.desk.onStatus(remember);
    this.contactTimer ??= setInterval(remember, 30_000);
  }

  stop(): void {
    this.offStatus?.();
    this.offStatus = null;
    if (this.contactTimer) clearInterval(this.contactTimer);
    this.contactTimer = null;
  }

  get desk(): Desk {
    return this.opts.desk;
  }

  get screen(): KioskScreen {
    return this.current;
  }

  get me(): string {
    return this.opts.desk.config.libraryId;
  }

  policy(): PolicyFields {
    return policyFor(this.opts.desk.view.reader, { at: this.me });
  }

  rules(): KioskRules {
    return kioskRules(this.policy(), this.opts.device);
  }

  subscribe(listener: (s: KioskScreen) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every queued action (identification, a batch on the pad) has finished. */
  async settled(): Promise<void> {
    for (;;) {
      const q = this.queue;
      await q;
      if (q === this.queue) return;
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private lang(): Lang {
    return this.opts.lang?.() ?? 'zh-TW';
  }

  private show(next: KioskScreen): void {
    this.current = next;
    for (const l of this.listeners) l(next);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Since when the kiosk has been without the service; null while it answers.
   * Within one run that is when the service stopped answering. A kiosk that
   * started without reaching it counts from the last moment an earlier run
   * knew it was online (remembered across restarts), so restarting does not
   * reset the offline clock.
   */
  offlineSince(): number | null {
    const s = this.opts.desk.status();
    if (s.phase !== 'offline') return null;
    const failing = s.offlineSince ?? this.now();
    if (this.opts.desk.monitor.lastContactAt !== null) return failing;
    const remembered = this.opts.lastContact?.get() ?? null;
    return remembered === null ? failing : Math.min(failing, remembered);
  }

  /** Loans this kiosk made for the patron that the service has not confirmed yet. */
  unconfirmedLoansOf(patronId: string): number {
    let n = 0;
    for (const e of this.opts.desk.view.pending()) if (e.type === 'loan.started' && (e.payload as { patronId?: string }).patronId === patronId) n++;
    return n;
  }

  // ---- identification

  /** A card number (scanner, keyboard, RFID patron card) or a virtual card's QR text. */
  identify(raw: string): Promise<void> {
    return this.serial(async () => {
      const reading = await readCard(this.ctx, raw);
      if (!reading.ok) {
        // A visit in progress goes on: a stray phone under the scanner must not end someone's pickup.
        if (reading.qr && this.current.kind === 'visit') return this.show({ ...this.current, notice: reading.problem });
        return this.show({ kind: 'welcome', problem: reading.problem });
      }
      const card = reading.card;
      const patron = this.opts.desk.view.reader.patronByCard(card);
      const s = this.current;
      if (s.kind === 'visit') {
        // The same card again (lifted and put back): the visit goes on.
        if (patron && s.visit.patronId === patron.id && s.visit.mode === 'pickup') return;
        // Not a card: most likely a book's barcode. Books go on the pad, whose tags the kiosk can release.
        if (!patron) return this.show({ ...s, notice: { source: 'kiosk', code: 'PLACE_ON_PAD', params: {} } });
      }
      // Another patron's card in the middle of a visit ends that visit first.
      if (s.kind === 'visit' || s.kind === 'ask_receipt') await this.endVisit('timeout');
      if (!patron) return this.show({ kind: 'welcome', problem: { source: 'kiosk', code: 'UNKNOWN_CARD', params: {} } });
      if (this.rules().pinRequired) {
        const left = this.pins.triesLeft(patron.id);
        if (left <= 0) return this.show({ kind: 'blocked', patronId: patron.id, problems: [{ source: 'kiosk', code: 'PIN_LOCKED', params: {} }] });
        return this.show({ kind: 'pin', patronId: patron.id, card, triesLeft: left, checking: false, problem: null });
      }
      let home: ReturnType<typeof homeVerdict> = { ok: true, checked: false };
      if (this.opts.home) home = homeVerdict(await this.opts.home.validatePatron(card).catch(() => null), false);
      if (!home.ok) return this.show({ kind: 'blocked', patronId: patron.id, problems: [home.problem] });
      await this.openPickup(patron, card);
    });
  }

  enterPin(pin: string): Promise<void> {
    return this.serial(async () => {
      const s = this.current;
      if (s.kind !== 'pin') return;
      const entered = pin.trim();
      if (!/^\d{4,12}$/.test(entered)) return this.show({ ...s, problem: { source: 'kiosk', code: 'PIN_WRONG', params: { left: s.triesLeft } } });
      this.show({ ...s, checking: true, problem: null });
      const answer = this.opts.home ? await this.opts.home.validatePatron(s.card, entered).catch(() => null) : null;
      const verdict = homeVerdict(answer, true);
      if (!verdict.ok) {
        if (verdict.wrongPin) {
          const left = this.pins.noteWrong(s.patronId);
          if (left > 0) return this.show({ ...s, checking: false, triesLeft: left, problem: { source: 'kiosk', code: 'PIN_WRONG', params: { left } } });
        }
        const problem: KioskProblem = verdict.wrongPin ? { source: 'kiosk', code: 'PIN_LOCKED', params: {} } : verdict.problem;
        return this.show({ kind: 'blocked', patronId: s.patronId, problems: [problem] });
      }
      this.pins.clear(s.patronId);
      const patron = this.opts.desk.view.reader.get('patrons', s.patronId);
      if (!patron) return this.show({ kind: 'welcome', problem: { source: 'kiosk', code: 'UNKNOWN_CARD', params: {} } });
      await this.openPickup(patron, s.card);
    });
  }

  private async openPickup(patron: PatronRecord, card: string): Promise<void> {
    const problems = pickupProblems(this.ctx, patron);
    if (problems.length > 0) return this.show({ kind: 'blocked', patronId: patron.id, problems });
    const visit: Visit = { id: newId(this.now()), mode: 'pickup', patronId: patron.id, card, startedAt: this.now(), lines: [], key: null, receipt: 'pending' };
    this.show({ kind: 'visit', visit, busy: false, notice: null, reprinted: false });
    // Books already on the pad (placed before the card) count now.
    await this.processPad();
  }

  /** Self-return needs no card. */
  startReturn(): Promise<void> {
    return this.serial(async () => {
      if (this.current.kind === 'visit' && this.current.visit.mode === 'pickup') await this.endVisit('timeout');
      const visit: Visit = { id: newId(this.now()), mode: 'return', patronId: null, card: null, startedAt: this.now(), lines: [], key: null, receipt: 'pending' };
      this.show({ kind: 'visit', visit, busy: false, notice: null, reprinted: false });
      await this.processPad();
    });
  }

  // ---- the pad

  /** The reader's current tag list (every rfid.tags event). */
  padChanged(present: readonly RfidTagView[]): Promise<void> {
    this.pad = present;
    // Only a card that was just put down identifies: one left lying after a visit must not start another.
    const cards = readPad(present).patronCards;
    const arrived = cards.find((c) => !this.cardsOnPad.has(c));
    this.cardsOnPad = new Set(cards);
    return this.serial(async () => {
      const s = this.current;
      if (arrived && s.kind !== 'pin' && !(s.kind === 'visit' && s.visit.mode === 'return')) {
        // Queued behind this step, like a scanned card.
        void this.identify(arrived);
        return;
      }
      await this.processPad();
    });
  }

  private visitScreen(): Extract<KioskScreen, { kind: 'visit' }> | null {
    return this.current.kind === 'visit' ? this.current : null;
  }

  private update(change: (v: Visit) => Visit, extra: Partial<Omit<Extract<KioskScreen, { kind: 'visit' }>, 'kind' | 'visit'>> = {}): void {
    const s = this.visitScreen();
    if (!s) return;
    this.show({ ...s, ...extra, visit: change(s.visit) });
  }

  private line(partial: LineDraft): VisitLine {
    return { ...partial, seq: ++this.seq, offline: this.offlineSince() !== null };
  }

  private async processPad(): Promise<void> {
    const s = this.visitScreen();
    if (!s) return;
    const reading = readPad(this.pad);
    const fresh = pendingItems(s.visit, reading.items);
    const notice: KioskProblem | null = reading.unusable.length > 0
      ? { source: 'kiosk', code: 'TAG_UNREADABLE', params: { n: reading.unusable.length } }
      : s.visit.mode === 'return' && reading.patronCards.length > 0 ? { source: 'kiosk', code: 'CARD_ON_PAD_IN_RETURN', params: {} } : null;
    if (fresh.length === 0) {
      if (notice?.code !== s.notice?.code) this.show({ ...s, notice });
      return;
    }
    this.show({ ...s, busy: true, notice });
    try {
      if (s.visit.mode === 'pickup') await this.pickup(fresh);
      else await this.returns(fresh);
    } finally {
      const after = this.visitScreen();
      if (after) this.show({ ...after, busy: false });
    }
  }

  private replaceLines(lines: VisitLine[]): void {
    this.update((v) => withLines(v, lines));
  }

  private async pickup(items: PadItem[]): Promise<void> {
    const patronId = this.visitScreen()!.visit.patronId!;
    this.replaceLines(await pickupItems(this.ctx, patronId, items));
  }

  private async returns(items: PadItem[]): Promise<void> {
    const batch = await returnItems(this.ctx, this.visitScreen()?.visit.patronId ?? null, items);
    const patronId = batch.patronId;
    if (patronId) this.update((v) => ({ ...v, patronId: v.patronId ?? patronId }));
    this.replaceLines(batch.lines);
  }

  // ---- the end of a visit

  /** The patron tapped "finish". */
  finish(): Promise<void> {
    return this.serial(() => this.endVisit('finish'));
  }

  /** The patron answered the "print a receipt?" question. */
  answerReceipt(print: boolean): Promise<void> {
    return this.serial(async () => {
      const s = this.current;
      if (s.kind !== 'ask_receipt') return;
      if (!print) return this.show({ kind: 'goodbye', visit: { ...s.visit, receipt: 'skipped' }, receipt: { kind: 'none' } });
      const outcome = await printVisit(this.ctx, s.visit);
      this.show({ kind: 'goodbye', visit: { ...s.visit, receipt: outcome.kind === 'printed' ? 'printed' : 'failed' }, receipt: outcome });
    });
  }

  /** No touch for the idle time: the visit ends (a receipt only where the library always prints one) and the screen clears. */
  timeout(): Promise<void> {
    return this.serial(async () => {
      await this.endVisit('timeout');
      this.show({ kind: 'welcome', problem: null });
    });
  }

  /** Back to the welcome screen (after the goodbye, or cancel on a blocked screen). */
  reset(): Promise<void> {
    return this.serial(async () => this.show({ kind: 'welcome', problem: null }));
  }

  private async endVisit(why: 'finish' | 'timeout'): Promise<void> {
    const s = this.current;
    const visit = s.kind === 'visit' || s.kind === 'ask_receipt' ? s.visit : null;
    if (!visit) return;
    const mode = this.rules().receipt;
    const did = visit.lines.some(transacted);
    if (!did || mode === 'none' || (mode === 'ask' && why === 'timeout')) {
      this.show({ kind: 'goodbye', visit: { ...visit, receipt: 'skipped' }, receipt: { kind: 'none' } });
      return;
    }
    if (mode === 'ask') {
      this.show({ kind: 'ask_receipt', visit });
      return;
    }
    const outcome = await printVisit(this.ctx, visit);
    this.show({ kind: 'goodbye', visit: { ...visit, receipt: outcome.kind === 'printed' ? 'printed' : 'failed' }, receipt: outcome });
  }

  /** The slip for a visit (the screen's language), from the records as they are now. */
  receiptFor(visit: Visit, copy = false): Slip | null {
    return receiptForVisit(this.ctx, visit, copy);
  }

  /** The patron's last visit at this kiosk, rebuilt from its events (after a restart too), printed again marked COPY. */
  reprintLast(patronId: string): Promise<ReceiptOutcome> {
    return this.serial(async () => {
      const outcome = await reprintPastVisit(this.ctx, patronId);
      if (outcome.kind !== 'printed') return outcome;
      const s = this.visitScreen();
      if (s) this.show({ ...s, reprinted: true });
      return outcome;
    });
  }

  /** Whether the patron has a visit at this kiosk whose receipt can be printed again. */
  hasPastVisit(patronId: string): boolean {
    return hasPastVisit(this.ctx, patronId);
  }
}
