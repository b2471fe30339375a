// Inventory (0xB0 0x01): which tags are in the field, in batches when the
// reader has more than one reply holds.
import type { FeigRequestFrame, FeigResponseFrame } from './frame';
import { FEIG_BROADCAST_ADDRESS } from './frame';
import { err, errWith, ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import { uidFromBytes, UID_LENGTH } from '#main/devices/rfid/tag-data/uid';
import { FEIG_CMD, FEIG_STATUS, ISO_HOST_CMD } from './protocol-codes';
import { expectCommand, field, statusError } from './protocol-checks';
import type { FeigProtocolError } from './protocol-checks';
import type { RequestOptions } from './protocol-request';

const MODE_MORE = 0x80;

export function inventoryRequest(options: RequestOptions & { readonly more?: boolean } = {}): Result<FeigRequestFrame, FeigProtocolError> {
  const comAdr = options.comAdr ?? FEIG_BROADCAST_ADDRESS;
  const bad = field('COM-ADR', comAdr, 0, 255);
  if (bad) return errWith(bad);
  return ok({ comAdr, cmd: FEIG_CMD.ISO_HOST, data: Uint8Array.of(ISO_HOST_CMD.INVENTORY, options.more ? MODE_MORE : 0) });
}

export interface InventoryTag {
  readonly trType: number;
  readonly dsfid: number;
  readonly uid: string;
}

export interface InventoryResult {
  readonly tags: InventoryTag[];
  /** STATUS 0x94: more tags are waiting; repeat the inventory with `more: true`. */
  readonly more: boolean;
}

const INVENTORY_RECORD = 2 + UID_LENGTH;

export function parseInventoryResponse(frame: FeigResponseFrame): Result<InventoryResult, FeigProtocolError> {
  const wrong = expectCommand(frame, FEIG_CMD.ISO_HOST);
  if (wrong) return errWith(wrong);
  if (frame.status === FEIG_STATUS.NO_TRANSPONDER) return ok({ tags: [], more: false });
  if (frame.status !== FEIG_STATUS.OK && frame.status !== FEIG_STATUS.MORE_DATA) return errWith(statusError(frame));
  const count = frame.data[0];
  if (count === undefined) return err('BAD_LENGTH', 'inventory reply has no DATA-SETS byte');
  const expected = 1 + count * INVENTORY_RECORD;
  if (frame.data.length !== expected) {
    return err('BAD_LENGTH', `inventory reply announces ${count} tags (${expected} bytes) but carries ${frame.data.length} bytes`);
  }
  const tags: InventoryTag[] = [];
  for (let i = 0; i < count; i++) {
    const at = 1 + i * INVENTORY_RECORD;
    tags.push({ trType: frame.data[at]!, dsfid: frame.data[at + 1]!, uid: uidFromBytes(frame.data.subarray(at + 2, at + INVENTORY_RECORD)) });
  }
  return ok({ tags, more: frame.status === FEIG_STATUS.MORE_DATA });
}
