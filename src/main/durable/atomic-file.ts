// The one way the desk replaces a small file it must not lose or half-write
// (device configuration, library-system settings, the pairing identity, a
// journal's compaction): write a temporary file beside it, fsync it, rename
// it over the old one, fsync the directory. A crash at any point leaves the
// old file or the new one, never a mix. Mode 600 by default: these files hold
// tokens and passwords.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** Default 0o600 (set explicitly: writeFile's mode is filtered by the umask). */
  readonly mode?: number;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // Unique per call, so two writers (two processes, or a queue bug) never share a temporary file.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'w', options.mode ?? 0o600);
    try {
      await handle.writeFile(data);
      await handle.chmod(options.mode ?? 0o600);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
  // The rename is durable only once the directory entry is.
  const d = await open(dir, 'r').catch(() => null);
  if (d) {
    await d.sync().catch(() => undefined);
    await d.close();
  }
}

/** Re-applies the mode of an existing file (one written before modes were enforced). */
export async function restrictMode(path: string, mode = 0o600): Promise<void> {
  await chmod(path, mode).catch(() => undefined);
}
