// The desk's device configuration: one JSON file in the desk's data
// directory, checked against the contract schema on every load and written
// atomically (durable/atomic-file.ts) so a crash never leaves half a file.
import { readFile, copyFile } from 'node:fs/promises';
import { writeFileAtomic } from '#main/durable/atomic-file';
import { join } from 'node:path';
import Ajv from 'ajv';
import { DeviceConfigSchema, type DeviceConfig } from '#shared/bridge';

const FILE_VERSION = 1;
const ajv = new Ajv({ allErrors: false, strict: false });
const validDevice = ajv.compile(JSON.parse(JSON.stringify(DeviceConfigSchema)) as object);

export interface LoadedDevices {
  devices: DeviceConfig[];
  /** Why some or all of the file was ignored (the original is kept beside it as .bad). */
  warnings: string[];
}

const isHostList = (v: unknown): v is string[] => Array.isArray(v) && v.every((h) => typeof h === 'string' && h.length > 0 && h.length <= 253);

export class DeviceConfigStore {
  readonly file: string;
  private writing: Promise<void> = Promise.resolve();
  /** TCP device hosts the administrator allowed; kept through every save (the bridge cannot change them). */
  private hosts: string[] = [];

  constructor(dataDir: string, fileName = 'devices.json') {
    this.file = join(dataDir, fileName);
  }

  async load(): Promise<LoadedDevices> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { devices: [], warnings: [] };
      return { devices: [], warnings: [`Cannot read ${this.file}: ${(error as Error).message}`] };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      await this.keepBadCopy();
      return { devices: [], warnings: [`${this.file} is not JSON; it was kept as ${this.file}.bad and the desk starts with no devices.`] };
    }
    const allowed = (parsed as { allowedHosts?: unknown } | null)?.allowedHosts;
    this.hosts = isHostList(allowed) ? allowed : [];
    const list = (parsed as { devices?: unknown } | null)?.devices;
    if (!Array.isArray(list)) {
      await this.keepBadCopy();
      return { devices: [], warnings: [`${this.file} has no "devices" list; it was kept as ${this.file}.bad.`] };
    }
    const devices: DeviceConfig[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      if (!validDevice(entry)) {
        warnings.push(`device #${i + 1} in ${this.file} is invalid (${validDevice.errors?.[0]?.instancePath ?? ''} ${validDevice.errors?.[0]?.message ?? ''}) and was skipped.`);
        return;
      }
      const device = entry as DeviceConfig;
      if (seen.has(device.id)) {
        warnings.push(`device id ${device.id} appears twice in ${this.file}; the first one is used.`);
        return;
      }
      seen.add(device.id);
      devices.push(device);
    });
    if (warnings.length > 0) await this.keepBadCopy();
    return { devices, warnings };
  }

  /** The administrator's TCP allow-list, read from the file now (edited by hand, outside the desk). */
  async allowedHosts(): Promise<readonly string[]> {
    try {
      const allowed = (JSON.parse(await readFile(this.file, 'utf8')) as { allowedHosts?: unknown } | null)?.allowedHosts;
      this.hosts = isHostList(allowed) ? allowed : [];
    } catch {
      // A missing or broken file keeps what was last read.
    }
    return this.hosts;
  }

  /** Saves are queued, so two quick edits are written in order and never interleave. */
  save(devices: readonly DeviceConfig[]): Promise<void> {
    const body = `${JSON.stringify({ version: FILE_VERSION, devices, ...(this.hosts.length > 0 ? { allowedHosts: this.hosts } : {}) }, null, 2)}\n`;
    const run = this.writing.then(async () => {
      await writeFileAtomic(this.file, body);
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async keepBadCopy(): Promise<void> {
    await copyFile(this.file, `${this.file}.bad`).catch(() => undefined);
  }
}
