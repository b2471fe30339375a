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
import type { Desk } from '#desk-core/desk';
import { cleanCode } from '#desk-core/workflows';
import { todayAtDesk } from '#desk-core/queries';
import { newId } from '#shared/domain/ids';
import type { PolicyFields } from '#shared/domain/policy';
import { policyFor } from '#shared/domain/policy-for';
import { legFor } from '#shared/domain/parcels/packing';
import { patronRefusal } from '#shared/domain/patrons/reducer';
import type { PatronRecord } from '#shared/domain/records';
import type { KioskDeviceSettings, RfidTagView } from '#shared/bridge/contract';
import type { Slip } from '#shared/slips/model';
import { homeVerdict } from './home-verdict';
import type { KioskProblem, Lang } from './i18n-kiosk';
import { buildKioskReceipt, copyPrintKey, receiptPrintKey } from './kiosk-receipt';
import { kioskRules, offlineVerdict, type KioskRules } from './kiosk-rules';
import { readPad, type PadItem } from './pad-reading';
import { lastVisitOf } from './past-visits';
import { pickupVerdict } from './pickup-verdict';
import { looksLikeCard } from '#desk-core/visitor-cards';
import { identifyByVirtualCard } from './virtual-card';

export interface SecurityAnswer {
  readonly uid: string;
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The kiosk's devices: the pad's security writes and the receipt printer. */
export interface KioskDevices {
  setSecurity(uids: readonly string[], secured: boolean): Promise<readonly SecurityAnswer[]>;
  /** Queue a slip; resolves once the printer's queue has it (the queue prints it when it can). */
  print(key: string, slip: Slip): Promise<void>;
}

/** The patron's library system (SIP2 Patron Information through the bridge). */
export interface KioskHomeSystem {
  validatePatron(card: string, pin?: string): Promise<unknown>;
}

/** Where the kiosk remembers when it last reached the service, across restarts (offline time counts from there). */
export interface LastContactStore {
  get(): number | null;
  set(ms: number): void;
}

export type VisitMode = 'pickup' | 'return';
export type LineKind = 'checked_out' | 'already' | 'returned' | 'waiting_parts' | 'refused';

export interface VisitLine {
  readonly seq: number;
  readonly barcode: string;
  readonly title: string;
  readonly kind: LineKind;
  readonly dueDate?: string;
  readonly fine?: number;
  readonly overdueDays?: number;
  /** The library a returned item goes back to (for staff), when known. */
  readonly returnTo?: string | null;
  /** A set: how many parts it has, and which are not on the pad yet. */
  readonly parts?: number;
  readonly missingParts?: readonly number[];
  readonly loanId?: string;
  readonly eventId?: string;
  /** Why it was refused, what is still missing, or that the tag could not be released or secured. */
  readonly problem?: KioskProblem;
  readonly securityOk?: boolean;
  readonly offline: boolean;
}

export interface Visit {
  readonly id: string;
  readonly mode: VisitMode;
  readonly patronId: string | null;
  readonly card: string | null;
  readonly startedAt: number;
  readonly lines: readonly VisitLine[];
  /** The first recorded event's id once something was recorded: the receipt's key. */
  readonly key: string | null;
  readonly receipt: 'pending' | 'printed' | 'failed' | 'skipped';
}

export type ReceiptOutcome = { kind: 'printed' } | { kind: 'none' } | { kind: 'failed'; message: string };

export type KioskScreen =
  | { readonly kind: 'welcome'; readonly problem: KioskProblem | null }
  | { readonly kind: 'pin'; readonly patronId: string; readonly card: string; readonly triesLeft: number; readonly checking: boolean; readonly problem: KioskProblem | null }
  | { readonly kind: 'blocked'; readonly patronId: string | null; readonly problems: readonly KioskProblem[] }
  | { readonly kind: 'visit'; readonly visit: Visit; readonly busy: boolean; readonly notice: KioskProblem | null; readonly reprinted: boolean }
  | { readonly kind: 'ask_receipt'; readonly visit: Visit }
  | { readonly kind: 'goodbye'; readonly visit: Visit; readonly receipt: ReceiptOutcome };

export interface KioskCoreOptions {
  desk: Desk;
  devices: KioskDevices;
  home?: KioskHomeSystem | null;
  device?: KioskDeviceSettings;
  lastContact?: LastContactStore;
  now?: () => number;
  /** The language receipts are printed in (the screen's). */
  lang?: () => Lang;
}

const PIN_TRIES = 3;
/** How long wrong PINs count against a patron here: scanning the card again must not give three fresh tries. */
const PIN_LOCK_MS = 15 * 60_000;
const transacted = (l: VisitLine) => l.kind === 'checked_out' || l.kind === 'returned';

/** The library a tag's owner field names (ISIL "TW-NPTU" or the bare code), if the directory knows it. */
export function ownerLibraryOf(desk: Desk, owner: string): string | null {
  if (!owner) return null;
  for (const lib of desk.view.reader.values('libraries')) if (lib.isil === owner || lib.id === owner) return lib.id;
  return null;
}

export class KioskCore {
  private current: KioskScreen = { kind: 'welcome', problem: null };
  private listeners = new Set<(s: KioskScreen) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private pad: readonly RfidTagView[] = [];
  private cardsOnPad = new Set<string>();
  private seq = 0;
  private offStatus: (() => void) | null = null;
  private contactTimer: ReturnType<typeof setInterval> | null = null;
  /** Wrong PINs per patron at this kiosk (in memory: the library system keeps its own count too). */
  private readonly wrongPins = new Map<string, { count: number; first: number }>();

  constructor(private readonly opts: KioskCoreOptions) {}

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
      let card: string;
      // A QR card is longer than any barcode (cleanCode's 64), so it is told apart first; the verifier bounds its length.
      if (looksLikeCard(raw)) {
        const answer = await identifyByVirtualCard(this.opts.desk.view.reader, raw, this.me, this.now());
        if (!answer.ok) {
          // A visit in progress goes on: a stray phone under the scanner must not end someone's pickup.
          if (this.current.kind === 'visit') return this.show({ ...this.current, notice: answer.problem });
          return this.show({ kind: 'welcome', problem: answer.problem });
        }
        card = answer.cardNumber;
      } else {
        const c = cleanCode(raw);
        if (!c.ok) return this.show({ kind: 'welcome', problem: { source: 'kiosk', code: 'UNKNOWN_CARD', params: {} } });
        card = c.code;
      }
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
        const left = this.pinTriesLeft(patron.id);
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
          const left = this.noteWrongPin(s.patronId);
          if (left > 0) return this.show({ ...s, checking: false, triesLeft: left, problem: { source: 'kiosk', code: 'PIN_WRONG', params: { left } } });
        }
        const problem: KioskProblem = verdict.wrongPin ? { source: 'kiosk', code: 'PIN_LOCKED', params: {} } : verdict.problem;
        return this.show({ kind: 'blocked', patronId: s.patronId, problems: [problem] });
      }
      this.wrongPins.delete(s.patronId);
      const patron = this.opts.desk.view.reader.get('patrons', s.patronId);
      if (!patron) return this.show({ kind: 'welcome', problem: { source: 'kiosk', code: 'UNKNOWN_CARD', params: {} } });
      await this.openPickup(patron, s.card);
    });
  }

  private pinTriesLeft(patronId: string): number {
    const w = this.wrongPins.get(patronId);
    if (!w) return PIN_TRIES;
    if (this.now() - w.first > PIN_LOCK_MS) {
      this.wrongPins.delete(patronId);
      return PIN_TRIES;
    }
    return PIN_TRIES - w.count;
  }

  /** Count a wrong PIN; the tries left. */
  private noteWrongPin(patronId: string): number {
    const left = this.pinTriesLeft(patronId) - 1; // first: it forgets tries older than PIN_LOCK_MS
    this.wrongPins.set(patronId, { count: PIN_TRIES - left, first: this.wrongPins.get(patronId)?.first ?? this.now() });
    return left;
  }

  private async openPickup(patron: PatronRecord, card: string): Promise<void> {
    const reader = this.opts.desk.view.reader;
    const today = todayAtDesk(reader, this.me, this.now());
    const refusal = patronRefusal(reader, patron, today, { countLoans: true, at: this.me });
    const problems: KioskProblem[] = [];
    if (refusal && !refusal.ok) problems.push({ source: 'rules', code: refusal.reason, params: refusal.params });
    const offline = offlineVerdict(this.rules(), { offlineSince: this.offlineSince(), now: this.now(), unconfirmedForPatron: this.unconfirmedLoansOf(patron.id) });
    if (!offline.ok) problems.push(offline.code === 'OFFLINE_TOO_LONG' ? { source: 'kiosk', code: 'OFFLINE_TOO_LONG', params: { hours: offline.hours } } : { source: 'kiosk', code: 'OFFLINE_LIMIT', params: { limit: offline.limit, title: '—' } });
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

  private line(partial: Omit<VisitLine, 'seq' | 'offline'>): VisitLine {
    return { ...partial, seq: ++this.seq, offline: this.offlineSince() !== null };
  }

  /** Items on the pad this visit has not settled yet: new ones, and sets that were missing parts. */
  private pendingItems(visit: Visit, items: readonly PadItem[]): PadItem[] {
    const settled = new Map<string, LineKind>();
    for (const l of visit.lines) settled.set(l.barcode, l.kind);
    return items.filter((it) => {
      const k = settled.get(it.barcode);
      return k === undefined || k === 'waiting_parts';
    });
  }

  private async processPad(): Promise<void> {
    const s = this.visitScreen();
    if (!s) return;
    const reading = readPad(this.pad);
    const fresh = this.pendingItems(s.visit, reading.items);
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
    this.update((v) => {
      const byBarcode = new Map(lines.map((l) => [l.barcode, l]));
      const kept = v.lines.filter((l) => !byBarcode.has(l.barcode));
      const key = v.key ?? lines.find((l) => l.eventId)?.eventId ?? null;
      return { ...v, lines: [...kept, ...lines], key };
    });
  }

  private async pickup(items: PadItem[]): Promise<void> {
    const desk = this.opts.desk;
    const visit = this.visitScreen()!.visit;
    const patronId = visit.patronId!;
    const out: VisitLine[] = [];
    const release: Array<{ line: number; uids: readonly string[] }> = [];
    let offline = offlineVerdict(this.rules(), { offlineSince: this.offlineSince(), now: this.now(), unconfirmedForPatron: this.unconfirmedLoansOf(patronId) });
    for (const item of items) {
      const reader = desk.view.reader;
      const v = pickupVerdict(reader, this.me, patronId, item);
      if (v.kind === 'already') {
        out.push(this.line({ barcode: item.barcode, title: v.loan.title, kind: 'already', dueDate: v.loan.dueDate, loanId: v.loan.id }));
        release.push({ line: out.length - 1, uids: item.uids });
        continue;
      }
      if (v.kind === 'waiting_parts') {
        out.push(this.line({ barcode: item.barcode, title: v.hold.title, kind: 'waiting_parts', parts: Math.max(v.hold.parts, item.partsInSet), missingParts: v.missing }));
        continue;
      }
      if (v.kind === 'not_yours') {
        out.push(this.line({ barcode: item.barcode, title: v.title, kind: 'refused', problem: { source: 'kiosk', code: 'NOT_YOUR_HOLD', params: { title: v.title } } }));
        continue;
      }
      if (v.kind === 'not_a_hold') {
        out.push(this.line({ barcode: item.barcode, title: '', kind: 'refused', problem: { source: 'kiosk', code: 'NOT_A_HOLD', params: { barcode: item.barcode } } }));
        continue;
      }
      if (!offline.ok) {
        const problem: KioskProblem = offline.code === 'OFFLINE_TOO_LONG'
          ? { source: 'kiosk', code: 'OFFLINE_TOO_LONG', params: { hours: offline.hours } }
          : { source: 'kiosk', code: 'OFFLINE_LIMIT', params: { limit: offline.limit, title: v.hold.title } };
        out.push(this.line({ barcode: item.barcode, title: v.hold.title, kind: 'refused', problem }));
        continue;
      }
      const r = await desk.workflows.checkout(patronId, v.hold.id);
      if (!r.ok) {
        out.push(this.line({ barcode: item.barcode, title: v.hold.title, kind: 'refused', problem: { source: 'rules', code: r.reason, params: r.params } }));
        continue;
      }
      const o = r.outcome;
      const dueDate = o.kind === 'loan' ? o.dueDate : '';
      out.push(this.line({ barcode: item.barcode, title: v.hold.title, kind: 'checked_out', dueDate, ...(o.kind === 'loan' ? { loanId: o.loanId } : {}), ...(r.eventIds[0] ? { eventId: r.eventIds[0] } : {}) }));
      release.push({ line: out.length - 1, uids: item.uids });
      if (offline.offline) offline = offline.allowed - 1 > 0 ? { ...offline, allowed: offline.allowed - 1 } : { ok: false, code: 'OFFLINE_LIMIT', limit: this.rules().offlineMaxCheckoutsPerPatron };
    }
    // The loans are stored: now the tags, in one write to the pad.
    await this.setTags(out, release, false);
    this.replaceLines(out);
  }

  private async returns(items: PadItem[]): Promise<void> {
    const desk = this.opts.desk;
    const out: VisitLine[] = [];
    const secure: Array<{ line: number; uids: readonly string[] }> = [];
    let patronId = this.visitScreen()?.visit.patronId ?? null;
    for (const item of items) {
      const reader = desk.view.reader;
      const loan = reader.loansForItem(item.barcode).find((l) => l.state === 'active' && l.libraryId === this.me);
      if (!loan) {
        out.push(this.line({ barcode: item.barcode, title: '', kind: 'refused', problem: { source: 'kiosk', code: 'NOT_ON_LOAN_HERE', params: { barcode: item.barcode } } }));
        continue;
      }
      // The desk's return packs the item when it sees a leg to pack; a kiosk may not record that, so such items go to the desk.
      if (reader.requestsForItem(item.barcode).some((req) => legFor({ ...req, borrowerState: 'awaiting_return_shipping' }, this.me) !== null)) {
        out.push(this.line({ barcode: item.barcode, title: loan.title, kind: 'refused', problem: { source: 'kiosk', code: 'RETURN_AT_DESK', params: { title: loan.title } } }));
        continue;
      }
      const r = await desk.workflows.returnItem(item.barcode);
      if (!r.ok) {
        out.push(this.line({ barcode: item.barcode, title: loan.title, kind: 'refused', problem: { source: 'rules', code: r.reason, params: r.params } }));
        continue;
      }
      const o = r.outcome;
      const fromTag = ownerLibraryOf(desk, item.owner);
      const fromLoan = o.kind === 'returned' ? o.returnTo : loan.ownerLibraryId;
      out.push(this.line({
        barcode: item.barcode, title: loan.title, kind: 'returned', loanId: loan.id,
        fine: o.kind === 'returned' ? o.fineAmount : 0, overdueDays: o.kind === 'returned' ? o.overdueDays : 0,
        returnTo: fromTag ?? fromLoan, ...(r.eventIds[0] ? { eventId: r.eventIds[0] } : {}),
      }));
      secure.push({ line: out.length - 1, uids: item.uids });
      patronId ??= loan.patronId;
    }
    await this.setTags(out, secure, true);
    if (patronId) this.update((v) => ({ ...v, patronId: v.patronId ?? patronId }));
    this.replaceLines(out);
  }

  /** One security write for the batch; a line whose tags did not all take it says so (the record stands). */
  private async setTags(out: VisitLine[], targets: Array<{ line: number; uids: readonly string[] }>, secured: boolean): Promise<void> {
    const uids = targets.flatMap((t) => t.uids);
    if (uids.length === 0) return;
    const okUids = new Set<string>();
    try {
      for (let i = 0; i < uids.length; i += 64) {
        for (const a of await this.opts.devices.setSecurity(uids.slice(i, i + 64), secured)) if (a.ok) okUids.add(a.uid);
      }
    } catch {
      // The pad did not answer: every tag of the batch counts as not written.
    }
    for (const t of targets) {
      const l = out[t.line];
      if (!l) continue;
      const ok = t.uids.every((u) => okUids.has(u));
      out[t.line] = ok ? { ...l, securityOk: true } : { ...l, securityOk: false, problem: { source: 'kiosk', code: 'SECURITY_FAILED', params: { title: l.title } } };
    }
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
      const outcome = await this.printVisit(s.visit);
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
    const outcome = await this.printVisit(visit);
    this.show({ kind: 'goodbye', visit: { ...visit, receipt: outcome.kind === 'printed' ? 'printed' : 'failed' }, receipt: outcome });
  }

  /** The slip for a visit (the screen's language), from the records as they are now. */
  receiptFor(visit: Visit, copy = false): Slip | null {
    if (!visit.key) return null;
    const reader = this.opts.desk.view.reader;
    const patron = visit.patronId ? reader.get('patrons', visit.patronId) : undefined;
    const lines = visit.lines.filter(transacted);
    return buildKioskReceipt({
      reader, libraryId: this.me, patron,
      checkouts: lines.filter((l) => l.kind === 'checked_out').map((l) => ({ title: l.title, barcode: l.barcode, dueDate: l.dueDate ?? '' })),
      returns: lines.filter((l) => l.kind === 'returned').map((l) => ({ title: l.title, barcode: l.barcode, fine: l.fine ?? 0, overdueDays: l.overdueDays ?? 0 })),
      at: new Date(visit.startedAt).toISOString(),
      offline: lines.some((l) => l.offline),
      visitKey: visit.key,
      copy,
    }, this.lang());
  }

  private async printVisit(visit: Visit): Promise<ReceiptOutcome> {
    const slip = this.receiptFor(visit);
    if (!slip || !visit.key) return { kind: 'none' };
    try {
      await this.opts.devices.print(receiptPrintKey(visit.key), slip);
      return { kind: 'printed' };
    } catch (err) {
      return { kind: 'failed', message: (err instanceof Error ? err.message : String(err)).slice(0, 160) };
    }
  }

  /** The patron's last visit at this kiosk, rebuilt from its events (after a restart too), printed again marked COPY. */
  reprintLast(patronId: string): Promise<ReceiptOutcome> {
    return this.serial(async () => {
      const past = lastVisitOf(this.opts.desk.view, this.opts.desk.config.deviceId, patronId, this.now());
      if (!past) return { kind: 'none' } as const;
      const reader = this.opts.desk.view.reader;
      const slip = buildKioskReceipt({
        reader, libraryId: this.me, patron: reader.get('patrons', patronId), checkouts: past.checkouts, returns: past.returns,
        at: past.at, offline: past.unconfirmed, visitKey: past.key, copy: true,
      }, this.lang());
      try {
        await this.opts.devices.print(copyPrintKey(past.key, this.now()), slip);
      } catch (err) {
        return { kind: 'failed', message: (err instanceof Error ? err.message : String(err)).slice(0, 160) } as const;
      }
      const s = this.visitScreen();
      if (s) this.show({ ...s, reprinted: true });
      return { kind: 'printed' } as const;
    });
  }

  /** Whether the patron has a visit at this kiosk whose receipt can be printed again. */
  hasPastVisit(patronId: string): boolean {
    return lastVisitOf(this.opts.desk.view, this.opts.desk.config.deviceId, patronId, this.now()) !== null;
  }
}
