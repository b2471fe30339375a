// A Web Storage (localStorage) whose every write is a file, written
// atomically before setItem returns: RxDB's localstorage storage over it is
// a replica that survives a SIGKILL of the process, as the kiosk's IndexedDB
// does in Chromium. Tests only (Node has no durable IndexedDB).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileOf = (key: string) => `${Buffer.from(key, 'utf8').toString('base64url')}.v`;

export class FileStorage implements Storage {
  private readonly items = new Map<string, string>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.v')) continue;
      const key = Buffer.from(name.slice(0, -2), 'base64url').toString('utf8');
      this.items.set(key, readFileSync(join(dir, name), 'utf8'));
    }
  }

  get length(): number {
    return this.items.size;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    const file = join(this.dir, fileOf(key));
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, value);
    renameSync(tmp, file);
    this.items.set(key, String(value));
  }

  removeItem(key: string): void {
    if (!this.items.delete(key)) return;
    rmSync(join(this.dir, fileOf(key)), { force: true });
  }

  clear(): void {
    for (const key of [...this.items.keys()]) this.removeItem(key);
  }

  [name: string]: unknown;
}
