import { describe, expect, it } from 'vitest';
import { disconnectedStatus, sameStatus, statusFromReplies } from '#main/devices/printer/status';

describe('printer status from DLE EOT 1–4 replies', () => {
  it('all clear → ready', () => {
    const s = statusFromReplies([0x12, 0x12, 0x12, 0x12]);
    expect(s.condition).toBe('ready');
    expect(s.printable).toBe(true);
    expect(s.online).toBe(true);
  });
  it('paper near end is printable, paper out is not', () => {
    expect(statusFromReplies([0x12, 0x12, 0x12, 0x1e]).condition).toBe('paper_near_end');
    expect(statusFromReplies([0x12, 0x12, 0x12, 0x1e]).printable).toBe(true);
    const out = statusFromReplies([0x3a, 0x32, 0x12, 0x72]);
    expect(out.condition).toBe('paper_out');
    expect(out.paperOut).toBe(true);
    expect(out.online).toBe(false);
    expect(out.printable).toBe(false);
  });
  it('cover open wins over paper out; errors; plain offline', () => {
    expect(statusFromReplies([0x3a, 0x36, 0x12, 0x72]).condition).toBe('cover_open');
    const cutter = statusFromReplies([0x1a, 0x52, 0x1a, 0x12]);
    expect(cutter.condition).toBe('error');
    expect(cutter.errors.autocutter).toBe(true);
    expect(statusFromReplies([0x1a, 0x12, 0x12, 0x12]).condition).toBe('offline');
  });
  it('a byte that is not a status reply → no_answer, not an exception', () => {
    const s = statusFromReplies([0x12, 0xff, 0x12, 0x12]);
    expect(s.condition).toBe('no_answer');
    expect(s.message).toMatch(/unreadable/);
  });
  it('sameStatus ignores time and wording', () => {
    expect(sameStatus(disconnectedStatus('a', 1), disconnectedStatus('b', 2))).toBe(true);
    expect(sameStatus(statusFromReplies([0x12, 0x12, 0x12, 0x12]), statusFromReplies([0x12, 0x12, 0x12, 0x1e]))).toBe(false);
  });
});
