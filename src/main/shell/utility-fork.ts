// The embedded service's child process in the Electron app: a utilityProcess
// (a Node child that Electron manages and ends with the app), running the
// built entry out/main/service.js. src/main/index.ts passes Electron's
// utilityProcess.fork in; the adaptation is here so it is tested in Node.
import type { ForkService, ServiceChildHandle } from '../desk-runtime/service-child';

/** The part of Electron's UtilityProcess this adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  /** Electron: SIGTERM on POSIX; on Windows it ends the process outright. */
  kill(): boolean;
}

export type UtilityForkFn = (modulePath: string, args: string[], options: { serviceName: string; stdio: 'inherit' }) => UtilityProcessLike;

export interface UtilityForkOptions {
  fork: UtilityForkFn;
  /** out/main/service.js beside the bundled main process. */
  entry: string;
  platform?: NodeJS.Platform;
  /** process.kill, injectable for tests. */
  signal?: (pid: number, signal: NodeJS.Signals) => void;
}

export function utilityServiceFork(opts: UtilityForkOptions): ForkService {
  const platform = opts.platform ?? process.platform;
  const signal = opts.signal ?? ((pid, sig) => process.kill(pid, sig));
  return (): ServiceChildHandle => {
    const child = opts.fork(opts.entry, [], { serviceName: 'Relay Desk central service', stdio: 'inherit' });
    let ended = false;
    child.on('exit', () => (ended = true));
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!ended) child.postMessage(message);
      },
      onMessage: (listener) => void child.on('message', listener),
      // A utility process reports only an exit code; a signal death shows as a code too.
      onExit: (listener) => void child.on('exit', (code) => listener(code, null)),
      terminate: () => {
        if (ended) return;
        // The stop message works on every platform; on POSIX kill() adds SIGTERM, which the child handles the same way.
        child.postMessage({ type: 'relay-service.stop' });
        if (platform !== 'win32') child.kill();
      },
      kill: () => {
        if (ended) return;
        const pid = child.pid;
        if (platform !== 'win32' && pid !== undefined) {
          try {
            signal(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        } else child.kill();
      },
    };
  };
}
