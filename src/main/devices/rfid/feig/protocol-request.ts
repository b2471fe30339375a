// How an ISO host command (0xB0) request is laid out: sub-command, MODE
// (addressing plus flags), the UID when addressed, then the command's fields.
import type { FeigRequestFrame } from './frame';
import { FEIG_BROADCAST_ADDRESS } from './frame';
import { err, errWith, ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { uidToBytes } from '#main/devices/rfid/tag-data/uid';
import { FEIG_CMD } from './protocol-codes';
import { field } from './protocol-checks';
import type { FeigProtocolError } from './protocol-checks';

export type Addressing =
  | { readonly mode: 'non-addressed' }
  | { readonly mode: 'addressed'; readonly uid: string }
  | { readonly mode: 'selected' };

export interface RequestOptions {
  readonly comAdr?: number;
}

const MODE_ADDRESSED = 0x01;
const MODE_SELECTED = 0x02;

export function isoRequest(
  sub: number,
  addressing: Addressing,
  tail: readonly number[] | Uint8Array,
  options: RequestOptions,
  modeFlags = 0,
): Result<FeigRequestFrame, FeigProtocolError> {
  const comAdr = options.comAdr ?? FEIG_BROADCAST_ADDRESS;
  const bad = field('COM-ADR', comAdr, 0, 255);
  if (bad) return errWith(bad);
  let mode = 0;
  let uid: Uint8Array = new Uint8Array(0);
  if (addressing.mode === 'addressed') {
    const bytes = uidToBytes(addressing.uid);
    if (!bytes.ok) return err('BAD_UID', bytes.error.message);
    uid = bytes.value;
    mode = MODE_ADDRESSED;
  } else if (addressing.mode === 'selected') {
    mode = MODE_SELECTED;
  }
  const data = new Uint8Array(2 + uid.length + tail.length);
  data[0] = sub;
  data[1] = mode | modeFlags;
  data.set(uid, 2);
  data.set(tail, 2 + uid.length);
  return ok({ comAdr, cmd: FEIG_CMD.ISO_HOST, data });
}
