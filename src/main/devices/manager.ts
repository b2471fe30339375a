// The device manager: which readers, scanners and printers this desk uses
// (saved per desk by config-store.ts), their health, reconnection with
// backoff, and routing of bridge requests to the right device. Drivers plug
// in through a small adapter interface, so the manager neither knows a
// protocol nor which transport a driver talks through.
import type {
  DeviceConfig,
  DeviceHealth,
  DeviceKind,
  DeviceState,
  DeviceTestResult,
  DeviceView,
  EventName,
  EventPayload,
  PrintJob,
  SecurityResult,
  SlipInput,
  TransportConfig,
} from '#shared/bridge';
import { BridgeFailure } from '#shared/bridge/errors';
import type { DeviceService, SimulatorControls } from './service';
import type { AdapterHooks, DeviceAdapter, Discovery, DriverRegistry, SimCapability } from './adapter';
import type { DeviceConfigStore } from './config-store';
import { checkTransport } from './device-access';
import { backoffDelay } from '#shared/backoff';

export type { AdapterHooks, DeviceAdapter, DeviceAdapterFactory, Discovery, DriverRegistry, PrinterCapability, RfidCapability, SimCapability } from './adapter';

export interface DeviceManagerOptions {
  store: DeviceConfigStore;
  drivers: DriverRegistry;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Simulate/test mode: configure also accepts pseudo-terminals, loopback hosts and simulated transports. */
  simulate?: boolean;
  /** Devices to run when none are configured (simulate on); never saved. */
  simulatedDevices?: readonly DeviceConfig[];
  discover?: () => Promise<Discovery>;
  backoff?: { initialMs: number; maxMs: number };
  testTimeoutMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
}

interface Entry {
  config: DeviceConfig;
  adapter: DeviceAdapter | null;
  health: DeviceHealth;
  simulated: boolean;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Bumped on every (re)start and stop, so a late answer from an old attempt is ignored. */
  generation: number;
  stopped: boolean;
}

const MAX_KEYS = 1000;

function transportKey(t: TransportConfig): string {
  switch (t.kind) {
    case 'serial':
    case 'usb-printer':
      return `${t.kind}:${t.path}`;
    case 'tcp':
      return `tcp:${t.host}:${t.port}`;
    case 'hid':
      return t.path ? `hid:${t.path}` : `hid:${t.vendorId}:${t.productId}`;
    case 'simulated':
      return 'simulated';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class DeviceManager implements DeviceService {
  private readonly entries = new Map<string, Entry>();
  /** Idempotency: print keys already submitted → the job's latest state. */
  private readonly jobsByKey = new Map<string, PrintJob>();
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly now: () => Date;
  private readonly log: (message: string) => void;
  private started = false;
  readonly warnings: string[] = [];

  constructor(private readonly opts: DeviceManagerOptions) {
    this.backoff = opts.backoff ?? { initialMs: 500, maxMs: 30_000 };
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? ((m) => console.warn(`[devices] ${m}`));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const loaded = await this.opts.store.load();
    this.warnings.push(...loaded.warnings);
    for (const w of loaded.warnings) this.log(w);
    const simulated = loaded.devices.length === 0 ? (this.opts.simulatedDevices ?? []) : [];
    for (const config of loaded.devices) this.add(config, false);
    for (const config of simulated) this.add(config, true);
    for (const entry of this.entries.values()) if (entry.config.enabled) void this.connect(entry);
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.entries.values()].map((e) => this.halt(e)));
  }

  list(): DeviceView[] {
    return [...this.entries.values()].map((e) => this.view(e));
  }

  health(id: string): DeviceHealth | null {
    return this.entries.get(id)?.health ?? null;
  }

  async discover(): Promise<Discovery> {
    const found = this.opts.discover ? await this.opts.discover() : { ports: [], warnings: ['Device discovery is not available here.'] };
    const used = new Set([...this.entries.values()].map((e) => transportKey(e.config.transport)));
    return { ports: found.ports.map((p) => ({ ...p, inUse: used.has(transportKey(p.transport)) })), warnings: found.warnings };
  }

  /** Checks the device's address (device files, allowed hosts) before anything is opened or saved. */
  async configure(config: DeviceConfig): Promise<DeviceView> {
    await checkTransport(config.transport, { simulate: this.opts.simulate ?? false, allowedHosts: await this.opts.store.allowedHosts() });
    const old = this.entries.get(config.id);
    if (old?.simulated) throw new BridgeFailure('INVALID_INPUT', `${config.id} is a simulated device; give a configured device another id.`);
    if (old) {
      await this.halt(old);
      this.entries.delete(config.id);
    }
    await this.opts.store.save(this.savedConfigs(config));
    const entry = this.add(config, false);
    if (config.enabled && this.started) void this.connect(entry);
    else this.setHealth(entry, 'disconnected', config.enabled ? 'Not started.' : 'Disabled.');
    return this.view(entry);
  }

  async remove(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    await this.halt(entry);
    this.entries.delete(id);
    if (!entry.simulated) await this.opts.store.save(this.savedConfigs());
    return true;
  }

  async test(id: string): Promise<DeviceTestResult> {
    const entry = this.require(id);
    if (!entry.adapter) return { ok: false, message: entry.health.message };
    const timeoutMs = this.opts.testTimeoutMs ?? 5000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        entry.adapter.test(),
        new Promise<DeviceTestResult>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, message: `No answer within ${timeoutMs / 1000} s.` }), timeoutMs);
        }),
      ]);
      if (result.ok) this.touch(entry);
      return result;
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async setSecurity(uids: readonly string[], secured: boolean, readerId?: string): Promise<{ readerId: string; results: SecurityResult[] }> {
    const entry = this.pick('rfid', readerId, (e) => !!e.adapter?.rfid);
    if (entry.health.state !== 'connected') throw new BridgeFailure('DEVICE_UNAVAILABLE', `${entry.config.name} is ${entry.health.state}: ${entry.health.message}`);
    try {
      const results = await entry.adapter!.rfid!.setSecurity(uids, secured);
      this.touch(entry);
      return { readerId: entry.config.id, results };
    } catch (error) {
      throw new BridgeFailure('DEVICE_ERROR', `${entry.config.name}: ${messageOf(error)}`);
    }
  }

  async submitPrint(key: string, slip: SlipInput, printerId?: string): Promise<PrintJob> {
    const known = this.jobsByKey.get(key);
    if (known) return known;
    const entry = this.pick('printer', printerId, (e) => !!e.adapter?.printer);
    let job: PrintJob;
    try {
      job = await entry.adapter!.printer!.submit(key, slip);
    } catch (error) {
      if (error instanceof BridgeFailure) throw error;
      throw new BridgeFailure('DEVICE_ERROR', `${entry.config.name}: ${messageOf(error)}`);
    }
    // The adapter may already have reported a later state through hooks.printJob.
    if (!this.jobsByKey.has(key)) this.rememberJob(job);
    return this.jobsByKey.get(key) ?? job;
  }

  printJobs(printerId?: string, limit = 100): PrintJob[] {
    const jobs: PrintJob[] = [];
    for (const entry of this.entries.values()) {
      if (entry.config.kind !== 'printer' || !entry.adapter?.printer) continue;
      if (printerId && entry.config.id !== printerId) continue;
      jobs.push(...entry.adapter.printer.jobs());
    }
    return jobs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, limit);
  }

  /** The simulators' controls, routed to the simulated devices (or to any device whose adapter has them). */
  simulatorControls(): SimulatorControls {
    const simOf = (kind: DeviceKind, id: string | undefined, has: (s: SimCapability) => boolean): { entry: Entry; sim: SimCapability } => {
      const entry = this.pick(kind, id, (e) => !!e.adapter?.sim && has(e.adapter.sim));
      return { entry, sim: entry.adapter!.sim! };
    };
    return {
      placeTags: async (tags, readerId) => ({ present: await simOf('rfid', readerId, (s) => !!s.placeTags).sim.placeTags!(tags) }),
      removeTags: async (uids, readerId) => ({ present: await simOf('rfid', readerId, (s) => !!s.removeTags).sim.removeTags!(uids) }),
      scan: async (code, symbology, scannerId) => {
        const { entry, sim } = simOf('scanner', scannerId, (s) => !!s.scan);
        // A simulated scanner still opening its link (just after start) is waited for, briefly.
        for (let i = 0; i < 100 && entry.health.state === 'connecting'; i++) await new Promise((r) => setTimeout(r, 20));
        if (entry.health.state !== 'connected') return { delivered: false };
        await sim.scan!(code, symbology);
        return { delivered: true };
      },
      printerState: async (state, printerId) => {
        const { entry, sim } = simOf('printer', printerId, (s) => !!s.printerState);
        await sim.printerState!(state);
        return { printerId: entry.config.id };
      },
      printed: async (printerId, since) => {
        const { entry, sim } = simOf('printer', printerId, (s) => !!s.printed);
        return { printerId: entry.config.id, documents: await sim.printed!(since ?? 0) };
      },
    };
  }

  // ---- internals ----

  private savedConfigs(replacement?: DeviceConfig): DeviceConfig[] {
    const list = [...this.entries.values()].filter((e) => !e.simulated).map((e) => e.config);
    if (replacement) {
      const i = list.findIndex((c) => c.id === replacement.id);
      if (i >= 0) list[i] = replacement;
      else list.push(replacement);
    }
    return list;
  }

  private require(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new BridgeFailure('DEVICE_NOT_FOUND', `No device "${id}" is configured.`);
    return entry;
  }

  /** The named device, or the first connected (else first) device of the kind that can do the job. */
  private pick(kind: DeviceKind, id: string | undefined, can: (e: Entry) => boolean): Entry {
    if (id) {
      const entry = this.require(id);
      if (entry.config.kind !== kind) throw new BridgeFailure('DEVICE_NOT_FOUND', `"${id}" is a ${entry.config.kind}, not a ${kind}.`);
      if (!can(entry)) throw new BridgeFailure('DRIVER_UNAVAILABLE', `${entry.config.name}: ${entry.health.message}`);
      return entry;
    }
    const candidates = [...this.entries.values()].filter((e) => e.config.kind === kind && e.config.enabled && can(e));
    const chosen = candidates.find((e) => e.health.state === 'connected') ?? candidates[0];
    if (!chosen) throw new BridgeFailure('NO_DEVICE', `No ${kind === 'rfid' ? 'RFID reader' : kind} is configured on this desk.`);
    return chosen;
  }

  private add(config: DeviceConfig, simulated: boolean): Entry {
    const entry: Entry = {
      config,
      adapter: null,
      health: { state: 'disconnected', message: config.enabled ? 'Not started.' : 'Disabled.', lastSeen: null },
      simulated,
      attempt: 0,
      timer: null,
      generation: 0,
      stopped: !config.enabled,
    };
    this.entries.set(config.id, entry);
    const factory = this.opts.drivers[config.kind]?.[config.driver];
    if (!factory) {
      entry.health = { state: 'error', message: `The ${config.kind} driver "${config.driver}" is not available in this build.`, lastSeen: null };
      entry.stopped = true;
      return entry;
    }
    try {
      entry.adapter = factory(config, this.hooksFor(entry));
    } catch (error) {
      entry.health = { state: 'error', message: `Cannot set up ${config.name}: ${messageOf(error)}`, lastSeen: null };
      entry.stopped = true;
    }
    return entry;
  }

  private hooksFor(entry: Entry): AdapterHooks {
    const live = () => this.entries.get(entry.config.id) === entry;
    return {
      status: (state, message) => {
        if (!live() || entry.stopped) return;
        if (state === 'connected') {
          entry.attempt = 0;
          this.setHealth(entry, 'connected', message, true);
          return;
        }
        this.setHealth(entry, state, message);
        if (entry.adapter?.reconnects) return;
        entry.generation++;
        void entry.adapter?.stop().catch(() => undefined);
        this.scheduleReconnect(entry);
      },
      seen: () => {
        if (live()) this.touch(entry);
      },
      tags: (payload) => {
        if (!live()) return;
        this.touch(entry);
        this.opts.emit('rfid.tags', { readerId: entry.config.id, ...payload });
      },
      scan: (scan) => {
        if (!live()) return;
        this.touch(entry);
        this.opts.emit('scan', { code: scan.code, source: entry.config.id, ...(scan.symbology ? { symbology: scan.symbology } : {}) });
      },
      printJob: (job) => {
        if (!live()) return;
        this.rememberJob(job);
        this.opts.emit('print.job', job);
      },
    };
  }

  private rememberJob(job: PrintJob): void {
    this.jobsByKey.delete(job.key);
    this.jobsByKey.set(job.key, job);
    if (this.jobsByKey.size > MAX_KEYS) {
      const oldest = this.jobsByKey.keys().next().value;
      if (oldest !== undefined) this.jobsByKey.delete(oldest);
    }
  }

  private async connect(entry: Entry): Promise<void> {
    if (!entry.adapter || !this.started) return;
    entry.stopped = false;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const generation = ++entry.generation;
    this.setHealth(entry, 'connecting', entry.attempt === 0 ? 'Connecting…' : `Reconnecting (attempt ${entry.attempt + 1})…`);
    try {
      await entry.adapter.start();
      if (generation !== entry.generation || entry.stopped) return;
      entry.attempt = 0;
      // A self-reconnecting driver says when it is connected; others are once start() resolved.
      if (!entry.adapter.reconnects && entry.health.state !== 'connected') this.setHealth(entry, 'connected', 'Ready.', true);
    } catch (error) {
      if (generation !== entry.generation || entry.stopped) return;
      this.setHealth(entry, 'error', messageOf(error));
      void entry.adapter.stop().catch(() => undefined);
      this.scheduleReconnect(entry);
    }
  }

  private scheduleReconnect(entry: Entry): void {
    if (entry.stopped || !this.started || entry.timer) return;
    // Jitter keeps several desks on one flaky network from retrying in lockstep.
    const delay = backoffDelay(entry.attempt, { ...this.backoff, jitter: 0.2 });
    entry.attempt++;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.connect(entry);
    }, delay);
    entry.timer.unref?.();
    this.setHealth(entry, entry.health.state === 'connected' ? 'disconnected' : entry.health.state, `${entry.health.message} Retrying in ${Math.max(1, Math.round(delay / 1000))} s.`);
  }

  private async halt(entry: Entry): Promise<void> {
    entry.stopped = true;
    entry.generation++;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.adapter) await entry.adapter.stop().catch((error: unknown) => this.log(`${entry.config.id}: stop failed: ${messageOf(error)}`));
    if (entry.adapter) this.setHealth(entry, 'disconnected', 'Stopped.');
  }

  private touch(entry: Entry): void {
    entry.health = { ...entry.health, lastSeen: this.now().toISOString() };
  }

  private setHealth(entry: Entry, state: DeviceState, message: string, seen = false): void {
    const lastSeen = seen ? this.now().toISOString() : entry.health.lastSeen;
    const same = entry.health.state === state && entry.health.message === message;
    entry.health = { state, message, lastSeen };
    if (!same && this.entries.get(entry.config.id) === entry) this.opts.emit('device.status', { id: entry.config.id, health: entry.health });
  }

  private view(entry: Entry): DeviceView {
    return { config: entry.config, health: entry.health, simulated: entry.simulated };
  }
}
