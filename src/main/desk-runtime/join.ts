// A second desk joins the first desk's consortium (the README's multi-desk
// demo): the first desk writes where its embedded service listens into its
// own data directory, next to the service's admin token; `--join DIR` reads
// both, so the second desk talks to that service and pairs itself with a
// fresh pairing code — no separate consortium with its own demo data. The
// admin CLI (`npm run admin -- … --data-dir DIR`) reads the same file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '#main/durable/atomic-file';

/** Inside a desk's data directory: the embedded service's own directory and the file naming its URL. */
export const SERVICE_DIR = 'service';
export const ENDPOINT_FILE = 'endpoint.json';

export async function writeServiceEndpoint(deskDataDir: string, url: string): Promise<void> {
  const body = { url, pid: process.pid, writtenAt: new Date().toISOString() };
  await writeFileAtomic(join(deskDataDir, SERVICE_DIR, ENDPOINT_FILE), `${JSON.stringify(body, null, 2)}\n`);
}

export type JoinTarget = { ok: true; url: string; adminToken: string } | { ok: false; message: string };

/** The first desk's service URL and admin token, from its data directory. */
export async function readJoinTarget(firstDeskDataDir: string): Promise<JoinTarget> {
  const dir = join(firstDeskDataDir, SERVICE_DIR);
  let url: string;
  try {
    const parsed = JSON.parse(await readFile(join(dir, ENDPOINT_FILE), 'utf8')) as { url?: unknown };
    if (typeof parsed.url !== 'string' || !/^https?:\/\//.test(parsed.url)) throw new Error('no url');
    url = parsed.url;
  } catch {
    return { ok: false, message: `--join ${firstDeskDataDir}: no running desk service found there (${join(dir, ENDPOINT_FILE)}). Start the first desk with \`npm run start:web\` and use its data directory.` };
  }
  try {
    const adminToken = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
    if (adminToken === '') throw new Error('empty');
    return { ok: true, url, adminToken };
  } catch {
    return { ok: false, message: `--join ${firstDeskDataDir}: the service's admin token ${join(dir, 'admin-token')} cannot be read.` };
  }
}
