// Table-driven CRC-16 variants used by the RFID pads and tag data.

function reflectedTable(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c;
  }
  return table;
}

function msbFirstTable(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ poly) & 0xffff : (c << 1) & 0xffff;
    table[n] = c;
  }
  return table;
}

const TABLE_8408 = reflectedTable(0x8408);
const TABLE_1021 = msbFirstTable(0x1021);

function reflected(bytes: Uint8Array, crc: number): number {
  for (const b of bytes) crc = (crc >>> 8) ^ TABLE_8408[(crc ^ b) & 0xff]!;
  return crc & 0xffff;
}

function msbFirst(bytes: Uint8Array, crc: number): number {
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE_1021[((crc >>> 8) ^ b) & 0xff]!;
  return crc & 0xffff;
}

/** CRC-16/MCRF4XX (FEIG ISO host protocol): reflected 0x8408, init 0xFFFF, no final XOR. Sent LSB first. */
export function crc16Mcrf4xx(bytes: Uint8Array): number {
  return reflected(bytes, 0xffff);
}

/** CRC-16/CCITT-FALSE (ISO 28560-3): 0x1021 MSB first, init 0xFFFF, no final XOR. */
export function crc16CcittFalse(bytes: Uint8Array): number {
  return msbFirst(bytes, 0xffff);
}

/** CRC-16/GENIBUS (3M / Bibliotheca pads): 0x1021 MSB first, init 0xFFFF, final XOR 0xFFFF. Sent MSB first. */
export function crc16Genibus(bytes: Uint8Array): number {
  return msbFirst(bytes, 0xffff) ^ 0xffff;
}
