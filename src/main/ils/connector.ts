// One library's connection to its own library system (ILS) over SIP2: the
// settings, the durable queue of checkouts/checkins, and the SIP2 client
// they go through. The client is made from the settings and replaced when
// they change (an op in flight on the old one is reconciled, never resent
// blindly: see queue.ts). Nothing here throws at the desk: tests and patron
// checks come back as values, queue refusals as op states.
//
// Logging: the SIP2 client hands over lines with CO/AD/AC masked; this file
// also blanks the configured passwords from any free text it logs, so a
// password never reaches a log even inside an error message.
import type { IlsTestResult as BridgeIlsTestResult, IlsTestWarning } from '#shared/bridge/ils';
import { performance } from 'node:perf_hooks';
import type { ConnectionOptions } from 'node:tls';
import type { PatronStatusFlags } from '#shared/sip2';
import { SUPPORTED_MESSAGES_ORDER } from '#shared/sip2';
import { Sip2Client } from '#node/sip2/client';
import type { Sip2ClientOptions, Sip2LogEvent } from '#node/sip2/client';
import { connectHost, DEFAULT_ILS_CONFIG, ilsAccountFor, ilsSecrets, parseIlsConfig, redactIlsConfig } from './config';
import type { IlsConfig, IlsConfigError, OfflinePinRule, RedactedIlsConfig } from './config';
import { describeFailure } from './failure';
import type { IlsFailureCode } from './failure';
import { IlsQueue } from './queue';
import type { IlsEnqueueResult, IlsHealth, IlsListOptions, IlsOp, IlsOpInput, IlsTimers } from './queue';
import { createSip2Transport } from './sip2-transport';
import { sip2Codec } from '#node/sip2/charset';
import { detect, reportWords } from './test-report';

export interface IlsLogEntry {
  readonly level: 'info' | 'warn';
  /** Masked: no passwords, no PINs. */
  readonly message: string;
}

export interface IlsConnectorOptions {
  /** Directory for the queue's journal. */
  readonly dir: string;
  /** Validated settings (parseIlsConfig); default: disabled. */
  readonly config?: IlsConfig;
  readonly logger?: (entry: IlsLogEntry) => void;
  /** Log every SIP2 line sent and received (masked). Default false: connection events only. */
  readonly logLines?: boolean;
  readonly now?: () => Date;
  readonly timers?: IlsTimers;
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  readonly noBlockAfterMs?: number;
  readonly keepFinished?: number;
  /** Connect (TCP + TLS) timeout; default min(requestTimeoutMs, 5 000). */
  readonly connectTimeoutMs?: number;
}

/** The SIP2 98 flags staff check when setting up a connection: the bridge's answer, with the failure codes narrowed. */
export type IlsTestResult = Extract<BridgeIlsTestResult, { ok: true }> | { readonly ok: false; readonly code: IlsFailureCode; readonly message: string };

export type IlsPatronCheck =
  | {
      readonly reachable: true;
      readonly valid: boolean;
      /** null when no PIN was given or the ILS did not say (no CQ). */
      readonly pinOk: boolean | null;
      /** May not borrow: charge privileges denied or card reported lost. */
      readonly blocked: boolean;
      readonly name: string;
      readonly screenMessage: string;
      /** The patron status flags that are set (PatronStatusFlags keys). */
      readonly blocks: string[];
    }
  | {
      readonly reachable: false;
      readonly reason: IlsFailureCode;
      readonly message: string;
      /** What the desk should do with a PIN it cannot check (from the settings). */
      readonly offlinePinRule: OfflinePinRule;
    };

/** An op as the desk hands it over: for dispatches the patron may be given as the borrowing library, resolved through `accounts`. */
export type IlsConnectorOpInput = Omit<IlsOpInput, 'patronId'> & {
  readonly patronId?: string;
  readonly borrowingLibraryCode?: string;
};

export type IlsSkipReason = 'DISABLED' | 'OPERATION_OFF' | 'NO_ACCOUNT';

export type IlsConnectorEnqueueResult = IlsEnqueueResult | { readonly key: string; readonly status: 'skipped'; readonly op: null; readonly reason: IlsSkipReason };

export type IlsConfigureResult = { readonly ok: true; readonly value: RedactedIlsConfig } | { readonly ok: false; readonly errors: IlsConfigError[] };

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

function joinLines(lines: readonly string[] | undefined): string {
  return (lines ?? []).join(' / ');
}

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
    const lines: Buffer[] = [];
    // Tolerant, so a system summing characters is reported rather than failing the test; raw lines to detect the charset.
    const client = new Sip2Client({ ...this.clientOptions(config), checksumMode: 'tolerant', onLine: (line) => lines.push(Buffer.from(line)) });
    try {
      await client.connect();
      const started = performance.now();
      const status = await client.scStatus();
      const latencyMs = Math.round(performance.now() - started);
      const supported = status.supportedMessages;
      const findings = detect(lines, config, status.dateTimeSync, this.options.now?.() ?? new Date(), sip2Codec(config.charset).decode);
      const warnings: IlsTestWarning[] = [...findings.warnings];
      if (supported !== undefined) {
        // Without 17 a lost reply cannot be checked, and the op at the head is retried until staff step in.
        if (!supported.itemInformation) warnings.push({ code: 'NO_ITEM_INFORMATION' });
        if (!supported.checkout && config.operations.dispatchCheckout) warnings.push({ code: 'NO_CHECKOUT' });
        if (!supported.checkin && config.operations.returnCheckin) warnings.push({ code: 'NO_CHECKIN' });
        if (!supported.patronInformation && config.operations.patronValidation) warnings.push({ code: 'NO_PATRON_INFORMATION' });
        if (!supported.feePaid && config.feePaid) warnings.push({ code: 'NO_FEE_PAID' });
      }
      if (status.institutionId !== '' && status.institutionId !== config.institutionId) {
        warnings.push({ code: 'INSTITUTION_MISMATCH', answered: status.institutionId, configured: config.institutionId });
      }
      const supportedKeys = SUPPORTED_MESSAGES_ORDER.filter((key) => supported?.[key] === true);
      return {
        ok: true,
        detected: findings.detected,
        report: reportWords(findings.detected, config, supportedKeys, SUPPORTED_MESSAGES_ORDER),
        latencyMs,
        institutionId: status.institutionId,
        libraryName: status.libraryName ?? '',
        protocolVersion: status.protocolVersion,
        // Keys, in BX order: the screen names them in its language.
        supportedMessages: supportedKeys,
        onlineStatus: status.onlineStatus,
        checkinOk: status.checkinOk,
        checkoutOk: status.checkoutOk,
        renewalPolicy: status.acsRenewalPolicy,
        offlineOk: status.offlineOk,
        screenMessage: joinLines(status.screenMessage),
        warnings,
      };
    } catch (error) {
      const failure = describeFailure(error);
      return { ok: false, code: failure.code, message: this.mask(failure.message) };
    } finally {
      await client.close();
    }
  }

  /** Patron Information (63) with the PIN when given. Unreachable (or turned off) comes back as reachable:false with the offline PIN rule. */
  async validatePatron(patronId: string, pin?: string): Promise<IlsPatronCheck> {
    const config = this.current;
    const offline = (reason: IlsFailureCode, message: string): IlsPatronCheck => ({
      reachable: false,
      reason,
      message: this.mask(message),
      offlinePinRule: config.offlinePinRule,
    });
    const client = this.client;
    if (!config.enabled || client === null) return offline('DISABLED', 'the ILS connection is turned off');
    if (!config.operations.patronValidation) return offline('DISABLED', 'patron validation with the ILS is turned off');
    if (patronId === '' || /[|\r\n]/.test(patronId) || (pin !== undefined && /[|\r\n]/.test(pin))) {
      // No ILS could hold such an identifier: not a patron, and no reason to fall back to offline rules.
      return { reachable: true, valid: false, pinOk: pin === undefined ? null : false, blocked: false, name: '', screenMessage: '', blocks: [] };
    }
    try {
      const info = await client.patronInformation(patronId, pin === undefined ? {} : { patronPassword: pin });
      const flags = info.patronStatus;
      const blocks = (Object.keys(flags) as (keyof PatronStatusFlags)[]).filter((key) => flags[key]);
      return {
        reachable: true,
        // BL is optional in 2.00; an ILS that leaves it out names known patrons.
        valid: info.validPatron ?? info.personalName !== '',
        pinOk: pin === undefined ? null : (info.validPatronPassword ?? null),
        blocked: flags.chargePrivilegesDenied || flags.cardReportedLost,
        name: info.personalName,
        screenMessage: joinLines(info.screenMessage),
        blocks,
      };
    } catch (error) {
      const failure = describeFailure(error);
      return offline(failure.code, failure.message);
    }
  }

  // ------------------------------------------------------------ queue

  /** Queues ops; ops for an operation that is turned off (or a borrowing library without an account) are skipped, not queued. */
  async enqueue(inputs: readonly IlsConnectorOpInput[]): Promise<IlsConnectorEnqueueResult[]> {
    const config = this.current;
    const results: (IlsConnectorEnqueueResult | null)[] = [];
    const toQueue: IlsOpInput[] = [];
    for (const input of inputs) {
      const key = typeof input?.key === 'string' ? input.key : '';
      const skip = (reason: IlsSkipReason): void => {
        results.push({ key, status: 'skipped', op: null, reason });
      };
      if (!config.enabled) {
        skip('DISABLED');
        continue;
      }
      if (
        (input?.kind === 'checkout' && !config.operations.dispatchCheckout) ||
        (input?.kind === 'checkin' && !config.operations.returnCheckin) ||
        (input?.kind === 'fee' && !config.feePaid)
      ) {
        skip('OPERATION_OFF');
        continue;
      }
      const { borrowingLibraryCode, ...op } = input ?? ({} as IlsConnectorOpInput);
      let patronId = op.patronId;
      // A fee is paid on the account the loan is charged to: the borrowing library's, like the checkout's.
      if (patronId === undefined && (op.kind === 'checkout' || op.kind === 'fee') && typeof borrowingLibraryCode === 'string') {
        const account = ilsAccountFor(config, borrowingLibraryCode);
        if (account === null) {
          skip('NO_ACCOUNT');
          continue;
        }
        patronId = account;
      }
      results.push(null);
      toQueue.push(patronId === undefined ? op : { ...op, patronId });
    }
    const queued = toQueue.length > 0 ? await this.queue.enqueue(toQueue) : [];
    let next = 0;
    return results.map((result) => result ?? queued[next++]!);
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
    let tls: Sip2ClientOptions['tls'];
    if (config.tls.enabled) {
      const tlsOptions: ConnectionOptions = { rejectUnauthorized: config.tls.rejectUnauthorized };
      if (config.tls.caPem !== '') tlsOptions.ca = config.tls.caPem;
      tls = tlsOptions;
    }
    return {
      host: connectHost(config.host),
      port: config.port,
      tls,
      institutionId: config.institutionId,
      terminalPassword: config.terminalPassword,
      credentials:
        config.loginUserId === ''
          ? undefined
          : { userId: config.loginUserId, password: config.loginPassword, locationCode: config.locationCode || undefined },
      errorDetection: config.errorDetection,
      requestTimeoutMs: config.requestTimeoutMs,
      connectTimeoutMs: this.options.connectTimeoutMs ?? Math.min(config.requestTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
      logger: (event) => this.onClientLog(event),
      now: this.options.now,
      charset: config.charset,
      checksumMode: config.checksumMode,
      fieldDelimiter: config.fieldDelimiter,
      timeZone: config.timeZone,
      noBlockFlag: config.noBlockFlag,
    };
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
