// What both the Electron main process and the desk host start: the central
// service (embedded in a child process, or an external URL), this desk's
// pairing, the device manager, and the one bridge handler map over them.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { DeskConfig } from '#shared/bridge';
import { BridgeEvents } from '../bridge/events';
import { createHandlers, type BridgeHandlers } from '../bridge/handlers';
import { createDispatch, type Dispatch } from '../bridge/dispatch';
import { DeviceConfigStore } from '../devices/config-store';
import { DeviceManager, type Discovery, type DriverRegistry } from '../devices/manager';
import { discoverDevices } from './discovery';
import { defaultDrivers } from './drivers';
import { ensurePaired } from './pairing';
import { DEFAULT_KIOSK_SETTINGS, type DeskSettings } from './settings';
import { simulatedDeviceConfigs } from './drivers';
import { openIlsService } from './ils-service';
import { startEmbeddedService, type EmbeddedService, type EmbeddedServiceOptions, type ForkService } from './service-child';
import { nodeServiceFork } from './node-service-fork';
import { readJoinTarget, writeServiceEndpoint } from './join';

export interface DeskRuntimeOptions {
  settings: DeskSettings;
  /** Embedded service tuning (tests: {inMemory: true}); ignored with settings.serviceUrl. */
  service?: Pick<EmbeddedServiceOptions, 'inMemory' | 'port' | 'logger' | 'adminToken'> & { stopTimeoutMs?: number; backoff?: { initialMs: number; maxMs: number } };
  /** Starts the embedded service's child process: Electron's utilityProcess in the app, a child Node process (tsx) by default. */
  forkService?: ForkService;
  drivers?: DriverRegistry;
  discover?: () => Promise<Discovery>;
  backoff?: { initialMs: number; maxMs: number };
}

export interface DeskRuntime {
  readonly settings: DeskSettings;
  config(): DeskConfig;
  readonly events: BridgeEvents;
  readonly devices: DeviceManager;
  readonly handlers: BridgeHandlers;
  readonly dispatch: Dispatch;
  /** The embedded service's child process, or null with an external service. */
  readonly service: EmbeddedService | null;
  stop(): Promise<void>;
}

export async function startDeskRuntime(opts: DeskRuntimeOptions): Promise<DeskRuntime> {
  const { settings } = opts;
  await mkdir(settings.dataDir, { recursive: true, mode: 0o700 });

  let service: EmbeddedService | null = null;
  let serviceUrl = settings.serviceUrl;
  // --join: the first desk's embedded service (its consortium), paired with a code made by its admin token.
  const joined = settings.join ? await readJoinTarget(settings.join) : null;
  if (joined && !joined.ok) console.warn(`[desk] ${joined.message}`);
  if (joined?.ok) serviceUrl = joined.url;
  if (!serviceUrl && !joined) {
    service = await startEmbeddedService({
      fork: opts.forkService ?? nodeServiceFork(),
      service: {
        dataDir: join(settings.dataDir, 'service'),
        port: opts.service?.port ?? 0,
        demo: settings.demo,
        logger: opts.service?.logger ?? false,
        inMemory: opts.service?.inMemory ?? false,
        ...(opts.service?.adminToken ? { adminToken: opts.service.adminToken } : {}),
      },
      ...(opts.service?.stopTimeoutMs ? { stopTimeoutMs: opts.service.stopTimeoutMs } : {}),
      ...(opts.service?.backoff ? { backoff: opts.service.backoff } : {}),
    });
    serviceUrl = service.url;
    await writeServiceEndpoint(settings.dataDir, service.url);
  }

  const pairing = !serviceUrl ? { ok: false as const, message: joined && !joined.ok ? joined.message : 'no service' } : await ensurePaired({
    dataDir: settings.dataDir,
    serviceUrl,
    embedded: service !== null,
    ...(settings.join ? { serviceKey: `join:${settings.join}` } : {}),
    libraryId: settings.libraryId,
    role: settings.role,
    deskName: settings.deskName,
    adminToken: service?.adminToken ?? (joined?.ok ? joined.adminToken : undefined),
    pairingCode: settings.pairingCode ?? undefined,
  });
  if (!pairing.ok) console.warn(`[desk] ${pairing.message}`);

  const events = new BridgeEvents();
  const devices = new DeviceManager({
    store: new DeviceConfigStore(settings.dataDir),
    drivers: opts.drivers ?? defaultDrivers(settings.dataDir),
    emit: (event, payload) => events.emit(event, payload),
    simulatedDevices: settings.simulate ? simulatedDeviceConfigs() : [],
    simulate: settings.simulate,
    discover: opts.discover ?? discoverDevices,
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
  });
  await devices.start();

  const resolvedUrl = serviceUrl ?? '';
  const role = pairing.ok ? pairing.identity.role : settings.role;
  const config = (): DeskConfig => ({
    serviceUrl: resolvedUrl,
    deviceToken: pairing.ok ? pairing.identity.token : null,
    deviceId: pairing.ok ? pairing.identity.deviceId : null,
    libraryId: pairing.ok ? pairing.identity.libraryId : settings.libraryId,
    role,
    locale: settings.locale,
    simulate: settings.simulate,
    deskName: settings.deskName,
    pairingError: pairing.ok ? null : pairing.message,
    ...(role === 'kiosk' ? { kiosk: settings.kiosk ?? DEFAULT_KIOSK_SETTINGS } : {}),
  });

  const ils = await openIlsService({ dataDir: settings.dataDir, libraryId: () => config().libraryId, onHealth: (h) => events.emit('ils.changed', h) });
  const handlers = createHandlers({ deskConfig: config, devices, sim: settings.simulate ? devices.simulatorControls() : null, ils: ils.service });
  const dispatch = createDispatch(handlers, { simulate: settings.simulate });

  let stopping: Promise<void> | null = null;
  return {
    settings,
    config,
    events,
    devices,
    handlers,
    dispatch,
    service,
    stop() {
      stopping ??= (async () => {
        await devices.stop();
        await ils.close();
        await service?.stop();
      })();
      return stopping;
    },
  };
}
