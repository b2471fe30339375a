// The test side of kiosk-runner.ts: start a kiosk process, call it, and kill
// it the hard way (SIGKILL) when a test needs a crash.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { KioskInit } from './kiosk-runner';

export class RemoteKiosk {
  private next = 1;
  private waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private printing: Array<(key: string) => void> = [];
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; result?: unknown; error?: string; event?: string; key?: string }) => {
      if (m.event === 'printing') {
        for (const w of this.printing.splice(0)) w(m.key ?? '');
        return;
      }
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
    this.exited = new Promise((ok) => child.once('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`kiosk process exited (${code})`));
      this.waiting.clear();
      ok(code);
    }));
  }

  static async start(init: KioskInit): Promise<RemoteKiosk> {
    const child = fork(resolve(__dirname, 'kiosk-runner.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((ok, fail) => {
      child.once('message', () => ok());
      child.once('error', fail);
      child.once('exit', (code) => fail(new Error(`kiosk process exited before it was ready (${code})`)));
    });
    const kiosk = new RemoteKiosk(child);
    await kiosk.call('open', init);
    return kiosk;
  }

  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.next++;
    return new Promise<T>((ok, fail) => {
      this.waiting.set(id, { resolve: ok as (v: unknown) => void, reject: fail });
      this.child.send({ id, method, args });
    });
  }

  /** Resolves with the print key when the kiosk is about to print (after hangBeforePrint). */
  nextPrint(): Promise<string> {
    return new Promise((ok) => this.printing.push(ok));
  }

  /** A crash: no close, no flush, nothing. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.call('close').catch(() => undefined);
    this.child.kill();
    await this.exited;
  }
}
