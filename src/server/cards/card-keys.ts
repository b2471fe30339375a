// The consortium's card-signing keys. The private half lives in the service's
// own table (card_signing_keys, sealed: card-secrets.ts); the public half,
// with the period it signs for, is a cardKeys record every paired device
// replicates (event cardKey.published / cardKey.retired).
//
// Rotation makes a new key that signs from now on and retires the old ones
// at `retireOldAt` (default now). Desks accept a card only if it was issued
// while its key was in service (src/shared/cards/verify.ts): after a routine
// rotation the cards already issued stay valid until their own end date; to
// withdraw every card of a compromised key, retire it at its activeFrom.
import { randomBytes } from 'node:crypto';
import type { Database, Sql } from '#server/db/database';
import { applyServiceEvents, type ServiceEventSpec } from '#server/cards/card-events';
import { ApiError } from '#server/http/errors';
import type { KeySealer } from '#server/cards/card-secrets';
import { generateKeyPair } from '#shared/cards/ed25519';
import type { CardKeyRecord } from '#shared/domain/records';

/** Serialises key creation across service processes starting at once. */
const CARD_KEY_LOCK = 727_002;

interface KeyRow {
  data: CardKeyRecord;
  private_key: string | null;
}

async function keyRows(tx: Sql): Promise<KeyRow[]> {
  const { rows } = await tx.query<KeyRow>(
    `select r.data, k.private_key from records r left join card_signing_keys k on k.key_id = r.id
      where r.collection = 'cardKeys' and not r.deleted`,
  );
  return rows;
}

function inService(k: CardKeyRecord, nowMs: number): boolean {
  return Date.parse(k.activeFrom) <= nowMs && (k.retiredAt === null || Date.parse(k.retiredAt) > nowMs);
}

/** A key id that sorts by creation and says when: k20250303-ab12cd34. */
function newKeyId(nowMs: number): string {
  const day = new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '');
  return `k${day}-${randomBytes(4).toString('hex')}`;
}

async function createKey(tx: Sql, sealer: KeySealer, nowMs: number): Promise<{ spec: ServiceEventSpec<'cardKey.published'>; keyId: string }> {
  const pair = await generateKeyPair();
  const keyId = newKeyId(nowMs);
  await tx.query('insert into card_signing_keys (key_id, public_key, private_key) values ($1, $2, $3)', [keyId, pair.publicKey, sealer.seal(keyId, pair.privateKey)]);
  return {
    keyId,
    spec: { type: 'cardKey.published', libraryId: 'consortium', payload: { key: { id: keyId, publicKey: pair.publicKey, activeFrom: new Date(nowMs).toISOString() } } },
  };
}

export interface KeySetup {
  keyId: string;
  created: boolean;
  /** Keys this process cannot open (sealed under another CARD_KEY_SECRET): the service cannot sign with them. */
  unreadable: string[];
  /** Keys stored unsealed that were sealed now because a secret is configured. */
  sealed: string[];
}

/**
 * On start: make and publish a key if none is in service (idempotent across processes),
 * and seal keys stored plain when a secret is now configured.
 */
export async function ensureCardKey(db: Database, sealer: KeySealer, nowMs: number = Date.now()): Promise<KeySetup> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [CARD_KEY_LOCK]);
    const rows = await keyRows(tx);
    const unreadable: string[] = [];
    const sealed: string[] = [];
    for (const r of rows) {
      if (r.private_key === null) continue;
      const privateKey = sealer.unseal(r.data.id, r.private_key);
      if (privateKey === null) unreadable.push(r.data.id);
      else if (sealer.encrypted && r.private_key.startsWith('plain.')) {
        await tx.query('update card_signing_keys set private_key = $2 where key_id = $1', [r.data.id, sealer.seal(r.data.id, privateKey)]);
        sealed.push(r.data.id);
      }
    }
    const current = rows.filter((r) => r.private_key !== null && inService(r.data, nowMs)).sort((a, b) => Date.parse(b.data.activeFrom) - Date.parse(a.data.activeFrom))[0];
    // A key in service that this process cannot open is still the consortium's key: no silent replacement (rotate instead).
    if (current) return { keyId: current.data.id, created: false, unreadable, sealed };
    const { keyId, spec } = await createKey(tx, sealer, nowMs);
    await applyServiceEvents(tx, [spec], nowMs);
    return { keyId, created: true, unreadable, sealed };
  });
}

export interface Rotation {
  key: CardKeyRecord;
  retired: CardKeyRecord[];
}

/** A new key in service from now; every key still in service (or retiring later) retires at `retireAtMs`. */
export async function rotateCardKey(db: Database, sealer: KeySealer, retireAtMs: number | null, nowMs: number = Date.now()): Promise<Rotation> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [CARD_KEY_LOCK]);
    const retireAt = new Date(retireAtMs ?? nowMs).toISOString();
    const rows = await keyRows(tx);
    const toRetire = rows.filter((r) => r.data.retiredAt === null || Date.parse(r.data.retiredAt) > Date.parse(retireAt));
    const { keyId, spec } = await createKey(tx, sealer, nowMs);
    await applyServiceEvents(tx, [
      spec,
      ...toRetire.map((r): ServiceEventSpec<'cardKey.retired'> => ({ type: 'cardKey.retired', libraryId: 'consortium', payload: { keyId: r.data.id, retiredAt: retireAt } })),
    ], nowMs);
    const after = await keyRows(tx);
    const byId = new Map(after.map((r) => [r.data.id, r.data]));
    return { key: byId.get(keyId)!, retired: toRetire.map((r) => byId.get(r.data.id)!) };
  });
}

/** The key that signs a card issued now: the newest in service whose private half this process can open. */
export async function signingKey(tx: Sql, sealer: KeySealer, nowMs: number): Promise<{ keyId: string; privateKey: string }> {
  const rows = (await keyRows(tx)).filter((r) => r.private_key !== null && inService(r.data, nowMs));
  rows.sort((a, b) => Date.parse(b.data.activeFrom) - Date.parse(a.data.activeFrom));
  const newest = rows[0];
  if (!newest) throw new ApiError(503, 'NO_CARD_KEY', 'The service has no card-signing key in service. An administrator can rotate the keys to make one.');
  const privateKey = sealer.unseal(newest.data.id, newest.private_key!);
  if (privateKey === null) {
    throw new ApiError(503, 'CARD_KEY_UNAVAILABLE', `The signing key ${newest.data.id} cannot be opened with this service's CARD_KEY_SECRET. Set the secret it was sealed with, or rotate the keys.`);
  }
  return { keyId: newest.data.id, privateKey };
}

/** The private half of a key, or null (unknown or unreadable). Never served over HTTP. */
export async function privateKeyOf(tx: Sql, sealer: KeySealer, keyId: string): Promise<string | null> {
  const { rows } = await tx.query<{ private_key: string }>('select private_key from card_signing_keys where key_id = $1', [keyId]);
  return rows[0] ? sealer.unseal(keyId, rows[0].private_key) : null;
}
