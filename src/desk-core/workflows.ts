// The desk's actions. Each one turns a scan or a click into one or more
// events, tries them on the optimistic view first (a refusal records nothing
// and says why, so a wrong scan never has to be undone), stores them in the
// replica and applies them to the view. Routing decisions — which parcel an
// item goes into, whether it goes to the hold shelf, home or onward — are made
// here, offline as well as online.
import { ROLE_EVENT_TYPES, type DeviceRole } from '#shared/domain/access';
import type { HybridLogicalClock } from '#shared/domain/hlc';
import { newId } from '#shared/domain/ids';
import type { DomainEvent, EventDoc, EventPayload, EventType } from '#shared/domain/events';
import type { Outcome } from '#shared/domain/reducer';
import { legFor } from '#shared/domain/parcels/packing';
import { receiptOf, type Receipt } from '#shared/domain/parcels/receiving';
import { clip, codePointLength, sanitizeText } from '#shared/text/unicode';
import type { ReasonCode, ReasonParams } from '#shared/domain/reasons';
import type { HoldRecord, ParcelRecord, PatronRecord, RequestRecord } from '#shared/domain/records';
import type { HomeCheck } from './home-check';
import { HomeSystemGate, type HomeValidator } from './home-gate';
import { checkVisitorCard, type CardRefusal } from './visitor-cards';
import { visitorCardOf } from '#shared/domain/cards/visitor-loans';
import type { OptimisticView } from './optimistic-view';
import { unboundTitleRequests } from './title-requests';

export type Refusal = { ok: false; reason: ReasonCode; params: ReasonParams };
export type Done<T = Outcome> = { ok: true; outcome: T; eventIds: string[] };
export type ActionResult<T = Outcome> = Done<T> | Refusal;

/** What a received item means for the person holding it. */
export type Routing = (
  | { route: 'hold_shelf'; outcome: Extract<Outcome, { kind: 'hold_shelf' }> }
  | { route: 'home'; outcome: Extract<Outcome, { kind: 'home' }> }
  | { route: 'forward'; toLibraryId: string; parcelId: string | null; title: string }
  | { route: 'recorded' }
  // Credited to another parcel than the one being received (or it came loose): staff are told which.
) & Receipt;

export interface DeskIdentity {
  deviceId: string;
  libraryId: string;
  /** What the service lets this device record (ROLE_EVENT_TYPES); checked here too, see record(). */
  role: DeviceRole;
}

export interface WorkflowContext {
  view: OptimisticView;
  identity: DeskIdentity;
  clock: HybridLogicalClock;
  now(): number;
  /** Store the event in the replica; rejects when local storage fails. */
  persist(event: EventDoc): Promise<void>;
  /** Store several events in one write (an RFID stack). */
  persistMany(events: EventDoc[]): Promise<void>;
}

const refuse = (reason: ReasonCode, params: ReasonParams = {}): Refusal => ({ ok: false, reason, params });

/** Scanner input, cleaned: what staff scan must be a printable code of sane length. */
export function cleanCode(raw: string): { ok: true; code: string } | Refusal {
  const code = raw.trim();
  const shown = clip(code, 40);
  if (code.length === 0) return refuse('INVALID_BARCODE', { code: shown, detail: 'empty' });
  if (code.length > 64) return refuse('INVALID_BARCODE', { code: shown, detail: 'longer than 64 characters' });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(code)) return refuse('INVALID_BARCODE', { code: shown.replace(/[\u0000-\u001f\u007f]/g, '�'), detail: 'control characters or spaces' });
  return { ok: true, code };
}

function routingOf(o: Outcome, forwardParcelId: string | null): Routing {
  if (o.kind === 'hold_shelf') return { route: 'hold_shelf', outcome: o };
  if (o.kind === 'home') return { route: 'home', outcome: o };
  if (o.kind === 'forward') return { route: 'forward', toLibraryId: o.toLibraryId, parcelId: forwardParcelId, title: o.title };
  return { route: 'recorded' };
}

export class Workflows {
  // Serialises actions: two scans arriving together must not both pick "no open parcel" and open two.
  private queue: Promise<unknown> = Promise.resolve();
  private readonly home: HomeSystemGate;

  constructor(private readonly ctx: WorkflowContext) {
    this.home = new HomeSystemGate(ctx.identity.libraryId);
  }

  private get me(): string {
    return this.ctx.identity.libraryId;
  }

  /** Run fn alone in the action queue: actions asked for meanwhile wait until it is done (the desk's repair). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial(fn);
  }

  /** One event through the same checks, in the action queue (feature modules such as title-requests.ts). */
  recordAction<T extends EventType>(type: T, payload: EventPayload<T>): Promise<ActionResult> { return this.serial(() => this.record(type, payload)); }
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private newEvent<T extends EventType>(type: T, payload: EventPayload<T>): EventDoc {
    const now = this.ctx.now();
    return {
      id: newId(now), deviceId: this.ctx.identity.deviceId, libraryId: this.me, hlc: this.ctx.clock.now(),
      at: new Date(now).toISOString(), type, payload, status: 'pending', reason: '',
    } as EventDoc;
  }

  /**
   * The service refuses a whole push batch holding an event type the device's
   * role may not send, so one such event stored here would hold back every
   * later one in the queue, for good: refuse it before anything is stored.
   */
  private roleRefusal(type: EventType): Refusal | null {
    const role = this.ctx.identity.role;
    return ROLE_EVENT_TYPES[role].includes(type) ? null : refuse('NOT_FOR_THIS_DEVICE', { type, role });
  }

  /** Build, check, store and apply one event. */
  private async record<T extends EventType>(type: T, payload: EventPayload<T>): Promise<ActionResult> {
    const notHere = this.roleRefusal(type);
    if (notHere) return notHere;
    const event = this.newEvent(type, payload);
    const result = this.ctx.view.tryApply(event as DomainEvent);
    if (!result.ok) return refuse(result.reason, result.params);
    try {
      await this.ctx.persist(event);
    } catch (err) {
      return refuse('STORAGE_FAILED', { detail: clip(err instanceof Error ? err.message : String(err), 120) });
    }
    this.ctx.view.commitLocal(event, result);
    return { ok: true, outcome: result.outcome, eventIds: [event.id] };
  }

  // ---- dispatch (and every other packing: returns, expired holds, forwarding)

  /** The open parcel from this library to a destination, if any (newest first). */
  openParcelTo(toLibraryId: string): ParcelRecord | undefined {
    let best: ParcelRecord | undefined;
    for (const p of this.ctx.view.reader.values('parcels')) {
      if (p.fromLibraryId === this.me && p.toLibraryId === toLibraryId && p.state === 'open' && (!best || p.openedAt > best.openedAt)) best = p;
    }
    return best;
  }

  /**
   * Scan-to-confirm: the item must match a request this library has to ship; it goes into the parcel for its destination.
   * With `requestId` (a pull slip's code was scanned, short-codes.ts) only that request is packed, not the oldest for the item.
   */
  packScan(rawCode: string, requestId?: string): Promise<ActionResult> {
    return this.serial(() => this.pack(rawCode, requestId));
  }

  private async pack(rawCode: string, requestId?: string): Promise<ActionResult> {
    const c = cleanCode(rawCode);
    if (!c.ok) return c;
    const reader = this.ctx.view.reader;
    const open = [...reader.openRequestsForItem(c.code), ...unboundTitleRequests(reader, this.me, c.code)]; // a title request takes the copy scanned
    const movable = open
      .map((req) => ({ req, leg: legFor(req, this.me) }))
      .filter((x): x is { req: RequestRecord; leg: NonNullable<ReturnType<typeof legFor>> } => x.leg !== null)
      .sort((a, b) => (a.req.createdAt < b.req.createdAt ? -1 : 1));
    const first = requestId === undefined ? movable[0] : movable.find((x) => x.req.id === requestId);
    if (!first) {
      // Already packed here: let the rules say where it is.
      const packed = open.find((r) => r.parcelId !== null && (requestId === undefined || r.id === requestId));
      if (packed) {
        const parcel = reader.get('parcels', packed.parcelId!);
        if (parcel && parcel.fromLibraryId === this.me) return refuse('ITEM_ALREADY_PACKED', { itemBarcode: c.code, parcelId: parcel.id });
      }
      return refuse('NO_REQUEST_FOR_ITEM', { itemBarcode: c.code });
    }
    const parcelId = this.openParcelTo(first.leg.to)?.id ?? `P${newId(this.ctx.now())}`;
    return this.record('item.packed', { parcelId, toLibraryId: first.leg.to, requestId: first.req.id, itemBarcode: c.code });
  }

  unpack(parcelId: string, itemBarcode: string): Promise<ActionResult> { return this.serial(() => this.record('item.unpacked', { parcelId, itemBarcode })); }
  seal(parcelId: string): Promise<ActionResult> { return this.serial(() => this.record('parcel.sealed', { parcelId })); }

  dispatch(parcelId: string, courier: string, trackingNumber: string): Promise<ActionResult> {
    return this.serial(async () => {
      const t = cleanCode(trackingNumber);
      if (!t.ok) return t;
      const name = courier.trim();
      if (name === '' || codePointLength(name) > 80) return refuse('INVALID_COURIER', { courier: clip(name, 40) });
      return this.record('parcel.dispatched', { parcelId, courier: name, trackingNumber: t.code });
    });
  }

  pullSlipsPrinted(requestIds: string[]): Promise<ActionResult> {
    return this.serial(() => this.record('request.pull_slip_printed', { requestIds }));
  }

  cannotSupply(requestId: string, reason: string): Promise<ActionResult> {
    return this.serial(() => this.record('request.cannot_supply', { requestId, reason: clip(reason.trim(), 300) || '—' }));
  }

  // ---- receive

  /** A scanned parcel label: the parcel, if it is one addressed to this library. */
  findIncomingParcel(rawCode: string): { ok: true; parcel: ParcelRecord } | Refusal {
    const c = cleanCode(rawCode);
    if (!c.ok) return c;
    const parcel = this.ctx.view.reader.get('parcels', c.code);
    if (!parcel) return refuse('UNKNOWN_PARCEL', { parcelId: c.code });
    if (parcel.toLibraryId !== this.me) return refuse('NOT_EXPECTED_PARCEL', { parcelId: c.code });
    return { ok: true, parcel };
  }

  /** Receive one item (from a parcel, or loose) and route it; an item for elsewhere is packed for its next stop. */
  receiveScan(rawCode: string, parcelId: string | null, ownerLibraryId: string | null = null): Promise<ActionResult<Routing>> {
    return this.serial(async () => {
      const c = cleanCode(rawCode);
      if (!c.ok) return c;
      const elsewhere = this.elsewhere(c.code, parcelId, ownerLibraryId);
      const received = await this.record('item.received', { itemBarcode: c.code, parcelId, ownerLibraryId, holdId: `H${newId(this.ctx.now())}` });
      if (!received.ok) return received;
      const o = received.outcome;
      if (o.kind !== 'forward') return { ok: true, outcome: { ...routingOf(o, null), ...elsewhere }, eventIds: received.eventIds };
      const packed = await this.pack(c.code);
      const parcel = packed.ok && packed.outcome.kind === 'packed' ? packed.outcome.parcelId : null;
      return { ok: true, outcome: { ...routingOf(o, parcel), ...elsewhere }, eventIds: [...received.eventIds, ...(packed.ok ? packed.eventIds : [])] };
    });
  }

  /** Which other parcel a scan would be credited to (still waiting for it), or when it was already received (a repeat). */
  private elsewhere(code: string, parcelId: string | null, owner: string | null): Pick<Routing, 'elsewhere' | 'receivedAt'> {
    return receiptOf(this.ctx.view.reader, code, parcelId, owner, this.me);
  }

  /**
   * A stack of items read together (an RFID pad): every item is checked and
   * applied to the view, then all are stored in one write. Each item gets its
   * own answer; refused items record nothing.
   */
  receiveMany(rawCodes: string[], parcelId: string | null): Promise<Array<ActionResult<Routing>>> {
    return this.serial(async () => {
      const notHere = this.roleRefusal('item.received');
      if (notHere) return rawCodes.map(() => notHere);
      const answers: Array<ActionResult<Routing>> = [];
      const accepted: Array<{ event: EventDoc; index: number }> = [];
      const applied: Array<{ event: EventDoc; result: Extract<ReturnType<OptimisticView['tryApply']>, { ok: true }> }> = [];
      for (const raw of rawCodes) {
        const c = cleanCode(raw);
        if (!c.ok) {
          answers.push(c);
          continue;
        }
        const elsewhere = this.elsewhere(c.code, parcelId, null);
        const event = this.newEvent('item.received', { itemBarcode: c.code, parcelId, ownerLibraryId: null, holdId: `H${newId(this.ctx.now())}` });
        const result = this.ctx.view.tryApply(event as DomainEvent);
        if (!result.ok) {
          answers.push(refuse(result.reason, result.params));
          continue;
        }
        // Applied at once so the next tag of the stack sees this one (same parcel, same patron's loan count).
        this.ctx.view.commitLocal(event, result);
        applied.push({ event, result });
        accepted.push({ event, index: answers.length });
        answers.push({ ok: true, outcome: { ...routingOf(result.outcome, null), ...elsewhere }, eventIds: [event.id] });
      }
      if (accepted.length === 0) return answers;
      try {
        await this.ctx.persistMany(accepted.map((a) => a.event));
      } catch (err) {
        this.ctx.view.forget(accepted.map((a) => a.event.id));
        const failed = refuse('STORAGE_FAILED', { detail: clip(err instanceof Error ? err.message : String(err), 120) });
        for (const a of accepted) answers[a.index] = failed;
        return answers;
      }
      // Items that travel on are packed for their next stop, one by one (rare in a stack).
      for (const a of accepted) {
        const answer = answers[a.index];
        if (!answer?.ok || answer.outcome.route !== 'forward') continue;
        const packed = await this.pack((a.event.payload as { itemBarcode: string }).itemBarcode);
        if (packed.ok && packed.outcome.kind === 'packed') answers[a.index] = { ok: true, outcome: { ...answer.outcome, parcelId: packed.outcome.parcelId }, eventIds: [...answer.eventIds, ...packed.eventIds] };
      }
      return answers;
    });
  }

  closeParcel(parcelId: string): Promise<ActionResult> {
    return this.serial(() => this.record('parcel.closed', { parcelId }));
  }

  // ---- hold shelf

  /** An unclaimed hold leaves the shelf and goes into the return parcel to its lender. */
  expireHold(holdId: string): Promise<ActionResult> {
    return this.serial(async () => {
      const hold = this.ctx.view.reader.get('holds', holdId);
      const expired = await this.record('hold.expired', { holdId });
      if (!expired.ok || !hold) return expired;
      const packed = await this.pack(hold.itemBarcode);
      return packed.ok ? { ok: true, outcome: packed.outcome, eventIds: [...expired.eventIds, ...packed.eventIds] } : expired;
    });
  }

  // ---- counter returns (代還)

  returnItem(rawCode: string): Promise<ActionResult> {
    return this.serial(async () => {
      const c = cleanCode(rawCode);
      if (!c.ok) return c;
      const loan = this.ctx.view.reader.loansForItem(c.code).find((l) => l.state === 'active' && l.libraryId === this.me);
      if (!loan) return refuse('NO_ACTIVE_LOAN', { itemBarcode: c.code });
      const ended = await this.record('loan.ended', { loanId: loan.id, fineId: `F${newId(this.ctx.now())}` });
      if (!ended.ok || !loan.requestId) return ended;
      // Straight into the return parcel to the owner; if that fails (e.g. no request here) the return still stands.
      const packed = await this.pack(c.code);
      return { ok: true, outcome: ended.outcome, eventIds: [...ended.eventIds, ...(packed.ok ? packed.eventIds : [])] };
    });
  }

  // ---- counter pickup

  findPatron(rawCard: string): { ok: true; patron: PatronRecord; holds: HoldRecord[] } | Refusal {
    const c = cleanCode(rawCard);
    if (!c.ok) return c;
    const reader = this.ctx.view.reader;
    const patron = reader.patronByCard(c.code);
    if (!patron) return refuse('UNKNOWN_CARD', { card: c.code });
    const holds = [...reader.values('holds')].filter((h) => h.patronId === patron.id && h.libraryId === this.me && h.state === 'waiting');
    return { ok: true, patron, holds };
  }

  /** Where the library validates patrons through its own system (SIP2), the patron's own library is asked too. */
  useHomeSystem(validate: HomeValidator | null): void {
    this.home.use(validate);
  }

  /** Asks this library's system about one of its own patrons (home-gate.ts): a refusal stops checkouts for them until a later check passes. */
  checkAtHome(patron: PatronRecord, rawCard: string, pin?: string): Promise<HomeCheck> {
    const c = cleanCode(rawCard);
    return this.home.check(patron, c.ok ? c.code : null, pin);
  }

  /** The item scanned at pickup must be a hold of this patron; a hold for someone else is refused by the rules. */
  checkoutScan(patronId: string, rawItem: string): Promise<ActionResult> {
    const c = cleanCode(rawItem);
    if (!c.ok) return Promise.resolve(c);
    const holds = [...this.ctx.view.reader.values('holds')].filter((h) => h.itemBarcode === c.code && h.libraryId === this.me && h.state === 'waiting');
    const hold = holds.find((h) => h.patronId === patronId) ?? holds[0];
    if (!hold) return Promise.resolve(refuse('NO_HOLD_FOR_ITEM', { itemBarcode: c.code }));
    return this.checkout(patronId, hold.id);
  }

  checkout(patronId: string, holdId: string): Promise<ActionResult> {
    const home = this.home.refusalFor(patronId);
    if (home) return Promise.resolve(home);
    return this.serial(() => this.record('loan.started', { loanId: `L${newId(this.ctx.now())}`, holdId, patronId }));
  }

  // ---- visitors with a virtual library card

  /**
   * Lends one of this library's own items to a card holder. The card is verified again at each item (a revocation
   * may have replicated meanwhile). The desk refuses at the card's limit from what it knows; two offline desks can
   * still pass it together, and the service then records the loan and raises CARD_OVER_LIMIT for staff.
   */
  visitorCheckout(cardText: string, rawItem: string, title = ''): Promise<ActionResult | CardRefusal> {
    const c = cleanCode(rawItem);
    if (!c.ok) return Promise.resolve(c);
    return this.serial(async () => {
      const check = await checkVisitorCard(this.ctx.view.reader, cardText, this.me, this.ctx.now());
      if (!check.ok) return { ok: false, cardCode: check.code, params: check.params } satisfies CardRefusal;
      if (check.loans.length >= check.card.loanLimit) return refuse('LOAN_LIMIT_REACHED', { count: check.loans.length, limit: check.card.loanLimit });
      return this.record('loan.visitor_started', { loanId: `L${newId(this.ctx.now())}`, itemBarcode: c.code, title: clip(title.trim(), 400), card: visitorCardOf(check.card) });
    });
  }

  renew(loanId: string): Promise<ActionResult> {
    return this.serial(() => this.record('loan.renewed', { loanId }));
  }

  // ---- fines (滯還金)

  /** The patron paid an owed fine at this desk (the library's system hears of it as a Fee Paid where it supports one). */
  payFine(fineId: string): Promise<ActionResult> {
    return this.serial(() => this.record('fine.paid', { fineId }));
  }

  /** Staff waived an owed fine; the reason is kept on the event for the library's records. */
  waiveFine(fineId: string, reason: string): Promise<ActionResult> {
    // The screen asks for a reason before it offers the button; the dash only keeps the event storable.
    return this.serial(() => this.record('fine.waived', { fineId, reason: clip(sanitizeText(reason.trim(), 300), 300) || '—' }));
  }

  // ---- needs attention

  /** What the library's own system refused, kept as an exception with its screen message. */
  recordIlsRefusal(r: { key: string; kind: 'checkout' | 'checkin'; itemId: string; screenMessage: string }): Promise<ActionResult> {
    return this.serial(() => this.record('ils.refused', { operation: r.kind, itemBarcode: sanitizeText(r.itemId, 64), screenMessage: sanitizeText(r.screenMessage, 300), opKey: clip(r.key, 200) }));
  }

  resolveException(exceptionId: string, note = ''): Promise<ActionResult> {
    return this.serial(() => this.record('exception.resolved', { exceptionId, note: clip(note, 300) }));
  }
}
