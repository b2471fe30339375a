// What every parser and builder checks: field ranges, the command a reply
// answers, and a reader STATUS turned into an error (with DB-ADR-E when sent).
import type { FeigResponseFrame } from './frame';
import { hexByte } from '#main/devices/bytes/hex';
import type { CodecError } from '#shared/codecs/result';
import { describeFeigStatus, describeIsoError, FEIG_STATUS } from './protocol-codes';

export type FeigProtocolErrorCode = 'READER_STATUS' | 'ISO_ERROR' | 'UNEXPECTED_COMMAND' | 'BAD_LENGTH' | 'BAD_FIELD' | 'BAD_UID';

export interface FeigProtocolError extends CodecError<FeigProtocolErrorCode> {
  readonly status?: number;
  readonly isoError?: number;
  /** DB-ADR-E: the block where a write or lock failed, when the reader says. */
  readonly failedBlock?: number;
}

export function field(name: string, value: number, min: number, max: number): FeigProtocolError | null {
  if (!Number.isInteger(value) || value < min || value > max) return { code: 'BAD_FIELD', message: `${name} must be an integer ${min}–${max}, got ${value}` };
  return null;
}

export function statusError(frame: FeigResponseFrame): FeigProtocolError {
  const info = describeFeigStatus(frame.status);
  if (frame.status === FEIG_STATUS.ISO_ERROR) {
    const iso = frame.data[0];
    if (iso === undefined) return { code: 'ISO_ERROR', status: frame.status, message: `${info.message} (no ISO error byte was sent)` };
    const failedBlock = frame.data[1];
    const where = failedBlock === undefined ? '' : ` at block ${failedBlock}`;
    return { code: 'ISO_ERROR', status: frame.status, isoError: iso, failedBlock, message: `${info.message}: ${hexByte(iso)} ${describeIsoError(iso)}${where}` };
  }
  if (frame.status === FEIG_STATUS.WRITE_ERROR && frame.data[0] !== undefined) {
    return { code: 'READER_STATUS', status: frame.status, failedBlock: frame.data[0], message: `reader status ${hexByte(frame.status)} ${info.name}: ${info.message} at block ${frame.data[0]}` };
  }
  return { code: 'READER_STATUS', status: frame.status, message: `reader status ${hexByte(frame.status)} ${info.name}: ${info.message}` };
}

export function expectCommand(frame: FeigResponseFrame, cmd: number): FeigProtocolError | null {
  if (frame.cmd === cmd) return null;
  return { code: 'UNEXPECTED_COMMAND', status: frame.status, message: `expected a reply to command ${hexByte(cmd)}, got ${hexByte(frame.cmd)}` };
}
