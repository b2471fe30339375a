// The printer simulator's answer to DLE EOT n, with the real bit layout
// (Epson's real-time status: bits 1 and 4 always set, the rest by condition).

export type SimPaper = 'ok' | 'near-end' | 'out';
export type SimError = 'mechanical' | 'autocutter' | 'unrecoverable' | 'auto-recoverable';

export interface SimPrinterCondition {
  readonly paper: SimPaper;
  readonly coverOpen: boolean;
  /** Online, paper present, cover closed and no error. */
  readonly printable: boolean;
  readonly error: SimError | null;
}

export function realTimeStatusByte(n: number, c: SimPrinterCondition): number {
  const out = c.paper === 'out';
  const offline = !c.printable;
  switch (n) {
    case 1:
      return 0x12 | (offline ? 0x08 : 0) | (offline && (out || c.coverOpen) ? 0x20 : 0);
    case 2:
      return 0x12 | (c.coverOpen ? 0x04 : 0) | (out ? 0x20 : 0) | (c.error ? 0x40 : 0);
    case 3:
      return (
        0x12 |
        (c.error === 'mechanical' ? 0x04 : 0) |
        (c.error === 'autocutter' ? 0x08 : 0) |
        (c.error === 'unrecoverable' ? 0x20 : 0) |
        (c.error === 'auto-recoverable' ? 0x40 : 0)
      );
    case 4:
      return 0x12 | (c.paper === 'near-end' ? 0x0c : 0) | (out ? 0x60 : 0);
    default:
      return 0x12;
  }
}
