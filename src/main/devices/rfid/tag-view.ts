// A tag as the pad reader knows it → the bridge's tag view: the UI gets
// decoded library data and never decodes tag bytes itself.
import type { RfidTagView } from '#shared/bridge';
import { afiSecurity } from './tag-data/afi';
import type { TagSnapshot } from './pad-reader';

export function tagView(tag: TagSnapshot): RfidTagView {
  const info = tag.info;
  return {
    uid: tag.uid,
    afi: tag.afi,
    security: tag.afi === null ? 'unknown' : afiSecurity(tag.afi),
    // An all-zero tag decodes to the BLANK error: a blank label, not a foreign one.
    dataKind: info ? info.format : tag.error ? (tag.error.code === 'BLANK' ? 'blank' : 'unknown') : 'unread',
    item: info
      ? { primaryItemId: info.primaryItemId, owner: info.owner ?? '', typeOfUsage: info.typeOfUsage ?? 0, partsInSet: info.set.partsInItem, ordinalPart: info.set.partNumber }
      : null,
  };
}
