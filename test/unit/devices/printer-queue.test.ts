// The print queue against a scripted printer: idempotency, waiting for the
// printer, unknown outcomes, and what a restart does with each journal state.
import { mkdtempSync, readFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrintQueue } from '#main/devices/printer/print-queue';
import type { PrintJob, PrintTarget } from '#main/devices/printer/print-queue';
import type { PrintOutcome } from '#main/devices/printer/driver';
import { disconnectedStatus, statusFromReplies } from '#main/devices/printer/status';
import type { PrinterStatus } from '#main/devices/printer/status';
import { JOURNAL_FILE } from '#main/devices/printer/job-journal';
import { buildHoldSlip } from '#shared/slips/hold-slip';
import type { Slip } from '#shared/slips/model';
import { HOLD } from '../slips/fixtures';

const READY = statusFromReplies([0x12, 0x12, 0x12, 0x12]);
const PAPER_OUT = statusFromReplies([0x3a, 0x32, 0x12, 0x72]);

class FakePrinter implements PrintTarget {
  status: PrinterStatus = READY;
  printed: Slip[] = [];
  /** Outcomes to return, in order; 'printed' once the script runs out. */
  script: PrintOutcome['kind'][] = [];
  /** When set, printSlip waits for this promise (a job "in flight"). */
  hold: Promise<void> | null = null;
  private readonly listeners = new Set<(s: PrinterStatus) => void>();
  onStatus(l: (s: PrinterStatus) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  setStatus(s: PrinterStatus) {
    this.status = s;
    for (const l of this.listeners) l(s);
  }
  async printSlip(slip: Slip) {
    if (this.hold) await this.hold;
    const kind = this.script.shift() ?? 'printed';
    if (kind === 'printed') this.printed.push(slip);
    const outcome: PrintOutcome = kind === 'printed' ? { kind, status: this.status } : kind === 'not_sent' ? { kind, reason: 'paper out', status: PAPER_OUT } : { kind, reason: 'link dropped' };
    return { outcome, warnings: ['w1'] };
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-pq-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const slip = buildHoldSlip(HOLD);

function states(queue: PrintQueue): string[] {
  return queue.jobs().map((j) => `${j.key}:${j.state}:${j.attempts}${j.copy ? ':copy' : ''}`);
}

describe('print queue', () => {
  it('prints a job once, records warnings, and the same key again is the same job', async () => {
    const printer = new FakePrinter();
    const queue = await PrintQueue.open({ dir, printer });
    const updates: string[] = [];
    queue.onJob((j: PrintJob) => updates.push(j.state));
    const a = await queue.enqueue('hold-1', slip);
    const b = await queue.enqueue('hold-1', slip);
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(true);
    expect(b.job.id).toBe(a.job.id);
    await queue.idle();
    expect(printer.printed).toHaveLength(1);
    expect(updates).toEqual(['queued', 'printing', 'printed']);
    expect(queue.byKey('hold-1')?.warnings).toEqual(['w1']);
    expect((await queue.enqueue('hold-1', slip)).duplicate).toBe(true);
    await queue.idle();
    expect(printer.printed).toHaveLength(1);
    await queue.close();
  });

  it('concurrent enqueues with one key make one job', async () => {
    const printer = new FakePrinter();
    const queue = await PrintQueue.open({ dir, printer });
    const results = await Promise.all([queue.enqueue('k', slip), queue.enqueue('k', slip), queue.enqueue('k', slip)]);
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    await queue.idle();
    expect(printer.printed).toHaveLength(1);
    await queue.close();
  });

  it('waits while the printer cannot print, then prints in order', async () => {
    const printer = new FakePrinter();
    printer.status = PAPER_OUT;
    const queue = await PrintQueue.open({ dir, printer });
    await queue.enqueue('a', slip);
    await queue.enqueue('b', { ...slip, title: 'second' });
    await queue.idle();
    expect(states(queue)).toEqual(['a:queued:0', 'b:queued:0']);
    printer.setStatus(READY);
    await queue.idle();
    expect(states(queue)).toEqual(['a:printed:1', 'b:printed:1']);
    expect(printer.printed.map((s) => s.title)).toEqual([slip.title, 'second']);
    await queue.close();
  });

  it('not_sent puts the job back without counting an attempt or marking a copy', async () => {
    const printer = new FakePrinter();
    printer.script = ['not_sent'];
    const queue = await PrintQueue.open({ dir, printer });
    await queue.enqueue('a', slip);
    await queue.idle();
    expect(states(queue)).toEqual(['a:queued:0']);
    expect(queue.byKey('a')?.reason).toBe('paper out');
    printer.setStatus(disconnectedStatus('x'));
    printer.setStatus(READY);
    await queue.idle();
    expect(states(queue)).toEqual(['a:printed:1']);
    expect(printer.printed[0]?.copy).toBeUndefined();
    await queue.close();
  });

  it('an unknown outcome reprints as a copy; too many fail, and retry brings it back', async () => {
    const printer = new FakePrinter();
    printer.script = ['unknown', 'printed'];
    const queue = await PrintQueue.open({ dir, printer, maxAttempts: 2 });
    await queue.enqueue('a', slip);
    await queue.idle();
    expect(states(queue)).toEqual(['a:printed:2:copy']);
    expect(printer.printed[0]?.copy).toBe(true);

    printer.script = ['unknown', 'unknown'];
    await queue.enqueue('b', slip);
    await queue.idle();
    expect(queue.byKey('b')?.state).toBe('failed');
    expect(queue.byKey('b')?.reason).toMatch(/outcome unknown after 2 attempts/);
    await queue.retry(queue.byKey('b')!.id);
    await queue.idle();
    expect(queue.byKey('b')?.state).toBe('printed');
    await queue.close();
  });

  it('restart: printed stays printed, queued prints as an original, printing prints again as a copy', async () => {
    const printer = new FakePrinter();
    const first = await PrintQueue.open({ dir, printer });
    await first.enqueue('done', slip);
    await first.idle();
    let release!: () => void;
    printer.hold = new Promise((r) => (release = r));
    await first.enqueue('in-flight', slip);
    printer.setStatus(PAPER_OUT);
    await first.enqueue('waiting', slip);
    // "Crash": the process goes away while in-flight is being printed.
    await first.close();
    expect(states(first)).toEqual(['done:printed:1', 'in-flight:printing:1', 'waiting:queued:0']);
    release();

    const printer2 = new FakePrinter();
    const second = await PrintQueue.open({ dir, printer: printer2 });
    await second.idle();
    expect(states(second)).toEqual(['done:printed:1', 'in-flight:printed:2:copy', 'waiting:printed:1']);
    expect(printer2.printed.map((s) => s.copy === true)).toEqual([true, false]);
    expect((await second.enqueue('done', slip)).duplicate).toBe(true);
    await second.close();
  });

  it('a torn last line (crash mid-append) is skipped', async () => {
    const printer = new FakePrinter();
    printer.status = PAPER_OUT;
    const first = await PrintQueue.open({ dir, printer });
    await first.enqueue('a', slip);
    await first.close();
    appendFileSync(join(dir, JOURNAL_FILE), '{"id":"x","key":"b","sta');
    const second = await PrintQueue.open({ dir, printer });
    expect(second.skippedOnLoad).toBe(1);
    expect(states(second)).toEqual(['a:queued:0']);
    await second.enqueue('c', slip);
    await second.close();
    const third = await PrintQueue.open({ dir, printer });
    expect(states(third)).toEqual(['a:queued:0', 'c:queued:0']);
    await third.close();
  });

  it('compaction keeps live jobs and the newest finished ones', async () => {
    const printer = new FakePrinter();
    const queue = await PrintQueue.open({ dir, printer, keepFinished: 2 });
    for (const k of ['a', 'b', 'c', 'd']) await queue.enqueue(k, slip);
    await queue.idle();
    await queue.close();
    const reopened = await PrintQueue.open({ dir, printer, keepFinished: 2 });
    expect(states(reopened)).toEqual(['c:printed:1', 'd:printed:1']);
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n')).toHaveLength(2);
    await reopened.close();
  });

  it('cancel withdraws a job that has not been sent', async () => {
    const printer = new FakePrinter();
    printer.status = PAPER_OUT;
    const queue = await PrintQueue.open({ dir, printer });
    const { job } = await queue.enqueue('a', slip);
    expect((await queue.cancel(job.id)).state).toBe('failed');
    printer.setStatus(READY);
    await queue.idle();
    expect(printer.printed).toHaveLength(0);
    await queue.close();
  });
});
