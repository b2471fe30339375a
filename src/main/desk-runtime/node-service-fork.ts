// The embedded service's child process outside Electron (start:web, the
// Playwright host, the tests): a child Node process over an IPC channel,
// running src/server/child-entry.ts through tsx, or a built entry. Electron
// uses its utilityProcess instead (src/main/shell/utility-fork.ts).
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { ForkService, ServiceChildHandle } from './service-child';

const ROOT = resolve(__dirname, '../../..');
/** A path, not an import: the main process never loads the service's code. */
export const SERVICE_CHILD_SOURCE = resolve(ROOT, 'src/server/child-entry.ts');

export interface NodeServiceForkOptions {
  /** The child's entry: the TypeScript source (default, run with tsx) or a built .js. */
  entry?: string;
  /** Node flags for the child; the default loads tsx for a .ts entry. */
  execArgv?: readonly string[];
}

export function nodeServiceFork(opts: NodeServiceForkOptions = {}): ForkService {
  const entry = opts.entry ?? SERVICE_CHILD_SOURCE;
  // Explicit, not inherited: the parent may run under a test runner's own loader flags.
  const execArgv = [...(opts.execArgv ?? (entry.endsWith('.ts') ? ['--import', 'tsx'] : []))];
  return (): ServiceChildHandle => {
    // cwd at the repository root: tsx resolves the #… aliases from its tsconfig.json.
    const child = fork(entry, [], { cwd: ROOT, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    // A failed spawn (no such binary) arrives as 'error' and then 'exit'; without a listener it would throw.
    child.on('error', (error) => console.warn(`[desk] the embedded service process: ${error.message}`));
    return {
      get pid() {
        return child.pid;
      },
      send(message) {
        if (child.connected) child.send(message as object);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        child.once('exit', (code, signal) => listener(code, signal));
      },
      terminate() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}
