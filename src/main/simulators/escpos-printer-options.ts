// The ESC/POS printer simulator's options and counters (escpos-printer.ts).
import type { PrinterEncodingName } from '#main/devices/printer/text-encoding';

export interface EscPosPrinterSimulatorOptions {
  readonly encoding?: PrinterEncodingName;
  /** Listen on TCP (default true). */
  readonly tcp?: boolean;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: the OS picks; read `port` after start(). */
  readonly port?: number;
  /** A device path to serve as well (the device side of a socat pty pair). */
  readonly ptyPath?: string;
  /** Lines of paper left before it runs out; default endless. */
  readonly paperLines?: number;
}

export interface SimulatorStats {
  connections: number;
  bytesReceived: number;
  statusQueries: number;
  transmitStatusReplies: number;
}
