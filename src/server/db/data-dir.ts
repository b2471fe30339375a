// The service's data directory holds every patron's data (the PGlite files)
// and its secrets (the administrator token, the card-key secret): it is the
// service user's alone. Directories are 0700 and files 0600, made so and —
// for a directory an older version created 0755 — made so again at start.
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Make `dir` (and parents) and leave it 0700 whatever the umask or an earlier mode. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

/** Every directory under `dir` 0700 and every file 0600 (PGlite makes its files with the process umask). */
export async function privatiseTree(dir: string): Promise<void> {
  await chmod(dir, PRIVATE_DIR_MODE);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await privatiseTree(path);
    else if (entry.isFile()) await chmod(path, PRIVATE_FILE_MODE);
  }
}

/** A secret kept in a 0600 file: read it, or make it with `make` the first time. */
export async function readOrCreateSecret(file: string, make: () => string): Promise<string> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    await chmod(file, PRIVATE_FILE_MODE);
    if (text) return text;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  const secret = make();
  // 'wx': two processes starting at once do not overwrite each other's secret; the loser reads the winner's.
  try {
    await writeFile(file, `${secret}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw err;
  }
  await chmod(file, PRIVATE_FILE_MODE);
  return secret;
}

/** The administrator token: ADMIN_TOKEN, or one generated once and kept (0600) in the data directory. */
export async function resolveAdminToken(dataDir: string, explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  await ensurePrivateDir(dataDir);
  return readOrCreateSecret(join(dataDir, 'admin-token'), () => `rda_${randomBytes(24).toString('base64url')}`);
}

/**
 * The secret that seals the card-signing keys and the card-page link secret (card-secrets.ts):
 * CARD_KEY_SECRET when set, else one generated once and kept (0600) as DATA_DIR/card-key-secret.
 */
export async function resolveCardKeySecret(dataDir: string, explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  await ensurePrivateDir(dataDir);
  return readOrCreateSecret(join(dataDir, 'card-key-secret'), () => randomBytes(32).toString('base64url'));
}
