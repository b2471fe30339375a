// The devices a desk shows when simulate is on and nothing is configured (a
// pad, a scanner, a receipt printer). Plain data: what runs behind the
// 'simulated' driver is loaded only in demo and test (see
// desk-runtime/drivers.ts and src/main/simulators/desk).
import type { DeviceConfig } from '#shared/bridge';

export const SIM_READER_ID = 'sim-rfid';
export const SIM_SCANNER_ID = 'sim-scanner';
export const SIM_PRINTER_ID = 'sim-printer';

export function simulatedDeviceConfigs(): DeviceConfig[] {
  const base = { driver: 'simulated', enabled: true, transport: { kind: 'simulated' as const }, options: {} };
  return [
    { ...base, id: SIM_READER_ID, kind: 'rfid', name: '模擬 RFID 感應板 Simulated RFID pad' },
    { ...base, id: SIM_SCANNER_ID, kind: 'scanner', name: '模擬條碼掃描器 Simulated scanner' },
    { ...base, id: SIM_PRINTER_ID, kind: 'printer', name: '模擬收據印表機 Simulated receipt printer' },
  ];
}
