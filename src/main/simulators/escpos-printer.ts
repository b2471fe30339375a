// An ESC/POS receipt printer for tests and demos, listening on TCP (like a
// network printer's port 9100) and/or attached to a pseudo-terminal or any
// transport. It behaves like the real thing where the desk depends on it:
//  - DLE EOT n is answered the moment it arrives (real-time), with the real
//    bit layout, even while the printer is out of paper;
//  - everything else goes through a receive buffer that is processed only
//    while the printer can print: out of paper, cover open, offline or in
//    error, bytes wait, and are printed when the condition clears;
//  - GS r 1 is answered when it is reached in the buffer, i.e. after what was
//    sent before it has printed (this is how the driver confirms a slip);
//  - paper can run out after a number of lines, in the middle of a slip;
//  - what was printed is decoded back (Big5 / GB18030 via iconv-lite) into
//    "documents", one per cut, so tests assert on the text on paper.
import net from 'node:net';
import { decodeEscPos } from '#main/devices/printer/escpos-decoder';
import type { EscPosToken } from '#main/devices/printer/escpos-decoder';
import { latin1Decode, utf8DecodeLenient } from '#main/devices/bytes/text';
import { DocumentBuilder, type PrintedDocument } from './printed-document';
import { realTimeStatusByte, type SimError, type SimPaper } from './printer-status-bytes';
import { createTextEncoder } from '../devices/printer/text-encoding';
import type { PrinterTextEncoder } from '../devices/printer/text-encoding';
import type { Transport, TransportOpener } from '#main/link/transport';
import { usbPrinterTransport } from '../devices/transports/usb-printer';

export type { PrintedBarcode, PrintedDocument, PrintedImage } from './printed-document';
export { IMAGE_LINE } from './printed-document';

export type { SimError, SimPaper } from './printer-status-bytes';

export type { EscPosPrinterSimulatorOptions, SimulatorStats } from './escpos-printer-options';
import type { EscPosPrinterSimulatorOptions, SimulatorStats } from './escpos-printer-options';

type DocumentListener = (doc: PrintedDocument) => void;

/** One link to the printer (a TCP connection or an attached transport) with its own parse state. */
class Channel {
  pending = new Uint8Array(0);
  kanji = false;
  doc = new DocumentBuilder();
  /** Carry for DLE EOT split across chunks. */
  rtTail: number[] = [];
  constructor(readonly reply: (bytes: Uint8Array) => void) {}
}

export class EscPosPrinterSimulator {
  readonly documents: PrintedDocument[] = [];
  readonly stats: SimulatorStats = { connections: 0, bytesReceived: 0, statusQueries: 0, transmitStatusReplies: 0 };
  /** Answer DLE EOT (turn off to simulate a printer that stopped answering). */
  answerStatus = true;
  /** Answer GS r (some clones do not). */
  supportsTransmitStatus = true;

  private readonly encoder: PrinterTextEncoder;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly transports = new Set<Transport>();
  private readonly channels = new Set<Channel>();
  private readonly listeners = new Set<DocumentListener>();
  private boundPort: number | null = null;

  private paper: SimPaper = 'ok';
  private paperLines: number | null;
  private coverOpen = false;
  private online = true;
  private error: SimError | null = null;

  private constructor(private readonly options: EscPosPrinterSimulatorOptions) {
    this.encoder = createTextEncoder(options.encoding ?? 'big5');
    this.paperLines = options.paperLines ?? null;
  }

  static async start(options: EscPosPrinterSimulatorOptions = {}): Promise<EscPosPrinterSimulator> {
    const sim = new EscPosPrinterSimulator(options);
    if (options.tcp !== false) await sim.listen();
    if (options.ptyPath) await sim.attach(usbPrinterTransport({ path: options.ptyPath, pollMs: 5 }));
    return sim;
  }

  /** The TCP port, or null when not listening. */
  get port(): number | null {
    return this.boundPort;
  }

  get printable(): boolean {
    return this.paper !== 'out' && !this.coverOpen && this.online && this.error === null;
  }

  // ---- controls -----------------------------------------------------------

  setPaper(paper: SimPaper): void {
    this.paper = paper;
    if (paper !== 'out') this.paperLines = null;
    this.processAll();
  }

  /** Paper back in (and endless again). */
  refill(): void {
    this.setPaper('ok');
  }

  /** Paper runs out after this many more lines (mid-slip if need be). */
  setPaperRemaining(lines: number): void {
    this.paperLines = Math.max(0, Math.floor(lines));
    if (this.paperLines === 0) this.paper = 'out';
    this.processAll();
  }

  setCover(cover: 'open' | 'closed'): void {
    this.coverOpen = cover === 'open';
    this.processAll();
  }

  setOnline(online: boolean): void {
    this.online = online;
    this.processAll();
  }

  setError(error: SimError | null): void {
    this.error = error;
    this.processAll();
  }

  /** The state the device manager's "sim.printerState" sets. */
  setState(state: { paper: SimPaper; cover: 'open' | 'closed'; online: boolean }): void {
    this.paper = state.paper;
    if (state.paper !== 'out') this.paperLines = null;
    this.coverOpen = state.cover === 'open';
    this.online = state.online;
    this.processAll();
  }

  /** Power off and on: the receive buffer and any half-printed slip are lost, links drop. */
  async powerCycle(): Promise<void> {
    for (const c of this.channels) {
      c.pending = new Uint8Array(0);
      c.doc = new DocumentBuilder();
    }
    await this.dropConnections();
  }

  /** Closes every link from the printer's side (the desk sees 'unplugged'). */
  async dropConnections(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all([...this.transports].map((t) => t.close().catch(() => undefined)));
    this.transports.clear();
  }

  onDocument(listener: DocumentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once `count` documents in total have been printed. */
  waitForDocuments(count: number, timeoutMs = 10_000): Promise<PrintedDocument[]> {
    if (this.documents.length >= count) return Promise.resolve(this.documents.slice());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`simulator printed ${this.documents.length} documents, expected ${count} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onDocument(() => {
        if (this.documents.length < count) return;
        clearTimeout(timer);
        off();
        resolve(this.documents.slice());
      });
    });
  }

  /** Bytes received but not printed yet (waiting for paper, cover, online). */
  get bufferedBytes(): number {
    let n = 0;
    for (const c of this.channels) n += c.pending.length;
    return n;
  }

  async stop(): Promise<void> {
    await this.dropConnections();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- links --------------------------------------------------------------

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => {
        this.stats.connections++;
        this.sockets.add(socket);
        const channel = new Channel((bytes) => {
          if (!socket.destroyed) socket.write(bytes);
        });
        this.channels.add(channel);
        socket.on('data', (chunk: Buffer) => this.receive(channel, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.sockets.delete(socket);
          this.channels.delete(channel);
        });
      });
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        const addr = server.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : null;
        this.server = server;
        resolve();
      });
    });
  }

  /** Serves one more link through any transport (e.g. the device side of a pty pair). */
  async attach(opener: TransportOpener): Promise<void> {
    let transport: Transport | null = null;
    const channel = new Channel((bytes) => {
      transport?.write(bytes).catch(() => undefined);
    });
    transport = await opener({
      data: (chunk) => this.receive(channel, chunk),
      close: () => {
        this.channels.delete(channel);
        if (transport) this.transports.delete(transport);
      },
    });
    this.stats.connections++;
    this.channels.add(channel);
    this.transports.add(transport);
  }

  // ---- the printer --------------------------------------------------------

  private receive(channel: Channel, chunk: Uint8Array): void {
    this.stats.bytesReceived += chunk.length;
    const rest = this.answerRealTime(channel, chunk);
    const merged = new Uint8Array(channel.pending.length + rest.length);
    merged.set(channel.pending);
    merged.set(rest, channel.pending.length);
    channel.pending = merged;
    this.process(channel);
  }

  /**
   * DLE EOT n is executed on arrival, ahead of the buffer, as on real
   * printers; it is taken out of the stream, so what waits in the buffer is
   * only what was sent to be printed. Returns the bytes for the buffer.
   */
  private answerRealTime(channel: Channel, chunk: Uint8Array): Uint8Array {
    const bytes = channel.rtTail.length ? Uint8Array.from([...channel.rtTail, ...chunk]) : chunk;
    const out: number[] = [];
    let i = 0;
    for (; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === 0x10 && i + 2 < bytes.length && bytes[i + 1] === 0x04 && bytes[i + 2]! >= 1 && bytes[i + 2]! <= 4) {
        this.stats.statusQueries++;
        if (this.answerStatus) channel.reply(Uint8Array.of(this.statusByte(bytes[i + 2]!)));
        i += 2;
        continue;
      }
      // A DLE (or DLE EOT) at the very end: its n arrives with the next chunk.
      if (b === 0x10 && (i === bytes.length - 1 || (i === bytes.length - 2 && bytes[i + 1] === 0x04))) break;
      out.push(b);
    }
    channel.rtTail = Array.from(bytes.subarray(i));
    return Uint8Array.from(out);
  }

  /** The DLE EOT reply byte, bit for bit (bits 1 and 4 always set). */
  statusByte(n: number): number {
    return realTimeStatusByte(n, { paper: this.paper, coverOpen: this.coverOpen, printable: this.printable, error: this.error });
  }

  /** GS r 1 reply: paper sensors, bits 4 and 7 clear. */
  private paperSensorByte(): number {
    return (this.paper === 'near-end' ? 0x03 : 0) | (this.paper === 'out' ? 0x0c : 0);
  }

  private processAll(): void {
    for (const c of this.channels) this.process(c);
  }

  private process(channel: Channel): void {
    if (!this.printable || channel.pending.length === 0) return;
    const tokens = decodeEscPos(channel.pending, { kanji: channel.kanji });
    let consumed = 0;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      if (token.kind === 'truncated') break;
      // A trailing text run may continue in the next chunk (half a double-byte character): keep it.
      if (token.kind === 'text' && t === tokens.length - 1) break;
      consumed += token.bytes.length;
      if (!(token.kind === 'command' && token.name === 'realTimeStatus')) channel.doc.parts.push(token.bytes);
      this.apply(channel, token);
      if (!this.printable) break;
    }
    channel.pending = channel.pending.slice(consumed);
  }

  private useLine(): void {
    if (this.paperLines === null) return;
    this.paperLines = Math.max(0, this.paperLines - 1);
    if (this.paperLines === 0) this.paper = 'out';
  }

  private apply(channel: Channel, token: EscPosToken): void {
    const doc = channel.doc;
    if (token.kind === 'text') {
      doc.line += token.kanji ? this.encoder.decode(token.bytes) : latin1Decode(token.bytes);
      return;
    }
    if (token.kind !== 'command') {
      doc.unknown++;
      return;
    }
    switch (token.name) {
      case 'kanjiOn':
        channel.kanji = true;
        return;
      case 'kanjiOff':
        channel.kanji = false;
        return;
      case 'init':
        channel.kanji = false;
        doc.hri = 0;
        return;
      case 'lineFeed':
        doc.endLine();
        this.useLine();
        return;
      case 'feedLines': {
        if (doc.line !== '') doc.endLine();
        const n = token.params[0] ?? 0;
        for (let i = 0; i < n && this.printable; i++) this.useLine();
        return;
      }
      case 'barcodeHri':
        doc.hri = token.params[0] ?? 0;
        return;
      case 'barcode':
        doc.barcode(token.params[0] ?? 0, latin1Decode(token.data ?? new Uint8Array(0)));
        return;
      case 'rasterImage': {
        const [m = 0, x = 0, y = 0] = token.params;
        doc.rasterImage(m, x, y, token.data ?? new Uint8Array(0));
        // The paper advances by the image's height: a Font A line is 24 dots (plus spacing).
        for (let used = 0; used < y && this.printable; used += 30) this.useLine();
        return;
      }
      case 'qrStore':
        doc.qrPending = utf8DecodeLenient(token.data ?? new Uint8Array(0));
        return;
      case 'qrPrint':
        if (doc.qrPending !== null) doc.qrCodes.push(doc.qrPending);
        return;
      case 'transmitStatus': {
        const n = token.params[0];
        if (!this.supportsTransmitStatus) return;
        if (n === 1 || n === 49) {
          this.stats.transmitStatusReplies++;
          channel.reply(Uint8Array.of(this.paperSensorByte()));
        } else if (n === 2 || n === 50) {
          channel.reply(Uint8Array.of(0x00));
        }
        return;
      }
      case 'cut': {
        if (doc.line !== '') doc.endLine();
        const m = token.params[0] ?? 0;
        this.finishDocument(channel, m === 1 || m === 49 || m === 0x42 || m === 0x62 ? 'partial' : 'full');
        return;
      }
      default:
        return;
    }
  }

  private finishDocument(channel: Channel, cut: 'full' | 'partial'): void {
    const printed = channel.doc.finish(this.documents.length, cut);
    channel.doc = new DocumentBuilder();
    this.documents.push(printed);
    for (const l of [...this.listeners]) l(printed);
  }
}
