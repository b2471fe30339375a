// socat never outlives the process that started a pty pair, even one killed
// with SIGKILL (a crashed desk, a killed test worker): simulated devices in a
// demo must not leave processes behind.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PtyPair, socatMissingReason } from '#main/simulators/pty-pair';

/** Pids of running socat processes whose command line names `path`. */
function socatsFor(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('socat') && cmd.some((a) => a.includes(path))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe.skipIf(socatMissingReason() !== null)('pty pair lifetime', () => {
  it('stop() ends socat', async () => {
    const pair = await PtyPair.start();
    expect(socatsFor(pair.hostPath)).toHaveLength(1);
    await pair.stop();
    expect(await until(() => socatsFor(pair.hostPath).length === 0, 3000)).toBe(true);
  });

  it('socat ends when the process that started it is killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support/pty-holder.ts')], { cwd: join(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const hostPath = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    expect(socatsFor(hostPath)).toHaveLength(1);
    child.kill('SIGKILL');
    expect(await until(() => socatsFor(hostPath).length === 0, 5000)).toBe(true);
  }, 20_000);
});
