// Issuing, revoking and reading virtual library cards on the service. The
// HTTP layer (routes-cards.ts) parses requests into the typed inputs here;
// the demo data uses the same functions.
//
// Issuing signs the card with the key in service, then records `card.issued`
// (the cards record desks replicate) and keeps the signed QR text for the
// card's page, in one transaction.
import type { Database, Sql } from '#server/db/database';
import type { Device } from '#server/pairing/auth';
import { ApiError } from '#server/http/errors';
import { applyServiceEvents } from '#server/cards/card-events';
import { ensureCardKey, rotateCardKey, signingKey, type KeySetup, type Rotation } from '#server/cards/card-keys';
import { cardPageKey, keySealer, samePageKey, serviceSecret, type KeySealer } from '#server/cards/card-secrets';
import { checkCardPayload, type CardPayload } from '#shared/cards/card';
import { signCard } from '#shared/cards/qr';
import { addDays, localDateOf, type LocalDate } from '#shared/domain/dates';
import { describeReason, type ReasonCode, type ReasonParams } from '#shared/domain/reasons';
import type { PolicyFields, PolicyRecordLike } from '#shared/domain/policy';
import { policyFor } from '#shared/domain/policy-for';
import { patronRefusal } from '#shared/domain/patrons/reducer';
import { MemoryStore } from '#shared/domain/store';
import { newId } from '#shared/domain/ids';
import type { CardRecord, LibraryRecord, RecordCollection, RecordTypes } from '#shared/domain/records';

export const DEFAULT_CARD_DAYS = 30;
export const MAX_CARD_DAYS = 365;
export const DEFAULT_CARD_LOAN_LIMIT = 3;
const PAGE_SECRET = 'card-page-links';

export interface PatronCardInput {
  patronId: string;
  hostLibraryId: string;
  validFrom?: LocalDate | undefined;
  validUntil?: LocalDate | undefined;
  loanLimit?: number | undefined;
}

export interface PartnerCardInput {
  holderName: string;
  holderId: string;
  organisation: string;
  hostLibraryId: string;
  validFrom?: LocalDate | undefined;
  validUntil: LocalDate;
  loanLimit?: number | undefined;
}

export interface IssuedCard {
  card: CardRecord;
  cardText: string;
  /** Path of the card's page, with its secret link key: `/cards/<id>?k=…`. */
  pagePath: string;
}

export type CardActor = { kind: 'admin' } | { kind: 'device'; device: Device };

/** A refusal by the rules, with the reason table's English message. */
function ruled(status: number, code: ReasonCode, params: ReasonParams = {}): ApiError {
  return new ApiError(status, code, describeReason(code, params, 'en').message, Object.keys(params).length ? { ...params } : undefined);
}

async function recordsOf<C extends RecordCollection>(db: Sql, collection: C, ids?: readonly string[]): Promise<RecordTypes[C][]> {
  const { rows } = ids
    ? await db.query<{ data: RecordTypes[C] }>('select data from records where collection = $1 and id = any($2::text[]) and not deleted', [collection, ids])
    : await db.query<{ data: RecordTypes[C] }>('select data from records where collection = $1 and not deleted', [collection]);
  return rows.map((r) => r.data);
}

export class CardService {
  private constructor(
    private readonly db: Database,
    private readonly sealer: KeySealer,
    /** Null when it was sealed under another CARD_KEY_SECRET: no page links then. */
    private readonly pageSecret: string | null,
  ) {}

  /**
   * Opens the card services: the page-link secret, the key sealer (CARD_KEY_SECRET
   * unless given), and a signing key in service (made and published if there is none).
   */
  static async open(db: Database, opts: { keySecret?: string | undefined; nowMs?: number } = {}): Promise<{ cards: CardService; setup: KeySetup; warnings: string[] }> {
    const sealer = keySealer(opts.keySecret ?? (process.env['CARD_KEY_SECRET'] || undefined));
    const pageSecret = await serviceSecret(db, PAGE_SECRET, sealer);
    const setup = await ensureCardKey(db, sealer, opts.nowMs);
    const warnings: string[] = [];
    if (!sealer.encrypted) warnings.push('CARD_KEY_SECRET is not set: card-signing keys are stored unencrypted in the database.');
    if (pageSecret === null) warnings.push('The card-page link secret cannot be opened with this CARD_KEY_SECRET; card pages cannot be served or linked.');
    if (setup.unreadable.length > 0) warnings.push(`Card-signing keys ${setup.unreadable.join(', ')} cannot be opened with this CARD_KEY_SECRET; cards cannot be issued with them.`);
    return { cards: new CardService(db, sealer, pageSecret), setup, warnings };
  }

  pagePath(cardId: string): string {
    if (this.pageSecret === null) throw new ApiError(503, 'CARD_PAGE_SECRET_UNAVAILABLE', 'The card-page link secret cannot be opened with this service\'s CARD_KEY_SECRET. Set the secret it was sealed with.');
    return `/cards/${cardId}?k=${cardPageKey(this.pageSecret, cardId)}`;
  }

  pageKeyMatches(cardId: string, k: unknown): boolean {
    return this.pageSecret !== null && samePageKey(this.pageSecret, cardId, k);
  }

  /** A card for a patron of the device's library, to borrow at one host library or ('*') at any. */
  async issuePatronCard(device: Device, input: PatronCardInput, nowMs: number = Date.now()): Promise<IssuedCard> {
    if (device.role !== 'staff') throw new ApiError(403, 'FORBIDDEN_ROLE', 'Only a staff desk can issue cards.');
    const [patron] = await recordsOf(this.db, 'patrons', [input.patronId]);
    // Another library's patron is answered like an unknown one: a desk learns nothing outside its scope.
    if (!patron || patron.homeLibraryId !== device.libraryId) throw ruled(404, 'UNKNOWN_PATRON', { patronId: input.patronId });
    const home = patron.homeLibraryId;
    const store = await this.directory([home, input.hostLibraryId]);
    await this.checkHost(store, input.hostLibraryId, home);
    const policy = hostPolicy(input.hostLibraryId, store.policies());
    const today = localDateOf(nowMs, policy.utcOffsetMinutes);
    const refusal = patronRefusal(store, patron, today, { countLoans: false });
    if (refusal && !refusal.ok) throw ruled(422, refusal.reason, refusal.params);
    const validFrom = input.validFrom ?? today;
    checkStart(validFrom, today);
    const validUntil = input.validUntil ?? minDate(addDays(validFrom, DEFAULT_CARD_DAYS), patron.expiresOn);
    checkEnd(validFrom, validUntil, today);
    if (validUntil > patron.expiresOn) {
      throw new ApiError(422, 'CARD_BEYOND_MEMBERSHIP', `The card cannot be valid after the patron's membership ends (${patron.expiresOn}).`, { expiresOn: patron.expiresOn });
    }
    return this.issue({
      kind: 'interlibrary', holderName: patron.name.trim(), holderId: patron.id, homeLibraryId: home, organisation: null,
      hostLibraryId: input.hostLibraryId, validFrom, validUntil, loanLimit: input.loanLimit ?? DEFAULT_CARD_LOAN_LIMIT,
    }, { issuedBy: home, eventLibrary: home, invalidStatus: 422 }, nowMs);
  }

  /** A partner organisation's card, issued by the administrator. */
  async issuePartnerCard(input: PartnerCardInput, nowMs: number = Date.now()): Promise<IssuedCard> {
    const store = await this.directory([input.hostLibraryId]);
    await this.checkHost(store, input.hostLibraryId, null);
    const policy = hostPolicy(input.hostLibraryId, store.policies());
    const today = localDateOf(nowMs, policy.utcOffsetMinutes);
    const validFrom = input.validFrom ?? today;
    checkStart(validFrom, today);
    checkEnd(validFrom, input.validUntil, today);
    return this.issue({
      kind: 'partner', holderName: input.holderName, holderId: input.holderId, homeLibraryId: null, organisation: input.organisation,
      hostLibraryId: input.hostLibraryId, validFrom, validUntil: input.validUntil, loanLimit: input.loanLimit ?? DEFAULT_CARD_LOAN_LIMIT,
    }, { issuedBy: 'ADMIN', eventLibrary: 'consortium', invalidStatus: 400 }, nowMs);
  }

  /**
   * Sign, record and keep the card. A payload the card format refuses is the caller's
   * input (400) for the administrator, the patron record's (422) for a desk.
   */
  private async issue(
    fields: Omit<CardPayload, 'v' | 'cardId' | 'issuedAt' | 'keyId'>,
    how: { issuedBy: string; eventLibrary: string; invalidStatus: 400 | 422 },
    nowMs: number,
  ): Promise<IssuedCard> {
    const cardId = newId(nowMs);
    return this.db.transaction(async (tx) => {
      const key = await signingKey(tx, this.sealer, nowMs);
      const checked = checkCardPayload({ v: 1, cardId, issuedAt: new Date(nowMs).toISOString(), keyId: key.keyId, ...fields });
      if (!checked.ok) {
        const [code, what] = how.invalidStatus === 400 ? ['VALIDATION_FAILED', 'The card details are not valid'] : ['CARD_INVALID', 'The patron record cannot go on a card'];
        throw new ApiError(how.invalidStatus, code, `${what}: ${checked.problems.join('; ')}.`, { problems: [...checked.problems] });
      }
      const cardText = await signCard(checked.payload, key.privateKey);
      const { v: _v, cardId: id, ...rest } = checked.payload;
      await applyServiceEvents(tx, [{ type: 'card.issued', libraryId: how.eventLibrary, payload: { card: { id, ...rest, issuedBy: how.issuedBy } } }], nowMs);
      await tx.query('insert into card_texts (card_id, card_text) values ($1, $2)', [cardId, cardText]);
      const [card] = await recordsOf(tx, 'cards', [cardId]);
      return { card: card!, cardText, pagePath: this.pagePath(cardId) };
    });
  }

  /** Revoke a card: the holder's home library (a staff desk) or the administrator. */
  async revoke(actor: CardActor, cardId: string, reason: string, nowMs: number = Date.now()): Promise<{ card: CardRecord; alreadyRevoked: boolean }> {
    const card = await this.readable(actor, cardId);
    if (actor.kind === 'device') {
      if (actor.device.role !== 'staff') throw new ApiError(403, 'FORBIDDEN_ROLE', 'Only a staff desk can revoke cards.');
      if (card.homeLibraryId !== actor.device.libraryId) throw ruled(403, 'CARD_NOT_YOURS', { cardId });
    }
    const alreadyRevoked = card.revokedAt !== null;
    await this.db.transaction((tx) => applyServiceEvents(tx, [{
      type: 'card.revoked',
      libraryId: actor.kind === 'device' ? actor.device.libraryId : (card.homeLibraryId ?? 'consortium'),
      payload: { cardId, reason },
      ...(actor.kind === 'device' ? { deviceId: actor.device.id } : {}),
    }], nowMs));
    const [after] = await recordsOf(this.db, 'cards', [cardId]);
    return { card: after!, alreadyRevoked };
  }

  /** The card, its QR text and page path, for the administrator or a staff desk of the holder's home library. */
  async show(actor: CardActor, cardId: string): Promise<IssuedCard> {
    const card = await this.readable(actor, cardId);
    if (actor.kind === 'device' && (actor.device.role !== 'staff' || card.homeLibraryId !== actor.device.libraryId)) throw ruled(403, 'CARD_NOT_YOURS', { cardId });
    const cardText = await this.cardText(cardId);
    if (cardText === null) throw new ApiError(404, 'CARD_TEXT_MISSING', `Card ${cardId} has no stored QR text.`);
    return { card, cardText, pagePath: this.pagePath(cardId) };
  }

  /** The card and its text for its page, or null. */
  async forPage(cardId: string): Promise<{ card: CardRecord; cardText: string } | null> {
    const [card] = await recordsOf(this.db, 'cards', [cardId]);
    const cardText = card ? await this.cardText(cardId) : null;
    return card && cardText !== null ? { card, cardText } : null;
  }

  async pageContext(card: CardRecord): Promise<{ libraries: Map<string, LibraryRecord>; policy: PolicyFields }> {
    const ids = [card.hostLibraryId, card.homeLibraryId].filter((x): x is string => x !== null && x !== '*');
    const libs = await recordsOf(this.db, 'libraries', ids);
    const policies = await recordsOf(this.db, 'policies');
    return { libraries: new Map(libs.map((l) => [l.id, l])), policy: hostPolicy(card.hostLibraryId, policies) };
  }

  rotate(retireAtMs: number | null, nowMs: number = Date.now()): Promise<Rotation> {
    return rotateCardKey(this.db, this.sealer, retireAtMs, nowMs);
  }

  /** Consortium figures: cards issued (by home library or organisation), active and revoked, loans per card and per host. */
  async stats(nowMs: number = Date.now()): Promise<CardStats> {
    const cards = await recordsOf(this.db, 'cards');
    const policies = await recordsOf(this.db, 'policies');
    const today = localDateOf(nowMs, hostPolicy('*', policies).utcOffsetMinutes);
    const { rows } = await this.db.query<{ card_id: string; library_id: string; state: string; n: number | string }>(
      `select l.data->>'patronId' as card_id, l.data->>'libraryId' as library_id, l.data->>'state' as state, count(*) as n
         from records l join records c on c.collection = 'cards' and c.id = l.data->>'patronId'
        where l.collection = 'loans' and not l.deleted
        group by 1, 2, 3`,
    );
    return cardStats(cards, rows.map((r) => ({ cardId: r.card_id, libraryId: r.library_id, active: r.state === 'active', count: Number(r.n) })), today);
  }

  private async cardText(cardId: string): Promise<string | null> {
    const { rows } = await this.db.query<{ card_text: string }>('select card_text from card_texts where card_id = $1', [cardId]);
    return rows[0]?.card_text ?? null;
  }

  /** The card if the actor may know of it (administrator; the host and home libraries' devices), else 404. */
  private async readable(actor: CardActor, cardId: string): Promise<CardRecord> {
    const [card] = await recordsOf(this.db, 'cards', [cardId]);
    const lib = actor.kind === 'device' ? actor.device.libraryId : null;
    if (!card || (lib !== null && card.hostLibraryId !== '*' && card.hostLibraryId !== lib && card.homeLibraryId !== lib)) throw ruled(404, 'CARD_UNKNOWN', { cardId });
    return card;
  }

  private async directory(libraryIds: readonly string[]): Promise<MemoryStore> {
    const store = new MemoryStore();
    for (const doc of await recordsOf(this.db, 'libraries', libraryIds.filter((x) => x !== '*'))) store.put({ collection: 'libraries', doc });
    for (const doc of await recordsOf(this.db, 'policies')) store.put({ collection: 'policies', doc });
    return store;
  }

  private async checkHost(store: MemoryStore, host: string, home: string | null): Promise<void> {
    if (host === '*') return;
    if (host === home) throw ruled(422, 'SAME_LIBRARY');
    const lib = store.get('libraries', host);
    if (!lib) throw ruled(422, 'UNKNOWN_LIBRARY', { libraryId: host });
    if (!lib.active) throw ruled(422, 'LIBRARY_INACTIVE', { libraryId: host });
  }
}

/** The policy a card's holder borrows under: the host's, or the consortium's for a card valid everywhere. */
function hostPolicy(hostLibraryId: string, policies: Iterable<PolicyRecordLike>): PolicyFields {
  // The one rule (policyFor): what the card page states is what the host's desk applies.
  return policyFor(policies, { card: { hostLibraryId } });
}

function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b;
}

function checkStart(validFrom: LocalDate, today: LocalDate): void {
  if (validFrom < today) throw new ApiError(400, 'VALIDATION_FAILED', `/validFrom: today (${today}) or later`);
  if (validFrom > addDays(today, MAX_CARD_DAYS)) throw new ApiError(400, 'VALIDATION_FAILED', `/validFrom: at most ${MAX_CARD_DAYS} days from today`);
}

function checkEnd(validFrom: LocalDate, validUntil: LocalDate, today: LocalDate): void {
  if (validUntil < validFrom) throw new ApiError(400, 'VALIDATION_FAILED', `/validUntil: on or after validFrom (${validFrom})`);
  const last = addDays(today, MAX_CARD_DAYS);
  if (validUntil > last) throw new ApiError(400, 'VALIDATION_FAILED', `/validUntil: at most one year from today (${last})`);
}

export interface CardStats {
  today: LocalDate;
  cards: { issued: number; active: number; revoked: number; expired: number; notYetValid: number };
  /** Per home library (interlibrary cards) or organisation (partner cards). */
  issuedBy: Array<{ kind: 'interlibrary' | 'partner'; homeLibraryId: string | null; organisation: string | null; issued: number; active: number; revoked: number }>;
  loans: { total: number; active: number; perCardAverage: number };
  loansPerCard: Array<{ cardId: string; holderName: string; homeLibraryId: string | null; organisation: string | null; hostLibraryId: string; loans: number; activeLoans: number }>;
  /** Per host school: visitor loans made there and by how many cards. */
  loansPerHost: Array<{ libraryId: string; loans: number; activeLoans: number; cards: number }>;
}

type CardState = 'active' | 'revoked' | 'expired' | 'notYetValid';

function stateOf(card: CardRecord, today: LocalDate): CardState {
  if (card.revokedAt !== null) return 'revoked';
  if (card.validUntil < today) return 'expired';
  if (card.validFrom > today) return 'notYetValid';
  return 'active';
}

export function cardStats(cards: readonly CardRecord[], loans: ReadonlyArray<{ cardId: string; libraryId: string; active: boolean; count: number }>, today: LocalDate): CardStats {
  const totals = { issued: cards.length, active: 0, revoked: 0, expired: 0, notYetValid: 0 };
  const byIssuer = new Map<string, CardStats['issuedBy'][number]>();
  for (const c of cards) {
    const state = stateOf(c, today);
    totals[state]++;
    const key = c.kind === 'interlibrary' ? `L:${c.homeLibraryId}` : `O:${c.organisation}`;
    let row = byIssuer.get(key);
    if (!row) byIssuer.set(key, (row = { kind: c.kind, homeLibraryId: c.homeLibraryId, organisation: c.organisation, issued: 0, active: 0, revoked: 0 }));
    row.issued++;
    if (state === 'active') row.active++;
    if (state === 'revoked') row.revoked++;
  }
  const perCard = new Map<string, { loans: number; activeLoans: number }>();
  const perHost = new Map<string, { loans: number; activeLoans: number; cards: Set<string> }>();
  let total = 0;
  let active = 0;
  for (const l of loans) {
    const c = perCard.get(l.cardId) ?? { loans: 0, activeLoans: 0 };
    const h = perHost.get(l.libraryId) ?? { loans: 0, activeLoans: 0, cards: new Set<string>() };
    c.loans += l.count;
    h.loans += l.count;
    h.cards.add(l.cardId);
    total += l.count;
    if (l.active) {
      c.activeLoans += l.count;
      h.activeLoans += l.count;
      active += l.count;
    }
    perCard.set(l.cardId, c);
    perHost.set(l.libraryId, h);
  }
  const byName = <T extends { loans: number }>(a: T & { key: string }, b: T & { key: string }) => b.loans - a.loans || (a.key < b.key ? -1 : 1);
  return {
    today,
    cards: totals,
    issuedBy: [...byIssuer.values()].sort((a, b) => b.issued - a.issued || String(a.homeLibraryId ?? a.organisation).localeCompare(String(b.homeLibraryId ?? b.organisation))),
    loans: { total, active, perCardAverage: cards.length ? Math.round((total / cards.length) * 100) / 100 : 0 },
    loansPerCard: cards
      .map((c) => ({ key: c.id, cardId: c.id, holderName: c.holderName, homeLibraryId: c.homeLibraryId, organisation: c.organisation, hostLibraryId: c.hostLibraryId, ...(perCard.get(c.id) ?? { loans: 0, activeLoans: 0 }) }))
      .sort(byName)
      .map(({ key: _k, ...rest }) => rest),
    loansPerHost: [...perHost.entries()]
      .map(([libraryId, h]) => ({ key: libraryId, libraryId, loans: h.loans, activeLoans: h.activeLoans, cards: h.cards.size }))
      .sort(byName)
      .map(({ key: _k, ...rest }) => rest),
  };
}
