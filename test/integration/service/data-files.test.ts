// The data directory holds every patron's data and the service's secrets: it
// is 0700 with its files 0600, made so at start even when an older version
// left it 0755; the card-signing keys and the card-page link secret are
// sealed by default — without CARD_KEY_SECRET, under a secret generated once
// and kept 0600 as DATA_DIR/card-key-secret; CARD_KEY_SECRET overrides it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '#server/service';
import { AdminClient, http } from '#test/support/client';
import { pairOnDb } from './access-fixtures';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

async function everyMode(dir: string): Promise<{ dirs: Set<number>; files: Set<number> }> {
  const out = { dirs: new Set([await mode(dir)]), files: new Set<number>() };
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const m = await mode(join(e.parentPath, e.name));
    if (e.isDirectory()) out.dirs.add(m);
    else if (e.isFile()) out.files.add(m);
  }
  return out;
}

// PGlite on disk, started up to three times a test: slow on a busy machine.
describe('data directory and sealed secrets (PGlite on disk)', { timeout: 120_000 }, () => {
  let dir: string;
  let svc: RunningService | null = null;
  const previous = process.env['CARD_KEY_SECRET'];
  const start = () => startService({ port: 0, dataDir: dir, rateLimitPerMinute: 100_000 });

  beforeEach(async () => {
    delete process.env['CARD_KEY_SECRET'];
    dir = await mkdtemp(join(tmpdir(), 'relay-data-'));
  });
  afterEach(async () => {
    await svc?.stop();
    svc = null;
    if (previous === undefined) delete process.env['CARD_KEY_SECRET'];
    else process.env['CARD_KEY_SECRET'] = previous;
    await rm(dir, { recursive: true, force: true });
  });

  it('DATA_DIR and the PGlite files are the service user\'s alone; the secrets are 0600', async () => {
    // A data directory that does not exist yet, made by the service (twice: made, then reopened).
    const data = join(dir, 'data');
    svc = await startService({ port: 0, dataDir: data });
    await svc.stop();
    svc = await startService({ port: 0, dataDir: data });
    expect(await mode(data)).toBe(0o700);
    expect(await mode(join(data, 'pglite'))).toBe(0o700);
    expect(await mode(join(data, 'admin-token'))).toBe(0o600);
    expect(await mode(join(data, 'card-key-secret'))).toBe(0o600);
    const pglite = await everyMode(join(data, 'pglite'));
    expect([...pglite.dirs]).toEqual([0o700]);
    expect([...pglite.files]).toEqual([0o600]);
  });

  it('a data directory an older version left 0755 (files 0644) is made private at start', async () => {
    svc = await start();
    await svc.stop();
    svc = null;
    await chmod(dir, 0o755);
    await chmod(join(dir, 'pglite'), 0o755);
    const pgliteFiles = (await readdir(join(dir, 'pglite'), { withFileTypes: true, recursive: true })).filter((e) => e.isFile());
    for (const f of pgliteFiles.slice(0, 20)) await chmod(join(f.parentPath, f.name), 0o644);
    await chmod(join(dir, 'admin-token'), 0o644);
    svc = await start();
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'admin-token'))).toBe(0o600);
    const pglite = await everyMode(join(dir, 'pglite'));
    expect([...pglite.dirs]).toEqual([0o700]);
    expect([...pglite.files]).toEqual([0o600]);
  });

  it('without CARD_KEY_SECRET the keys and the page secret are sealed under a generated secret, which opens them again after a restart', async () => {
    svc = await start();
    const sealed = async () => {
      const keys = await svc!.db.query<{ private_key: string }>('select private_key from card_signing_keys');
      const secrets = await svc!.db.query<{ value: string }>('select value from service_secrets');
      return [...keys.rows.map((r) => r.private_key), ...secrets.rows.map((r) => r.value)];
    };
    const stored = await sealed();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const s of stored) expect(s).toMatch(/^aesgcm1\./);
    // A card issued now, its page served after a restart: the generated secret was kept and reused.
    const admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron('pat-1', 'NKUST', '2001000000001');
    const desk = await pairOnDb(svc, 'NKUST');
    const issued = await http<{ pagePath: string }>(svc.url, 'POST', '/api/cards', { token: desk.token, body: { patronId: 'pat-1', hostLibraryId: 'NPTU' } });
    expect(issued.status).toBe(200);
    await svc.stop();
    svc = await start();
    expect((await fetch(svc.url + issued.body.pagePath)).status).toBe(200);
    const again = await http(svc.url, 'POST', '/api/cards', { token: desk.token, body: { patronId: 'pat-1', hostLibraryId: 'KMU' } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
  });

  it('CARD_KEY_SECRET overrides: no secret file is made, and the keys are sealed under it', async () => {
    process.env['CARD_KEY_SECRET'] = 'an operator-supplied secret, the same for every service process';
    svc = await start();
    await expect(stat(join(dir, 'card-key-secret'))).rejects.toThrow();
    const { rows } = await svc.db.query<{ private_key: string }>('select private_key from card_signing_keys');
    expect(rows.every((r) => r.private_key.startsWith('aesgcm1.'))).toBe(true);
  });
});
