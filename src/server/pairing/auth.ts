// Desk pairing and device tokens. A pairing code is short-lived and single
// use; the device token it buys is random, shown once, and stored only as a
// SHA-256 hash (it has 256 bits of entropy, so a slow hash adds nothing).
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Database } from '#server/db/database';
import type { DeviceRole } from '#shared/domain/access';
import { newId } from '#shared/domain/ids';

export interface Device {
  id: string;
  libraryId: string;
  role: DeviceRole;
  name: string;
}

export const PAIRING_CODE_TTL_MINUTES = 30;
/**
 * Wrong codes tried, service-wide, while a code is outstanding, before that code is burnt. The
 * per-address limit on POST /pair alone lets many addresses guess in parallel; this bounds the
 * guesses against any one code to 10 in 10^8, however many addresses make them. A flood of wrong
 * codes can burn outstanding codes (the administrator makes a new one), but cannot pair a desk.
 */
export const PAIRING_MAX_FAILED_ATTEMPTS = 10;
const TOKEN_PREFIX = 'rdt_';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Eight digits in two groups (e.g. 4821-0937): easy to type at a desk, useless after one use or 30 minutes. */
function newPairingCode(): string {
  const n = randomInt(0, 100_000_000).toString().padStart(8, '0');
  return `${n.slice(0, 4)}-${n.slice(4)}`;
}

export function normalisePairingCode(code: string): string {
  const digits = code.replace(/\D/g, '');
  return digits.length === 8 ? `${digits.slice(0, 4)}-${digits.slice(4)}` : code.trim();
}

export async function createPairingCode(db: Database, libraryId: string, role: DeviceRole): Promise<{ code: string; expiresAt: string }> {
  const code = newPairingCode();
  const { rows } = await db.query<{ expires_at: Date | string }>(
    `insert into pairing_codes (code_hash, library_id, role, expires_at) values ($1, $2, $3, now() + make_interval(mins => $4)) returning expires_at`,
    [hashSecret(code), libraryId, role, PAIRING_CODE_TTL_MINUTES],
  );
  return { code, expiresAt: new Date(rows[0]!.expires_at).toISOString() };
}

export type PairResult = { ok: true; device: Device; token: string } | { ok: false; code: 'PAIRING_CODE_INVALID' };

/** Exchange a pairing code for a device and its token, at most once. */
export async function pairDevice(db: Database, code: string, name: string): Promise<PairResult> {
  const hash = hashSecret(normalisePairingCode(code));
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ library_id: string; role: DeviceRole }>(
      `update pairing_codes set used_at = now()
        where code_hash = $1 and used_at is null and expires_at > now() and failed_attempts < $2
        returning library_id, role`,
      [hash, PAIRING_MAX_FAILED_ATTEMPTS],
    );
    const row = rows[0];
    if (!row) {
      // A wrong code could have been a guess at any outstanding one: each of them counts it.
      await tx.query('update pairing_codes set failed_attempts = failed_attempts + 1 where used_at is null and expires_at > now()');
      return { ok: false, code: 'PAIRING_CODE_INVALID' } as const;
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const device: Device = { id: `dev-${newId()}`, libraryId: row.library_id, role: row.role, name };
    await tx.query(`insert into devices (id, library_id, role, name, token_hash) values ($1, $2, $3, $4, $5)`, [device.id, device.libraryId, device.role, device.name, hashSecret(token)]);
    await tx.query(`update pairing_codes set device_id = $1 where code_hash = $2`, [device.id, hash]);
    return { ok: true, device, token } as const;
  });
}

export type TokenCheck = { ok: true; device: Device } | { ok: false; code: 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_REVOKED' };

export async function authenticateDevice(db: Database, authorization: string | undefined): Promise<TokenCheck> {
  const token = bearer(authorization);
  if (!token) return { ok: false, code: 'TOKEN_MISSING' };
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return { ok: false, code: 'TOKEN_INVALID' };
  const { rows } = await db.query<{ id: string; library_id: string; role: DeviceRole; name: string; revoked_at: Date | null }>(
    'select id, library_id, role, name, revoked_at from devices where token_hash = $1',
    [hashSecret(token)],
  );
  const row = rows[0];
  if (!row) return { ok: false, code: 'TOKEN_INVALID' };
  if (row.revoked_at) return { ok: false, code: 'TOKEN_REVOKED' };
  return { ok: true, device: { id: row.id, libraryId: row.library_id, role: row.role, name: row.name } };
}

export async function revokeDevice(db: Database, deviceId: string): Promise<boolean> {
  const { affectedRows } = await db.query('update devices set revoked_at = now() where id = $1 and revoked_at is null', [deviceId]);
  return affectedRows > 0;
}

export async function listDevices(db: Database): Promise<Array<Device & { createdAt: string; revokedAt: string | null }>> {
  const { rows } = await db.query<{ id: string; library_id: string; role: DeviceRole; name: string; created_at: Date | string; revoked_at: Date | string | null }>(
    'select id, library_id, role, name, created_at, revoked_at from devices order by created_at',
  );
  return rows.map((r) => ({
    id: r.id, libraryId: r.library_id, role: r.role, name: r.name,
    createdAt: new Date(r.created_at).toISOString(), revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  }));
}

export function bearer(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return m ? m[1]! : null;
}

/** Constant-time comparison for the administrator token. */
export function sameSecret(a: string, b: string): boolean {
  const ha = Buffer.from(hashSecret(a), 'hex');
  const hb = Buffer.from(hashSecret(b), 'hex');
  return timingSafeEqual(ha, hb);
}
