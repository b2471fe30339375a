// The Electron utilityProcess adapter, with a fake UtilityProcess: the built
// entry it forks, the stop message plus SIGTERM, and SIGKILL by pid on POSIX.
import { describe, expect, it } from 'vitest';
import { utilityServiceFork, type UtilityProcessLike } from '#main/shell/utility-fork';

class FakeUtility implements UtilityProcessLike {
  readonly pid = 4242;
  readonly posted: unknown[] = [];
  kills = 0;
  private listeners: Record<string, Array<(arg: unknown) => void>> = {};
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  on(event: 'message' | 'exit', listener: (arg: never) => void): this {
    (this.listeners[event] ??= []).push(listener as (arg: unknown) => void);
    return this;
  }
  emit(event: 'message' | 'exit', arg: unknown): void {
    for (const l of this.listeners[event] ?? []) l(arg);
  }
  kill(): boolean {
    this.kills++;
    return true;
  }
}

function setup(platform: NodeJS.Platform) {
  const forks: Array<{ path: string; options: unknown; child: FakeUtility }> = [];
  const signals: Array<[number, string]> = [];
  const fork = utilityServiceFork({
    entry: '/app/out/main/service.js',
    platform,
    fork: (path, _args, options) => {
      const child = new FakeUtility();
      forks.push({ path, options, child });
      return child;
    },
    signal: (pid, sig) => void signals.push([pid, sig]),
  });
  return { handle: fork(), forks, signals };
}

describe('utilityServiceFork', () => {
  it('forks the built entry and relays messages and the exit code', () => {
    const { handle, forks } = setup('linux');
    expect(forks[0]).toMatchObject({ path: '/app/out/main/service.js', options: { serviceName: 'Relay Desk central service', stdio: 'inherit' } });
    expect(handle.pid).toBe(4242);
    const got: unknown[] = [];
    const exits: Array<[number | null, string | null]> = [];
    handle.onMessage((m) => got.push(m));
    handle.onExit((code, signal) => exits.push([code, signal]));
    handle.send({ type: 'relay-service.start' });
    forks[0]!.child.emit('message', { type: 'relay-service.ready' });
    forks[0]!.child.emit('exit', 3);
    expect(forks[0]!.child.posted).toEqual([{ type: 'relay-service.start' }]);
    expect(got).toEqual([{ type: 'relay-service.ready' }]);
    expect(exits).toEqual([[3, null]]);
    // Nothing goes to an ended process.
    handle.send({ type: 'late' });
    handle.terminate();
    expect(forks[0]!.child.posted).toHaveLength(1);
    expect(forks[0]!.child.kills).toBe(0);
  });

  it('on POSIX: terminate posts stop and sends SIGTERM; kill sends SIGKILL to the pid', () => {
    const { handle, forks, signals } = setup('linux');
    handle.terminate();
    expect(forks[0]!.child.posted).toEqual([{ type: 'relay-service.stop' }]);
    expect(forks[0]!.child.kills).toBe(1);
    handle.kill();
    expect(signals).toEqual([[4242, 'SIGKILL']]);
  });

  it('on Windows: terminate only posts stop (kill() there is not graceful); kill ends it', () => {
    const { handle, forks, signals } = setup('win32');
    handle.terminate();
    expect(forks[0]!.child.posted).toEqual([{ type: 'relay-service.stop' }]);
    expect(forks[0]!.child.kills).toBe(0);
    handle.kill();
    expect(forks[0]!.child.kills).toBe(1);
    expect(signals).toEqual([]);
  });
});
