// The numbers of the FEIG protocol: command codes, reader STATUS bytes and
// ISO/IEC 15693 error codes, with the words the desk shows for each.
import { hexByte } from '#main/devices/bytes/hex';

export const FEIG_CMD = {
  ISO_HOST: 0xb0,
  SOFTWARE_VERSION: 0x65,
  READER_INFO: 0x66,
  CPU_RESET: 0x63,
  RF_RESET: 0x69,
} as const;

export const ISO_HOST_CMD = {
  INVENTORY: 0x01,
  LOCK_MULTIPLE_BLOCKS: 0x22,
  READ_MULTIPLE_BLOCKS: 0x23,
  WRITE_MULTIPLE_BLOCKS: 0x24,
  WRITE_AFI: 0x27,
  LOCK_AFI: 0x28,
  WRITE_DSFID: 0x29,
  LOCK_DSFID: 0x2a,
  GET_SYSTEM_INFORMATION: 0x2b,
  GET_MULTIPLE_BLOCK_SECURITY_STATUS: 0x2c,
} as const;

export const FEIG_STATUS = {
  OK: 0x00,
  NO_TRANSPONDER: 0x01,
  DATA_FALSE: 0x02,
  WRITE_ERROR: 0x03,
  ADDRESS_ERROR: 0x04,
  WRONG_TRANSPONDER_TYPE: 0x05,
  GENERAL_ERROR: 0x0e,
  PARAMETER_RANGE: 0x11,
  UNKNOWN_COMMAND: 0x80,
  LENGTH_ERROR: 0x81,
  NOT_AVAILABLE: 0x82,
  RF_COMMUNICATION_ERROR: 0x83,
  BUFFER_OVERFLOW: 0x93,
  MORE_DATA: 0x94,
  ISO_ERROR: 0x95,
} as const;

export type FeigStatusName = keyof typeof FEIG_STATUS;

const STATUS_MESSAGES: Readonly<Record<FeigStatusName, string>> = {
  OK: 'OK',
  NO_TRANSPONDER: 'no transponder in the reader field',
  DATA_FALSE: 'the transponder answered with false data',
  WRITE_ERROR: 'the transponder could not be written',
  ADDRESS_ERROR: 'the block address is outside the transponder memory',
  WRONG_TRANSPONDER_TYPE: 'the command does not suit this transponder type',
  GENERAL_ERROR: 'the reader reported a general error',
  PARAMETER_RANGE: 'a parameter is out of range',
  UNKNOWN_COMMAND: 'the reader does not know this command',
  LENGTH_ERROR: 'the reader rejected the frame length',
  NOT_AVAILABLE: 'the command is not available on this reader',
  RF_COMMUNICATION_ERROR: 'RF communication with the transponder failed',
  BUFFER_OVERFLOW: 'the reader data buffer overflowed',
  MORE_DATA: 'more data: repeat the command with MORE set',
  ISO_ERROR: 'the transponder returned an ISO 15693 error',
};

/** ISO/IEC 15693-3 error codes, sent after STATUS 0x95. */
export const ISO15693_ERROR = {
  NOT_SUPPORTED: 0x01,
  NOT_RECOGNISED: 0x02,
  OPTION_NOT_SUPPORTED: 0x03,
  UNKNOWN: 0x0f,
  NO_SUCH_BLOCK: 0x10,
  ALREADY_LOCKED: 0x11,
  LOCKED: 0x12,
  PROGRAM_FAILED: 0x13,
  LOCK_FAILED: 0x14,
} as const;

const ISO_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  0x01: 'command not supported',
  0x02: 'command not recognised',
  0x03: 'option not supported',
  0x0f: 'unknown error',
  0x10: 'the block does not exist',
  0x11: 'the block is already locked',
  0x12: 'the block is locked and cannot be changed',
  0x13: 'programming the block failed',
  0x14: 'locking the block failed',
};

export interface FeigStatusInfo {
  readonly status: number;
  readonly name: FeigStatusName | 'UNKNOWN_STATUS';
  readonly message: string;
}

export function describeFeigStatus(status: number): FeigStatusInfo {
  for (const [name, code] of Object.entries(FEIG_STATUS) as [FeigStatusName, number][]) {
    if (code === status) return { status, name, message: STATUS_MESSAGES[name] };
  }
  return { status, name: 'UNKNOWN_STATUS', message: `unknown reader status ${hexByte(status)}` };
}

export function describeIsoError(code: number): string {
  return ISO_ERROR_MESSAGES[code] ?? `ISO 15693 error ${hexByte(code)}`;
}
