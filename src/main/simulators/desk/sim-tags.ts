// A tag as a sim.placeTags request describes it → a virtual ISO 15693 tag
// whose memory the real ISO 28560-3 encoder wrote, for the pad simulator.
import type { SimTag } from '#shared/bridge';
import { LIBRARY_AFI } from '#main/devices/rfid/tag-data/afi';
import { encodePart3, PART3_DSFID, TYPE_OF_USAGE } from '#main/devices/rfid/tag-data/iso28560-3';
import type { VirtualTag } from '../tag-fixtures';

const BLOCK_SIZE = 4;
/** ICODE SLIX: 28 blocks of 4 bytes. */
const BLOCK_COUNT = 28;

export function virtualTagFor(t: SimTag): VirtualTag {
  let data: Uint8Array | null = null;
  if (t.item) {
    const encoded = encodePart3(
      {
        version: 1,
        typeOfUsage: t.item.typeOfUsage ?? TYPE_OF_USAGE.CIRCULATING,
        partsInSet: t.item.partsInSet ?? 1,
        ordinalPart: t.item.ordinalPart ?? 1,
        primaryItemId: t.item.primaryItemId,
        owner: t.item.owner ?? '',
        extensions: [],
      },
      { blockSize: BLOCK_SIZE },
    );
    // A value the codec refuses becomes an unreadable tag, as a badly programmed real tag would.
    data = encoded.ok ? encoded.value : new Uint8Array(34).fill(0xff);
  }
  const memory = new Uint8Array(Math.max(BLOCK_COUNT, Math.ceil((data?.length ?? 0) / BLOCK_SIZE)) * BLOCK_SIZE);
  if (data) memory.set(data, 0);
  return {
    uid: t.uid,
    dsfid: data ? PART3_DSFID : 0,
    afi: t.afi ?? LIBRARY_AFI.SECURED,
    blockSize: BLOCK_SIZE,
    memory,
    lockedBlocks: new Set(),
    afiLocked: false,
    icReference: 0x01,
  };
}
