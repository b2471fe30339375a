// The kiosk's devices and library system reached through the bridge (the
// Electron preload or the desk host's WebSocket), and where it remembers its
// last contact with the service (the page's localStorage: small, survives a
// restart of the app).
import type { Bridge, RequestInput } from '#shared/bridge/contract';
import type { Slip } from '#shared/slips/model';
import type { KioskDevices, KioskHomeSystem, LastContactStore } from './kiosk-core';

export function bridgeKioskDevices(bridge: Bridge): KioskDevices {
  return {
    async setSecurity(uids, secured) {
      return (await bridge['rfid.setSecurity']({ uids: [...uids], secured })).results;
    },
    async print(key: string, slip: Slip) {
      const safeKey = key.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 128);
      // The contract's input type is the mutable twin of Slip (src/shared/bridge/slip.ts checks both ways).
      const job = await bridge['print.submit']({ key: safeKey, slip: slip as unknown as RequestInput<'print.submit'>['slip'] });
      if (job.state === 'failed') throw new Error(job.message || 'print failed');
    },
  };
}

export function bridgeHomeSystem(bridge: Bridge): KioskHomeSystem {
  return {
    validatePatron: (card, pin) => bridge['ils.validatePatron']({ patronId: card, ...(pin === undefined ? {} : { pin }) }),
  };
}

const LAST_CONTACT_KEY = 'relay.kiosk.lastContact';

export function localLastContact(): LastContactStore {
  return {
    get() {
      try {
        const v = Number(window.localStorage.getItem(LAST_CONTACT_KEY));
        return Number.isFinite(v) && v > 0 ? v : null;
      } catch {
        return null;
      }
    },
    set(ms) {
      try {
        window.localStorage.setItem(LAST_CONTACT_KEY, String(ms));
      } catch {
        // Not remembered: after a restart the offline time counts from the restart.
      }
    },
  };
}
