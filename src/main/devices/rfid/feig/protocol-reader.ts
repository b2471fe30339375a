// The reader itself (not a tag): its firmware and hardware (0x65).
import type { FeigRequestFrame, FeigResponseFrame } from './frame';
import { FEIG_BROADCAST_ADDRESS } from './frame';
import { err, errWith, ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { FEIG_CMD, FEIG_STATUS } from './protocol-codes';
import { expectCommand, field, statusError } from './protocol-checks';
import type { FeigProtocolError } from './protocol-checks';
import type { RequestOptions } from './protocol-request';

export function softwareVersionRequest(options: RequestOptions = {}): Result<FeigRequestFrame, FeigProtocolError> {
  const comAdr = options.comAdr ?? FEIG_BROADCAST_ADDRESS;
  const bad = field('COM-ADR', comAdr, 0, 255);
  if (bad) return errWith(bad);
  return ok({ comAdr, cmd: FEIG_CMD.SOFTWARE_VERSION, data: new Uint8Array(0) });
}

export interface SoftwareVersion {
  /** SW-REV, high byte first (shown by FEIG as major.minor). */
  readonly softwareRevision: number;
  readonly developmentRevision?: number;
  readonly hardwareType?: number;
  readonly softwareType?: number;
  readonly transponderTypes?: number;
  readonly raw: Uint8Array;
}

export function parseSoftwareVersionResponse(frame: FeigResponseFrame): Result<SoftwareVersion, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.SOFTWARE_VERSION);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  const d = frame.data;
  if (d.length < 2) return err('BAD_LENGTH', `software version reply needs at least 2 bytes, got ${d.length}`);
  const softwareRevision = (d[0]! << 8) | d[1]!;
  if (d.length < 7) return ok({ softwareRevision, raw: d.slice() });
  return ok({
    softwareRevision,
    developmentRevision: d[2]!,
    hardwareType: d[3]!,
    softwareType: d[4]!,
    transponderTypes: (d[5]! << 8) | d[6]!,
    raw: d.slice(),
  });
}
