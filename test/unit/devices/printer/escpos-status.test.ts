import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAutomaticStatusBack, parseRealTimeStatus } from '#main/devices/printer/escpos-status';
import type { RealTimeStatusKind } from '#main/devices/printer/escpos';
import { expectError, FC_RUNS, hex, unwrap } from '#test/unit/codecs/helpers';

describe('DLE EOT real-time status replies', () => {
  it('n=1 printer status: 0x12 all clear, 0x1A offline', () => {
    expect(unwrap(parseRealTimeStatus(1, 0x12))).toEqual({ kind: 'printer', drawerPin3High: false, offline: false, waitingForOnlineRecovery: false, feedButtonPressed: false });
    expect(unwrap(parseRealTimeStatus(1, 0x1a))).toMatchObject({ offline: true, drawerPin3High: false });
    expect(unwrap(parseRealTimeStatus(1, 0x36))).toMatchObject({ drawerPin3High: true, waitingForOnlineRecovery: true, offline: false });
  });
  it('n=2 offline cause: cover open 0x16, stopped by paper end 0x32, error 0x52', () => {
    expect(unwrap(parseRealTimeStatus(2, 0x16))).toEqual({ kind: 'offline-cause', coverOpen: true, feedingByButton: false, stoppedByPaperEnd: false, errorOccurred: false });
    expect(unwrap(parseRealTimeStatus(2, 0x32))).toMatchObject({ coverOpen: false, stoppedByPaperEnd: true });
    expect(unwrap(parseRealTimeStatus(2, 0x52))).toMatchObject({ errorOccurred: true });
  });
  it('n=3 error cause', () => {
    expect(unwrap(parseRealTimeStatus(3, 0x1a))).toEqual({ kind: 'error-cause', mechanicalError: false, autocutterError: true, unrecoverableError: false, autoRecoverableError: false });
    expect(unwrap(parseRealTimeStatus(3, 0x76))).toEqual({ kind: 'error-cause', mechanicalError: true, autocutterError: false, unrecoverableError: true, autoRecoverableError: true });
  });
  it('n=4 paper: 0x1E near end, 0x72 out, 0x7E both', () => {
    expect(unwrap(parseRealTimeStatus(4, 0x12))).toEqual({ kind: 'paper', nearEnd: false, paperOut: false });
    expect(unwrap(parseRealTimeStatus(4, 0x1e))).toEqual({ kind: 'paper', nearEnd: true, paperOut: false });
    expect(unwrap(parseRealTimeStatus(4, 0x72))).toEqual({ kind: 'paper', nearEnd: false, paperOut: true });
    expect(unwrap(parseRealTimeStatus(4, 0x7e))).toEqual({ kind: 'paper', nearEnd: true, paperOut: true });
  });
  it('rejects bytes whose fixed bits are wrong', () => {
    expect(expectError(parseRealTimeStatus(1, 0x00), 'NOT_A_STATUS_BYTE').message).toBe('0x00 is not a DLE EOT reply: bits 1 and 4 must be 1 and bits 0 and 7 must be 0');
    expectError(parseRealTimeStatus(4, 0x93), 'NOT_A_STATUS_BYTE');
    expectError(parseRealTimeStatus(5 as RealTimeStatusKind, 0x12), 'BAD_ARGUMENT');
    expectError(parseRealTimeStatus(1, 256), 'BAD_ARGUMENT');
  });
});

describe('GS a automatic status back', () => {
  it('all clear', () => {
    expect(unwrap(parseAutomaticStatusBack(hex('10 00 00 00')))).toEqual({
      drawerPin3High: false,
      offline: false,
      coverOpen: false,
      feedButtonPressed: false,
      mechanicalError: false,
      autocutterError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
      paperNearEnd: false,
      paperOut: false,
    });
  });
  it('cover open and paper out while offline', () => {
    expect(unwrap(parseAutomaticStatusBack(hex('38 00 0C 00')))).toMatchObject({ offline: true, coverOpen: true, paperOut: true, paperNearEnd: false });
    expect(unwrap(parseAutomaticStatusBack(hex('10 48 03 00')))).toMatchObject({ autocutterError: true, autoRecoverableError: true, paperNearEnd: true });
  });
  it('rejects other traffic', () => {
    expectError(parseAutomaticStatusBack(hex('10 00 00')), 'BAD_LENGTH');
    expectError(parseAutomaticStatusBack(hex('12 00 00 00')), 'NOT_A_STATUS_BYTE');
    expect(expectError(parseAutomaticStatusBack(hex('10 00 10 00')), 'NOT_A_STATUS_BYTE').message).toContain('byte 3');
  });
  it('never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.integer({ min: 0, max: 6 }), (bytes, n) => {
        void parseAutomaticStatusBack(bytes);
        void parseRealTimeStatus(n as RealTimeStatusKind, bytes[0] ?? 0);
      }),
      FC_RUNS,
    );
  });
});
