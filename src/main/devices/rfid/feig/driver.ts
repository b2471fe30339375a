// FEIG ISO Host protocol driver (ID CPR / ID ISC pads) over any byte link,
// built on the shared frame and command codecs. Tag access is addressed
// (MODE 001 + UID) so a stack of books on the pad is read tag by tag.
// Readers send and take block data MSB first; the driver turns it into
// memory order on read and back on write, so a block written through a real
// reader is stored the way the tag data codecs laid it out.

import { createFeigResponseDecoder, encodeFeigRequest } from './frame';
import type { DecodedFeigResponse, FeigFrameError } from './frame';
import {
  FEIG_STATUS,
  ISO15693_ERROR,
  getSystemInformationRequest,
  inventoryRequest,
  fromHostBlockOrder,
  getMultipleBlockSecurityStatusRequest,
  joinBlocks,
  lockMultipleBlocksRequest,
  parseAcknowledgement,
  parseBlockSecurityStatusResponse,
  parseInventoryResponse,
  parseReadMultipleBlocksResponse,
  parseSystemInformationResponse,
  planBlockReads,
  readMultipleBlocksRequest,
  toHostBlockOrder,
  writeAfiRequest,
  writeMultipleBlocksRequest,
} from './protocol';
import type { FeigProtocolError, BlockData } from './protocol';
import type { FeigRequestFrame } from './frame';
import { LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { ok } from '#shared/codecs/result';
import type { Result } from '#shared/codecs/result';
import type { InventoryEntry, PadDriver, PadDriverFactory, TagMemory } from '#main/devices/rfid/driver';
import { padError } from '#main/devices/rfid/errors';
import type { PadError } from '#main/devices/rfid/errors';
import { RequestChannel } from '#main/link/request-channel';

export interface FeigDriverOptions {
  /** COM-ADR of the reader; 0xFF (broadcast) by default. */
  readonly comAdr?: number;
  /** Frame requests as standard or advanced (readers configured for advanced protocol need it). */
  readonly frame?: 'standard' | 'advanced';
  readonly timeoutMs?: number;
  readonly settleMs?: number;
  /** Used when a tag does not answer Get System Information. */
  readonly fallbackBlockSize?: number;
  readonly fallbackBlockCount?: number;
  /** Guard against a reader that keeps answering "more data". */
  readonly maxInventoryRounds?: number;
  readonly onDiscard?: (reason: string) => void;
}

type Fail = { ok: false; error: PadError };

function fromFrameError(error: FeigFrameError | FeigProtocolError): Fail {
  return { ok: false, error: padError('BAD_REQUEST', error.message) };
}

/** Maps reader STATUS (and ISO 15693 error codes after 0x95) to the reader's typed errors. */
export function feigStatusError(error: FeigProtocolError): PadError {
  const extra = { status: error.status, isoError: error.isoError };
  if (error.code === 'READER_STATUS') {
    switch (error.status) {
      case FEIG_STATUS.NO_TRANSPONDER:
        return padError('NO_TRANSPONDER', error.message, extra);
      case FEIG_STATUS.WRITE_ERROR:
        return padError('WRITE_FAILED', error.message, extra);
      case FEIG_STATUS.DATA_FALSE:
        return padError('READ_FAILED', error.message, extra);
      case FEIG_STATUS.RF_COMMUNICATION_ERROR:
        return padError('RF_ERROR', error.message, extra);
      default:
        return padError('READER_STATUS', error.message, extra);
    }
  }
  if (error.code === 'ISO_ERROR') {
    if (error.isoError === ISO15693_ERROR.LOCKED || error.isoError === ISO15693_ERROR.ALREADY_LOCKED) return padError('TAG_LOCKED', error.message, extra);
    if (error.isoError === ISO15693_ERROR.PROGRAM_FAILED) return padError('WRITE_FAILED', error.message, extra);
    return padError('READER_STATUS', error.message, extra);
  }
  return padError('BAD_REPLY', error.message, extra);
}

export class FeigDriver implements PadDriver {
  readonly kind = 'feig' as const;
  readonly defaultAfi = { secured: LIBRARY_AFI.SECURED, unsecured: LIBRARY_AFI.UNSECURED };
  private readonly channel: RequestChannel<DecodedFeigResponse, PadError>;
  private readonly comAdr: number;
  private readonly blockSizes = new Map<string, number>();

  constructor(
    write: (bytes: Uint8Array) => Promise<void>,
    private readonly options: FeigDriverOptions = {},
  ) {
    this.comAdr = options.comAdr ?? 0xff;
    this.channel = new RequestChannel({
      decoder: createFeigResponseDecoder(),
      write,
      timeoutMs: options.timeoutMs,
      settleMs: options.settleMs,
      onDiscard: options.onDiscard,
    });
  }

  get stats() {
    return this.channel.stats;
  }

  receive(chunk: Uint8Array): void {
    this.channel.receive(chunk);
  }

  linkLost(message: string): void {
    this.channel.fail(padError('DISCONNECTED', message));
  }

  private async send(frame: Result<FeigRequestFrame, FeigProtocolError>): Promise<Result<DecodedFeigResponse, PadError>> {
    if (!frame.ok) return fromFrameError(frame.error);
    const bytes = encodeFeigRequest(frame.value, { frame: this.options.frame ?? 'standard' });
    if (!bytes.ok) return fromFrameError(bytes.error);
    const cmd = frame.value.cmd;
    // A broadcast request is answered with the reader's own address; otherwise the address must match.
    const accepts = (reply: DecodedFeigResponse) => reply.cmd === cmd && (this.comAdr === 0xff || reply.comAdr === this.comAdr);
    return this.channel.request(bytes.value, accepts);
  }

  async inventory(): Promise<Result<InventoryEntry[], PadError>> {
    const found = new Map<string, InventoryEntry>();
    const rounds = this.options.maxInventoryRounds ?? 64;
    let more = false;
    for (let round = 0; round < rounds; round++) {
      const reply = await this.send(inventoryRequest({ comAdr: this.comAdr, more }));
      if (!reply.ok) return reply;
      const parsed = parseInventoryResponse(reply.value);
      if (!parsed.ok) return { ok: false, error: feigStatusError(parsed.error) };
      for (const tag of parsed.value.tags) found.set(tag.uid, { uid: tag.uid, dsfid: tag.dsfid });
      if (!parsed.value.more) return ok([...found.values()]);
      more = true;
    }
    return { ok: false, error: padError('BAD_REPLY', `the reader still reported more tags after ${rounds} inventory rounds`) };
  }

  private async systemInformation(uid: string) {
    const reply = await this.send(getSystemInformationRequest({ mode: 'addressed', uid }, { comAdr: this.comAdr }));
    if (!reply.ok) return reply;
    const parsed = parseSystemInformationResponse(reply.value);
    if (!parsed.ok) return { ok: false as const, error: feigStatusError(parsed.error) };
    return parsed;
  }

  async readTag(entry: InventoryEntry): Promise<Result<TagMemory, PadError>> {
    const info = await this.systemInformation(entry.uid);
    let blockSize = this.options.fallbackBlockSize ?? 4;
    let blockCount = this.options.fallbackBlockCount ?? 28;
    let afi: number | null = null;
    let dsfid = entry.dsfid;
    if (info.ok) {
      ({ blockSize, blockCount, afi } = info.value);
      dsfid = info.value.dsfid;
    } else if (info.error.code === 'NO_TRANSPONDER' || info.error.code === 'DISCONNECTED' || info.error.code === 'TIMEOUT') {
      return info;
    }
    // Otherwise the tag does not support the command (some older ICs): read with the fallback geometry.
    this.blockSizes.set(entry.uid, blockSize);
    const blocks: BlockData[] = [];
    for (const part of planBlockReads(0, blockCount, blockSize)) {
      const reply = await this.send(readMultipleBlocksRequest({ mode: 'addressed', uid: entry.uid }, part.firstBlock, part.blockCount, { comAdr: this.comAdr }));
      if (!reply.ok) return reply;
      const parsed = parseReadMultipleBlocksResponse(reply.value);
      if (!parsed.ok) return { ok: false, error: feigStatusError(parsed.error) };
      if (parsed.value.blocks.length !== part.blockCount) {
        return { ok: false, error: padError('BAD_REPLY', `asked for ${part.blockCount} blocks from ${part.firstBlock}, got ${parsed.value.blocks.length}`) };
      }
      blocks.push(...parsed.value.blocks);
    }
    return ok({ uid: entry.uid, dsfid, afi, blockSize, bytes: fromHostBlockOrder(joinBlocks(blocks), blockSize) });
  }

  async readAfi(uid: string): Promise<Result<number, PadError>> {
    const info = await this.systemInformation(uid);
    if (!info.ok) return info;
    return ok(info.value.afi);
  }

  private async acknowledged(frame: Result<FeigRequestFrame, FeigProtocolError>): Promise<Result<true, PadError>> {
    const reply = await this.send(frame);
    if (!reply.ok) return reply;
    const parsed = parseAcknowledgement(reply.value);
    if (!parsed.ok) return { ok: false, error: feigStatusError(parsed.error) };
    return parsed;
  }

  writeAfi(uid: string, afi: number): Promise<Result<true, PadError>> {
    return this.acknowledged(writeAfiRequest({ mode: 'addressed', uid }, afi, { comAdr: this.comAdr }));
  }

  writeBlocks(uid: string, firstBlock: number, data: Uint8Array): Promise<Result<true, PadError>> {
    const blockSize = this.blockSizes.get(uid) ?? this.options.fallbackBlockSize ?? 4;
    return this.acknowledged(writeMultipleBlocksRequest({ mode: 'addressed', uid }, firstBlock, blockSize, toHostBlockOrder(data, blockSize), { comAdr: this.comAdr }));
  }

  /** Locks blocks for good (ISO 15693 has no unlock): for the item id, never for anything that changes. */
  lockBlocks(uid: string, firstBlock: number, blockCount: number): Promise<Result<true, PadError>> {
    return this.acknowledged(lockMultipleBlocksRequest({ mode: 'addressed', uid }, firstBlock, blockCount, { comAdr: this.comAdr }));
  }

  /** Per block, whether it is locked. */
  async blockLocks(uid: string, firstBlock: number, blockCount: number): Promise<Result<boolean[], PadError>> {
    const reply = await this.send(getMultipleBlockSecurityStatusRequest({ mode: 'addressed', uid }, firstBlock, blockCount, { comAdr: this.comAdr }));
    if (!reply.ok) return reply;
    const parsed = parseBlockSecurityStatusResponse(reply.value);
    if (!parsed.ok) return { ok: false, error: feigStatusError(parsed.error) };
    return ok(parsed.value.map((status) => (status & 0x01) !== 0));
  }
}

export function feigDriverFactory(options: FeigDriverOptions = {}): PadDriverFactory {
  return (write) => new FeigDriver(write, options);
}
