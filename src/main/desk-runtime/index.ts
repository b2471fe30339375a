export { startDeskRuntime, type DeskRuntime, type DeskRuntimeOptions } from './runtime';
export { parseDeskArgs, settingsFromEnv, USAGE, type DeskSettings, type SettingsResult } from './settings';
export { ensurePaired, readIdentity, IDENTITY_FILE, type DeskIdentity, type PairingOutcome } from './pairing';
export { simulatedDeviceConfigs, SIM_PRINTER_ID, SIM_READER_ID, SIM_SCANNER_ID } from './simulated-devices';
export { discoverDevices } from './discovery';
