export { startDeskRuntime, type DeskRuntime, type DeskRuntimeOptions } from './runtime';
export { parseDeskArgs, settingsFromEnv, USAGE, DEFAULT_KIOSK_SETTINGS, KIOSK_IDLE_RANGE, type DeskSettings, type SettingsResult } from './settings';
export { windowChromeFor, isBlockedKioskKey, type WindowChrome, type KeyInput } from './kiosk-window';
export { ensurePaired, readIdentity, IDENTITY_FILE, type DeskIdentity, type PairingOutcome } from './pairing';
export { simulatedDeviceConfigs, SIM_PRINTER_ID, SIM_READER_ID, SIM_SCANNER_ID } from './drivers';
export { discoverDevices } from './discovery';
export { startEmbeddedService, type EmbeddedService, type EmbeddedServiceOptions, type ForkService, type ServiceChildEvent, type ServiceChildHandle } from './service-child';
export { nodeServiceFork, SERVICE_CHILD_SOURCE } from './node-service-fork';
