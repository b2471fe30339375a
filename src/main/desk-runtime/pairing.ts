// Pairing this desk with the central service, once: with the embedded
// service the desk creates its own pairing code through the admin API (it
// holds the admin token); with an external service it uses a pairing code
// from the settings. The device token is kept in the desk's data directory,
// readable only by its owner (mode 600), and checked against GET /me on start.
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '#main/durable/atomic-file';
import { join } from 'node:path';
import type { DeskRole } from '#shared/bridge';

export const IDENTITY_FILE = 'desk-identity.json';

export interface DeskIdentity {
  /** 'embedded' for the desk's own service (its port changes per run), else the service URL. */
  service: string;
  deviceId: string;
  token: string;
  libraryId: string;
  role: DeskRole;
  pairedAt: string;
}

export interface PairingOptions {
  dataDir: string;
  serviceUrl: string;
  embedded: boolean;
  libraryId: string;
  role: DeskRole;
  deskName: string;
  adminToken?: string | undefined;
  pairingCode?: string | undefined;
  /** What the stored identity is keyed by, when neither 'embedded' nor the URL fits (a joined desk's port changes per run). */
  serviceKey?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type PairingOutcome = { ok: true; identity: DeskIdentity; fresh: boolean } | { ok: false; message: string };

function isIdentity(v: unknown): v is DeskIdentity {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return ['service', 'deviceId', 'token', 'libraryId', 'pairedAt'].every((k) => typeof o[k] === 'string') && (o['role'] === 'staff' || o['role'] === 'kiosk');
}

export async function readIdentity(dataDir: string): Promise<DeskIdentity | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, IDENTITY_FILE), 'utf8')) as unknown;
    return isIdentity(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

async function writeIdentity(dataDir: string, identity: DeskIdentity): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, IDENTITY_FILE);
  await writeFileAtomic(file, `${JSON.stringify(identity, null, 2)}\n`);
}

class HttpFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function call(opts: PairingOptions, path: string, init: { method: string; token?: string; body?: unknown }): Promise<unknown> {
  const f = opts.fetch ?? fetch;
  const headers: Record<string, string> = {};
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await f(new URL(path, opts.serviceUrl), {
    method: init.method,
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new HttpFailure(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  return body;
}

type TokenCheck = 'valid' | 'invalid' | 'unreachable';

async function checkToken(opts: PairingOptions, token: string): Promise<TokenCheck> {
  try {
    await call(opts, '/me', { method: 'GET', token });
    return 'valid';
  } catch (error) {
    if (error instanceof HttpFailure && error.status === 401) return 'invalid';
    return 'unreachable';
  }
}

export async function ensurePaired(opts: PairingOptions): Promise<PairingOutcome> {
  const service = opts.serviceKey ?? (opts.embedded ? 'embedded' : opts.serviceUrl);
  const stored = await readIdentity(opts.dataDir);
  if (stored && stored.service === service && stored.libraryId === opts.libraryId && stored.role === opts.role) {
    const check = await checkToken(opts, stored.token);
    // Offline-first: an unreachable service is no reason to forget a good token.
    if (check !== 'invalid') return { ok: true, identity: stored, fresh: false };
  }

  let code = opts.pairingCode;
  try {
    if (opts.adminToken) {
      const created = (await call(opts, '/admin/pairing-codes', { method: 'POST', token: opts.adminToken, body: { libraryId: opts.libraryId, role: opts.role } })) as { code: string };
      code = created.code;
    }
    if (!code) return { ok: false, message: `This desk is not paired with ${opts.serviceUrl}. Ask the administrator for a pairing code (npm run admin -- pair-code --library ${opts.libraryId}).` };
    const paired = (await call(opts, '/pair', { method: 'POST', body: { code, name: opts.deskName } })) as { deviceId: string; token: string; libraryId: string; role: DeskRole };
    const identity: DeskIdentity = { service, deviceId: paired.deviceId, token: paired.token, libraryId: paired.libraryId, role: paired.role, pairedAt: new Date().toISOString() };
    await writeIdentity(opts.dataDir, identity);
    return { ok: true, identity, fresh: true };
  } catch (error) {
    const detail = error instanceof HttpFailure ? `${error.code}: ${error.message}` : (error as Error).message;
    return { ok: false, message: `Pairing with ${opts.serviceUrl} failed (${detail}).` };
  }
}
