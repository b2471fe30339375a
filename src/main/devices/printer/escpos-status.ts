// Parsers for the printer's status replies (ESC/POS):
//   DLE EOT n (10 04 n) → one byte; bits 1 and 4 are always 1, bits 0 and 7 always 0.
//   GS a n (1D 61 n) automatic status back → four bytes on every change;
//   byte 1 has bit 4 set and bits 0, 1, 7 clear; bytes 2–4 have bits 4 and 7 clear.
// The fixed bits tell a status byte from other traffic.

import { hexByte } from '#main/devices/bytes/hex';
import { err, ok } from '#shared/codecs/result';
import type { CodecError, Result } from '#shared/codecs/result';
import type { RealTimeStatusKind } from './escpos';

export type PrinterStatusErrorCode = 'NOT_A_STATUS_BYTE' | 'BAD_LENGTH' | 'BAD_ARGUMENT';
export type PrinterStatusError = CodecError<PrinterStatusErrorCode>;

export type RealTimeStatus =
  | { readonly kind: 'printer'; readonly drawerPin3High: boolean; readonly offline: boolean; readonly waitingForOnlineRecovery: boolean; readonly feedButtonPressed: boolean }
  | { readonly kind: 'offline-cause'; readonly coverOpen: boolean; readonly feedingByButton: boolean; readonly stoppedByPaperEnd: boolean; readonly errorOccurred: boolean }
  | { readonly kind: 'error-cause'; readonly mechanicalError: boolean; readonly autocutterError: boolean; readonly unrecoverableError: boolean; readonly autoRecoverableError: boolean }
  | { readonly kind: 'paper'; readonly nearEnd: boolean; readonly paperOut: boolean };

const bit = (b: number, n: number): boolean => ((b >> n) & 1) === 1;

export function isRealTimeStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export function parseRealTimeStatus(n: RealTimeStatusKind, b: number): Result<RealTimeStatus, PrinterStatusError> {
  if (!Number.isInteger(b) || b < 0 || b > 0xff) return err('BAD_ARGUMENT', `status byte must be 0–255, got ${b}`);
  if (!isRealTimeStatusByte(b)) return err('NOT_A_STATUS_BYTE', `${hexByte(b)} is not a DLE EOT reply: bits 1 and 4 must be 1 and bits 0 and 7 must be 0`);
  switch (n) {
    case 1:
      return ok({ kind: 'printer', drawerPin3High: bit(b, 2), offline: bit(b, 3), waitingForOnlineRecovery: bit(b, 5), feedButtonPressed: bit(b, 6) });
    case 2:
      return ok({ kind: 'offline-cause', coverOpen: bit(b, 2), feedingByButton: bit(b, 3), stoppedByPaperEnd: bit(b, 5), errorOccurred: bit(b, 6) });
    case 3:
      return ok({ kind: 'error-cause', mechanicalError: bit(b, 2), autocutterError: bit(b, 3), unrecoverableError: bit(b, 5), autoRecoverableError: bit(b, 6) });
    case 4:
      // Each condition is reported on two bits (two sensors on some models); either one counts.
      return ok({ kind: 'paper', nearEnd: bit(b, 2) || bit(b, 3), paperOut: bit(b, 5) || bit(b, 6) });
    default:
      return err('BAD_ARGUMENT', `real-time status n must be 1–4, got ${String(n)}`);
  }
}

export interface AutomaticStatus {
  readonly drawerPin3High: boolean;
  readonly offline: boolean;
  readonly coverOpen: boolean;
  readonly feedButtonPressed: boolean;
  readonly mechanicalError: boolean;
  readonly autocutterError: boolean;
  readonly unrecoverableError: boolean;
  readonly autoRecoverableError: boolean;
  readonly paperNearEnd: boolean;
  readonly paperOut: boolean;
}

export function isAutomaticStatusHeader(b: number): boolean {
  return (b & 0x93) === 0x10;
}

export function parseAutomaticStatusBack(bytes: Uint8Array): Result<AutomaticStatus, PrinterStatusError> {
  if (bytes.length !== 4) return err('BAD_LENGTH', `automatic status back is 4 bytes, got ${bytes.length}`);
  const b1 = bytes[0]!;
  const b2 = bytes[1]!;
  const b3 = bytes[2]!;
  const b4 = bytes[3]!;
  if (!isAutomaticStatusHeader(b1)) return err('NOT_A_STATUS_BYTE', `first byte ${hexByte(b1)} is not an ASB header: bit 4 must be 1 and bits 0, 1, 7 must be 0`);
  for (const [i, b] of [b2, b3, b4].entries()) {
    if ((b & 0x90) !== 0) return err('NOT_A_STATUS_BYTE', `byte ${i + 2} (${hexByte(b)}) of an ASB reply must have bits 4 and 7 clear`);
  }
  return ok({
    drawerPin3High: bit(b1, 2),
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    feedButtonPressed: bit(b1, 6),
    mechanicalError: bit(b2, 2),
    autocutterError: bit(b2, 3),
    unrecoverableError: bit(b2, 5),
    autoRecoverableError: bit(b2, 6),
    paperNearEnd: bit(b3, 0) || bit(b3, 1),
    paperOut: bit(b3, 2) || bit(b3, 3),
  });
}
