// What a tag says about itself (Get System Information: UID, AFI, memory
// layout) and the AFI it is given, plus the STATUS-only acknowledgement
// that write and lock commands answer with.
//
// Security: the library desk keeps item security in the AFI (Write AFI
// 0x27, never locked).
import type { FeigRequestFrame, FeigResponseFrame } from './frame';
import { err, errWith, ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { uidFromBytes, UID_LENGTH } from '#main/devices/rfid/tag-data/uid';
import { FEIG_CMD, FEIG_STATUS, ISO_HOST_CMD } from './protocol-codes';
import { expectCommand, field, statusError } from './protocol-checks';
import type { FeigProtocolError } from './protocol-checks';
import { isoRequest } from './protocol-request';
import type { Addressing, RequestOptions } from './protocol-request';

export function writeAfiRequest(addressing: Addressing, afi: number, options: RequestOptions = {}): Result<FeigRequestFrame, FeigProtocolError> {
  const bad = field('AFI', afi, 0, 255);
  if (bad) return errWith(bad);
  return isoRequest(ISO_HOST_CMD.WRITE_AFI, addressing, [afi], options);
}

export function getSystemInformationRequest(addressing: Addressing, options: RequestOptions = {}): Result<FeigRequestFrame, FeigProtocolError> {
  return isoRequest(ISO_HOST_CMD.GET_SYSTEM_INFORMATION, addressing, [], options);
}

/** For commands whose reply is only a STATUS (write blocks, write AFI, lock…). */
export function parseAcknowledgement(frame: FeigResponseFrame): Result<true, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  return ok(true);
}

export interface SystemInformation {
  readonly dsfid: number;
  readonly uid: string;
  readonly afi: number;
  /** MEM-SIZE as sent (high byte first). */
  readonly memSize: number;
  /** From MEM-SIZE: bits 12–8 block size − 1, bits 7–0 block count − 1. */
  readonly blockSize: number;
  readonly blockCount: number;
  readonly icReference: number;
}

const SYSTEM_INFO_LENGTH = 1 + UID_LENGTH + 1 + 2 + 1;

export function parseSystemInformationResponse(frame: FeigResponseFrame): Result<SystemInformation, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status !== FEIG_STATUS.OK) return errWith(statusError(frame));
  const d = frame.data;
  if (d.length !== SYSTEM_INFO_LENGTH) return err('BAD_LENGTH', `system information reply must be ${SYSTEM_INFO_LENGTH} bytes, got ${d.length}`);
  const memSize = (d[10]! << 8) | d[11]!;
  return ok({
    dsfid: d[0]!,
    uid: uidFromBytes(d.subarray(1, 9)),
    afi: d[9]!,
    memSize,
    blockSize: ((memSize >> 8) & 0x1f) + 1,
    blockCount: (memSize & 0xff) + 1,
    icReference: d[12]!,
  });
}
