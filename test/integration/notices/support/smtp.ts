// A real SMTP server on loopback (smtp-server), for the notice tests and the
// bench: it keeps every message it accepted, parsed with mailparser, and can
// be told to refuse (5xx), to hold messages before answering, or be closed
// and reopened on the same port (SMTP down, then up).
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface Received {
  messageId: string;
  from: string;
  fromName: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
}

export type SmtpMode = 'accept' | 'refuse' | 'hold';

export class TestSmtp {
  readonly received: Received[] = [];
  mode: SmtpMode = 'accept';
  /** In 'accept' mode, answer this many messages in all and hold every later one (a server that hangs mid-run). */
  acceptLimit = Infinity;
  private answered = 0;
  /** Messages the server started receiving (counted in onData, before it answers). */
  dataStarted = 0;
  private server: SMTPServer | null = null;
  private held: Array<() => void> = [];
  private waiters: Array<{ n: number; ok: () => void }> = [];
  port = 0;
  /** Keep the parsed text? The bench turns it off to measure the service rather than mailparser. */
  constructor(private readonly parse = true) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 1024 * 1024,
      // Closing (SMTP down) drops open connections at once, as a crashed server would.
      closeTimeout: 50,
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => this.onData(stream, session, callback),
    });
    // A reset connection from a killed client is normal here.
    server.on('error', () => undefined);
    await new Promise<void>((ok, fail) => {
      server.server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    this.dataStarted++;
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const answer = async () => {
        if (this.mode === 'refuse') {
          const err = Object.assign(new Error(`Mailbox unavailable for ${session.envelope.rcptTo[0]?.address ?? '?'}`), { responseCode: 550 });
          callback(err);
          return;
        }
        // Decided synchronously, so two connections cannot both take the last place under the limit.
        if (this.mode === 'hold' || this.answered >= this.acceptLimit) await new Promise<void>((ok) => this.held.push(ok));
        else this.answered++;
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        if (this.parse) {
          const m: ParsedMail = await simpleParser(raw);
          const from = m.from?.value[0];
          this.received.push({
            messageId: m.messageId ?? '', from: from?.address ?? '', fromName: from?.name ?? '', to, subject: m.subject ?? '', text: m.text ?? '',
            kind: String(m.headers.get('x-relay-notice') ?? ''),
          });
        } else {
          const head = raw.toString('latin1', 0, Math.min(raw.length, 4096));
          this.received.push({ messageId: /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '', from: '', fromName: '', to, subject: '', text: '', kind: '' });
        }
        callback();
        this.notify();
      };
      answer().catch((err: unknown) => callback(err as Error));
    });
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.received.length >= w.n) w.ok();
      return this.received.length < w.n;
    });
  }

  /** Resolves once n messages were accepted in all. */
  waitFor(n: number, timeoutMs = 20_000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`SMTP: ${this.received.length} of ${n} messages after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ n, ok: () => { clearTimeout(t); ok(); } });
    });
  }

  /** Answer every held message (250). */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const ok of held) ok();
  }

  get heldCount(): number {
    return this.held.length;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    // Held messages are dropped unanswered, as a crashed server would.
    this.held = [];
    await new Promise<void>((ok) => s.close(() => ok()));
  }
}

/** Every Message-ID accepted more than once (a notice delivered twice). */
export function duplicates(received: readonly Received[]): string[] {
  const seen = new Map<string, number>();
  for (const r of received) seen.set(r.messageId, (seen.get(r.messageId) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}
