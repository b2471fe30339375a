// A pair of connected pseudo-terminals from socat, for tests, demos and the
// bench: the desk opens `hostPath`, a simulator opens `devicePath`.
//
// socat is started with `link=` so both ends are reached through stable
// symlinks: a socat pair dies when either side closes, so "plugging the
// device back" means starting a new socat whose fresh /dev/pts/N nodes sit
// behind the same two paths, exactly as a USB-serial adapter reappears at
// the same /dev/serial/by-id path.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransportOpener } from '#main/link/transport';
import type { SimulatorLink } from '#main/link/memory-transport';
import { serialTransport } from '#main/devices/transports/serial';
import type { SerialParity } from '#main/devices/transports/serial';

export interface PtyPairOptions {
  /** Symlink the host side opens; a fresh /tmp/relay-… path by default. */
  readonly hostPath?: string;
  readonly devicePath?: string;
  /** How long to wait for socat to come up (default 5 s). */
  readonly startTimeoutMs?: number;
  /** Line settings both ends are opened with (ptys ignore them, but the code paths are the real ones). */
  readonly baudRate?: number;
  readonly parity?: SerialParity;
}

let counter = 0;

/** null when socat is not installed (tests then skip with that message). */
export function socatMissingReason(): string | null {
  const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  if (probe.error) return `socat is not installed (${probe.error.message}); install the socat package to run pseudo-terminal tests`;
  return null;
}

export class PtyPair implements SimulatorLink {
  readonly hostPath: string;
  readonly devicePath: string;
  private child: ChildProcess | null = null;
  private readonly startTimeoutMs: number;
  readonly baudRate: number;
  readonly parity: SerialParity;
  private readonly restartListeners = new Set<() => void>();

  private constructor(options: PtyPairOptions) {
    const id = `${process.pid}-${Date.now().toString(36)}-${counter++}`;
    this.hostPath = options.hostPath ?? join(tmpdir(), `relay-${id}-host`);
    this.devicePath = options.devicePath ?? join(tmpdir(), `relay-${id}-device`);
    this.startTimeoutMs = options.startTimeoutMs ?? 5000;
    this.baudRate = options.baudRate ?? 38400;
    this.parity = options.parity ?? 'none';
  }

  /** The desk's side, as a device manager would open it. */
  get opener(): TransportOpener {
    return serialTransport({ path: this.hostPath, baudRate: this.baudRate, parity: this.parity });
  }

  /** The simulator's side. */
  get device(): TransportOpener {
    return serialTransport({ path: this.devicePath, baudRate: this.baudRate, parity: this.parity });
  }

  unplug(): Promise<void> {
    return this.stop();
  }

  plugBack(): Promise<void> {
    return this.restart();
  }

  static async start(options: PtyPairOptions = {}): Promise<PtyPair> {
    const pair = new PtyPair(options);
    await pair.spawn();
    return pair;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The /dev/pts nodes currently behind the two links (for logs). */
  get nodes(): { host: string | null; device: string | null } {
    const read = (p: string) => {
      try {
        return readlinkSync(p);
      } catch {
        return null;
      }
    };
    return { host: read(this.hostPath), device: read(this.devicePath) };
  }

  /** Called after every restart(): the device side re-opens its end here. */
  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Kills socat: both ends see the line hang up, as when a cable is pulled. Resolves when the links are gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      // Closing the watchdog's stdin ends socat (see spawn()); the signal is for a shell that does not react.
      child.stdin?.end();
      setTimeout(() => child.kill('SIGTERM'), 2000).unref();
    });
  }

  /** Starts a new socat behind the same two paths, then tells the onRestart listeners. */
  async restart(): Promise<void> {
    await this.stop();
    await this.spawn();
    for (const listener of [...this.restartListeners]) listener();
  }

  private spawn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // socat under a small watchdog: it runs until the shell's stdin closes, which happens when stop()
      // ends it and also when this process dies in any way (SIGKILL included), so no socat outlives its
      // desk; the shell exits with socat, so a pair that dies on its own is still seen as gone.
      const child = spawn('sh', ['-c', 'exec 3<&0; socat "$@" & s=$!; (cat <&3 >/dev/null; kill $s 2>/dev/null) & wait $s', 'sh', '-d', '-d', `pty,raw,echo=0,link=${this.hostPath}`, `pty,raw,echo=0,link=${this.devicePath}`], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      let settled = false;
      const timer = setTimeout(() => fail(new Error(`socat did not start within ${this.startTimeoutMs} ms: ${stderr.trim()}`)), this.startTimeoutMs);
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.stdin?.end();
        reject(error);
      };
      child.on('error', (error) => fail(new Error(`cannot run socat: ${error.message}`)));
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        if (!settled) fail(new Error(`socat exited (${code ?? signal}) before the ptys were ready: ${stderr.trim()}`));
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => {
        if (settled) return;
        stderr += text;
        // socat logs this once both ptys exist and their links are made.
        if (/starting data transfer loop/.test(stderr) && existsSync(this.hostPath) && existsSync(this.devicePath)) {
          settled = true;
          clearTimeout(timer);
          this.child = child;
          resolve();
        }
      });
    });
  }
}
