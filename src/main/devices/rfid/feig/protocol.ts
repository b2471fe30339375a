// Requests and replies of the FEIG ISO host commands a library desk needs.
// Builders return frames for encodeFeigRequest; parsers take decoded
// response frames. Command 0xB0 replies do not echo the sub-command, so each
// sub-command has its own parser.
//
// The commands live beside this file, grouped by what they do:
//   protocol-codes.ts      command codes, reader STATUS and ISO 15693 error words
//   protocol-checks.ts     field ranges, reply command and STATUS → error
//   protocol-request.ts    the ISO host request layout (addressing, MODE)
//   protocol-inventory.ts  inventory
//   protocol-blocks.ts     read, write and lock blocks; block order; lock state
//   protocol-tag.ts        system information, Write AFI, acknowledgements
//   protocol-reader.ts     the reader's software version

export { describeFeigStatus, describeIsoError, FEIG_CMD, FEIG_STATUS, ISO15693_ERROR, ISO_HOST_CMD } from './protocol-codes';
export type { FeigStatusInfo, FeigStatusName } from './protocol-codes';
export type { FeigProtocolError, FeigProtocolErrorCode } from './protocol-checks';
export type { Addressing, RequestOptions } from './protocol-request';
export { inventoryRequest, parseInventoryResponse } from './protocol-inventory';
export type { InventoryResult, InventoryTag } from './protocol-inventory';
export {
  BLOCK_LOCKED,
  fromHostBlockOrder,
  getMultipleBlockSecurityStatusRequest,
  joinBlocks,
  lockMultipleBlocksRequest,
  MAX_READ_BYTES,
  MODE_SEC,
  parseBlockSecurityStatusResponse,
  parseReadMultipleBlocksResponse,
  planBlockReads,
  readMultipleBlocksRequest,
  toHostBlockOrder,
  writeMultipleBlocksRequest,
} from './protocol-blocks';
export type { BlockData, ReadBlocksResult } from './protocol-blocks';
export { getSystemInformationRequest, parseAcknowledgement, parseSystemInformationResponse, writeAfiRequest } from './protocol-tag';
export type { SystemInformation } from './protocol-tag';
export { parseSoftwareVersionResponse, softwareVersionRequest } from './protocol-reader';
export type { SoftwareVersion } from './protocol-reader';
