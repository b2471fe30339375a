// The test side of desk-runner.ts: start a desk process and call it.
import type { IlsSettings } from '#shared/bridge/ils';
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { DeskConfig } from '#desk-core/desk';

export class RemoteDesk {
  private next = 1;
  private waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`desk process exited (${code})`));
      this.waiting.clear();
    });
  }

  static async start(config: DeskConfig, storage: 'memory' | 'fake-indexeddb' = 'memory', ils?: { dataDir: string; settings: IlsSettings }): Promise<RemoteDesk> {
    const child = fork(resolve(__dirname, 'desk-runner.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((ok, fail) => {
      child.once('message', () => ok());
      child.once('error', fail);
      child.once('exit', (code) => fail(new Error(`desk process exited before it was ready (${code})`)));
    });
    const desk = new RemoteDesk(child);
    await desk.call('open', { config, storage, ...(ils ? { ils } : {}) });
    return desk;
  }

  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, args });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.call('close').catch(() => undefined);
    this.child.kill();
  }
}
