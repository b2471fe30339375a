// One library's connection to its own library system (ILS) over SIP2: the
// settings, the durable queue of checkouts/checkins, and the SIP2 client
// they go through. The client is made from the settings and replaced when
// they change (an op in flight on the old one is reconciled, never resent
// blindly: see queue.ts). Nothing here throws at the desk: tests and patron
// checks come back as values, queue refusals as op states.
//
// Logging: the SIP2 client hands over lines with CO/AD/AC masked; this file
// also blanks the configured passwords from any free text it logs, so a
// password never reaches a log even inside an error message.//
// Beside it: connector-types.ts (what it takes and answers), client-settings.ts
// (SIP2 client options from the settings), connection-test.ts (the settings
// screen's test), patron-check.ts (63 for the desk), connector-enqueue.ts
// (which ops are queued or skipped).
import { Sip2Client } from '#node/sip2/client';
import type { Sip2ClientOptions, Sip2LogEvent } from '#node/sip2/client';
import { DEFAULT_ILS_CONFIG, ilsSecrets, parseIlsConfig, redactIlsConfig } from './config';
import type { IlsConfig, RedactedIlsConfig } from './config';
import { IlsQueue } from './queue';
import type { IlsHealth, IlsListOptions, IlsOp } from './queue';
import { createSip2Transport } from './sip2-transport';
import { sip2ClientOptions } from './client-settings';
import { testIlsConnection } from './connection-test';
import { mergeResults, routeOps } from './connector-enqueue';
import { checkPatron } from './patron-check';
import type { IlsConfigureResult, IlsConnectorEnqueueResult, IlsConnectorOpInput, IlsConnectorOptions, IlsLogEntry, IlsPatronCheck, IlsTestResult } from './connector-types';

export type * from './connector-types';

export class IlsConnector {
  private client: Sip2Client | null = null;
  private closed = false;

  private constructor(
    private current: IlsConfig,
    private readonly queue: IlsQueue,
    private readonly options: IlsConnectorOptions,
  ) {}

  static async open(options: IlsConnectorOptions): Promise<IlsConnector> {
    const config = options.config ?? DEFAULT_ILS_CONFIG;
    let connector: IlsConnector | null = null;
    const queue = await IlsQueue.open({
      dir: options.dir,
      transport: null,
      now: options.now,
      timers: options.timers,
      backoff: options.backoff,
      noBlockAfterMs: options.noBlockAfterMs,
      keepFinished: options.keepFinished,
      onError: (message, error) => connector?.log('warn', `${message}: ${error instanceof Error ? error.message : String(error)}`),
    });
    connector = new IlsConnector(config, queue, options);
    let lastState = queue.health().state;
    queue.onHealth((health) => {
      if (health.state === lastState) return;
      lastState = health.state;
      const level = health.state === 'error' || health.state === 'unreachable' ? 'warn' : 'info';
      connector?.log(level, `ILS connection ${health.state}${health.lastError === null ? '' : `: ${health.lastError}`} (${health.queued} queued, ${health.refused} refused)`);
    });
    connector.bind();
    return connector;
  }

  // ------------------------------------------------------------ settings

  /** The settings as screens and logs may see them. */
  config(): RedactedIlsConfig {
    return redactIlsConfig(this.current);
  }

  /** Applies validated settings: the SIP2 client is replaced (or dropped when disabled). */
  async setConfig(config: IlsConfig): Promise<void> {
    if (this.closed) return;
    const old = this.client;
    this.client = null;
    this.current = config;
    this.bind();
    await old?.close();
  }

  /** Parses settings from the settings screen (passwords left out or unchanged keep the saved ones) and applies them when valid. */
  async configure(input: unknown): Promise<IlsConfigureResult> {
    const parsed = parseIlsConfig(input, { previous: this.current });
    if (!parsed.ok) return parsed;
    await this.setConfig(parsed.value);
    return { ok: true, value: this.config() };
  }

  // ------------------------------------------------------------ checks

  /**
   * Login + SC Status with a connection of its own (so it never waits behind the
   * queue), with the saved settings or a draft being edited. Never throws.
   */
  async testConnection(draft?: IlsConfig): Promise<IlsTestResult> {
    const config = draft ?? this.current;
    if (draft === undefined && !config.enabled) return { ok: false, code: 'DISABLED', message: 'the ILS connection is turned off' };
    if (config.host === '') return { ok: false, code: 'CONFIG_INVALID', message: 'no host is set' };
    return testIlsConnection(config, this.clientOptions(config), () => this.options.now?.() ?? new Date(), (text) => this.mask(text));
  }

  /** Patron Information (63) with the PIN when given. Unreachable (or turned off) comes back as reachable:false with the offline PIN rule. */
  async validatePatron(patronId: string, pin?: string): Promise<IlsPatronCheck> {
    return checkPatron(this.current, this.client, patronId, pin, (text) => this.mask(text));
  }

  // ------------------------------------------------------------ queue

  /** Queues ops; ops for an operation that is turned off (or a borrowing library without an account) are skipped, not queued. */
  async enqueue(inputs: readonly IlsConnectorOpInput[]): Promise<IlsConnectorEnqueueResult[]> {
    const { results, toQueue } = routeOps(this.current, inputs);
    const queued = toQueue.length > 0 ? await this.queue.enqueue(toQueue) : [];
    return mergeResults(results, queued);
  }

  list(options?: IlsListOptions): IlsOp[] {
    return this.queue.list(options);
  }

  get(key: string): IlsOp | undefined {
    return this.queue.get(key);
  }

  ack(key: string): Promise<IlsOp | null> {
    return this.queue.ack(key);
  }

  retry(key: string): Promise<IlsOp | null> {
    return this.queue.retry(key);
  }

  /** Staff checked the library's system for a stuck op: it is there ('done') or must not be sent ('cancelled'), with their note. */
  resolve(key: string, outcome: 'done' | 'cancelled', note: string): Promise<IlsOp | null> {
    // Control characters would break the journal line or the screen; the note is free text otherwise.
    // eslint-disable-next-line no-control-regex
    return this.queue.resolve(key, outcome, note.replace(/[\u0000-\u001f]/g, ' ').trim().slice(0, 500));
  }

  kick(): void {
    this.queue.kick();
  }

  health(): IlsHealth {
    return this.queue.health();
  }

  onChange(listener: (ops: readonly IlsOp[]) => void): () => void {
    return this.queue.onChange(listener);
  }

  onHealth(listener: (health: IlsHealth) => void): () => void {
    return this.queue.onHealth(listener);
  }

  /** Resolves when the queue's worker has stopped (nothing to send, waiting for a retry, or disabled). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Stops the worker, drops the connection and closes the journal; an op in flight is reconciled by the next open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const queueClosed = this.queue.close();
    const client = this.client;
    this.client = null;
    await client?.close();
    await queueClosed;
  }

  // ------------------------------------------------------------ internals

  private bind(): void {
    const config = this.current;
    if (!config.enabled || config.host === '') {
      this.queue.setTransport(null);
      return;
    }
    const client = new Sip2Client(this.clientOptions(config));
    this.client = client;
    this.queue.setTransport(
      createSip2Transport(client, {
        institutionId: config.institutionId,
        terminalPassword: config.terminalPassword,
        locationCode: config.locationCode,
        now: this.options.now,
        fieldDelimiter: config.fieldDelimiter,
      }),
    );
  }

  private clientOptions(config: IlsConfig): Sip2ClientOptions {
    return sip2ClientOptions(config, { connectTimeoutMs: this.options.connectTimeoutMs, now: this.options.now, logger: (event) => this.onClientLog(event) });
  }

  private onClientLog(event: Sip2LogEvent): void {
    if (event.kind === 'info') this.log('info', `SIP2 ${event.message}`);
    else if (this.options.logLines) this.log('info', `SIP2 ${event.kind === 'send' ? '>' : '<'} ${event.line}`);
  }

  /** Free text with the configured passwords blanked out. */
  private mask(text: string): string {
    let masked = text;
    for (const secret of ilsSecrets(this.current)) masked = masked.split(secret).join('****');
    return masked;
  }

  private log(level: IlsLogEntry['level'], message: string): void {
    try {
      this.options.logger?.({ level, message: this.mask(message) });
    } catch {
      // A failing logger must not break circulation.
    }
  }
}
