// The kiosk specs' fixtures. Each Playwright worker starts its own kiosk: a
// desk runtime with role kiosk paired (with a kiosk pairing code, so a
// kiosk-scope token) to the embedded service the global setup runs, a desk
// host serving the built renderer, the simulated RFID pad, and a real
// ESC/POS receipt printer driver printing over TCP to the printer simulator
// in this process — so a spec reads the receipt as it came out on paper,
// Big5 decoded, Chinese included. The `kiosk` fixture is a page on it with
// helpers that act like a patron: scan a card, put books on the pad, tap.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDeskRuntime, type DeskRuntime } from '#main/desk-runtime';
import { startDeskHost, type DeskHost } from '#main/desk-host';
import { DeviceConfigStore } from '#main/devices/config-store';
import { EscPosPrinterSimulator, type PrintedDocument } from '#main/simulators/escpos-printer';
import { defaultDrivers } from '#main/desk-runtime/drivers';
import { withSimulatedDrivers } from '#main/simulators/desk';
import type { SimTag } from '#shared/bridge';
import type { KioskDeviceSettings } from '#shared/bridge/contract';
import { LinkProxy } from '#test/support/link-proxy';
import { AdminClient } from '#test/support/client';
import { bridgeCall, hostInfo } from './fixtures';
import type { HostInfo } from './host-process';
import { Seed } from './seed';

export { expect };

const ROOT = resolve(__dirname, '../../..');

export interface KioskHost {
  readonly info: HostInfo;
  readonly printer: EscPosPrinterSimulator;
  readonly deviceId: string;
  readonly runtime: DeskRuntime;
}

/** The library record as the directory has it, with a phone number for the receipt's contact line. */
const NKUST_LIBRARY = {
  isil: 'TW-NKUST', nameZh: '高雄科技大學', nameEn: 'National Kaohsiung University of Science and Technology', region: 'kaohsiung', active: true,
  hours: '週一至週五 08:00–21:00；週六 09:00–17:00', contact: '07-381-4526 分機 1234', courierWeekdays: [2, 4],
};

async function startKioskHost(idleSeconds: number | null, pin: KioskDeviceSettings['pin'] = 'off'): Promise<KioskHost & { stop(): Promise<void> }> {
  const service = hostInfo();
  const admin = new AdminClient(service.serviceUrl, service.adminToken);
  // The kiosk's library always prints a receipt; the receipt names its contact.
  await admin.call('PUT', '/admin/policies/NKUST', { kioskReceipt: 'print' });
  await admin.call('PUT', '/admin/libraries/NKUST', NKUST_LIBRARY);
  const printer = await EscPosPrinterSimulator.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-e2e-kiosk-'));
  await new DeviceConfigStore(dataDir).save([
    { id: 'pad', kind: 'rfid', driver: 'simulated', name: '自助借書機感應區 Kiosk pad', enabled: true, transport: { kind: 'simulated' }, options: {} },
    { id: 'receipt', kind: 'printer', driver: 'escpos', name: '收據印表機 Receipt printer', enabled: true, transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port! }, options: {} },
  ]);
  const { code } = await admin.call<{ code: string }>('POST', '/admin/pairing-codes', { libraryId: 'NKUST', role: 'kiosk' });
  const runtime = await startDeskRuntime({
    // The pad is the FEIG simulator under the real driver, loaded here (Playwright's loader cannot take the runtime's dynamic import of it).
    drivers: withSimulatedDrivers(defaultDrivers(dataDir), { dataDir }),
    settings: {
      dataDir, libraryId: 'NKUST', role: 'kiosk', deskName: 'NKUST 自助借書機', locale: 'zh-TW', simulate: true,
      serviceUrl: service.serviceUrl, pairingCode: code, demo: false, kiosk: { idleSeconds, pin },
    },
  });
  const config = runtime.config();
  if (!config.deviceId || config.role !== 'kiosk') throw new Error(`the kiosk did not pair: ${config.pairingError ?? config.role}`);
  const host: DeskHost = await startDeskHost({ rendererDir: join(ROOT, 'test-results/e2e-build/renderer'), dispatch: runtime.dispatch, events: runtime.events, log: () => undefined });
  const info: HostInfo = { pageUrl: host.pageUrl, origin: host.origin, serviceUrl: service.serviceUrl, adminToken: service.adminToken, libraryId: 'NKUST', deviceId: config.deviceId };
  return {
    info, printer, deviceId: config.deviceId, runtime,
    async stop() {
      await host.close();
      await runtime.stop();
      await printer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export class KioskPage {
  private shots = 0;
  private link: LinkProxy | null = null;
  private printedBefore = 0;

  constructor(readonly page: Page, readonly host: KioskHost, private readonly info: TestInfo) {}

  get screen() {
    return this.page.getByTestId('kiosk');
  }

  /** Open the kiosk (test hooks on) and wait for its first replication. */
  async open(): Promise<void> {
    await this.page.routeWebSocket(/\/bridge$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        if (typeof m !== 'string' || !this.link) return ws.send(m);
        const msg = JSON.parse(m) as { result?: { serviceUrl?: string } };
        if (msg.result?.serviceUrl) {
          msg.result.serviceUrl = this.link.url;
          return ws.send(JSON.stringify(msg));
        }
        ws.send(m);
      });
    });
    this.printedBefore = this.host.printer.documents.length;
    await this.page.goto(`${this.host.info.pageUrl}&testHooks=1`);
    await expect(this.screen).toHaveAttribute('data-screen', 'welcome', { timeout: 30_000 });
    await this.page.waitForFunction(() => window.__relayDesk?.desk.status().initial.done === true, undefined, { timeout: 30_000 });
  }

  /** Wait until records seeded on the service have reached the kiosk's replica. */
  async waitFor(fn: string, timeout = 15_000): Promise<void> {
    await this.page.waitForFunction(`(() => { const d = window.__relayDesk; if (!d) return false; const reader = d.desk.view.reader; return (${fn}); })()`, undefined, { timeout });
  }

  /** A card scanned by the kiosk's barcode reader (a keyboard wedge typing into the card field, then Enter). */
  async scanCard(card: string): Promise<void> {
    const input = this.page.getByTestId('kiosk-card-input');
    await expect(input).toBeFocused();
    await this.page.keyboard.type(card, { delay: 2 });
    await this.page.keyboard.press('Enter');
  }

  /** Books (or a card) put on the pad. */
  async place(tags: SimTag[]): Promise<void> {
    await bridgeCall(this.host.info, 'sim.placeTags', { tags });
  }

  /** Everything taken off the pad. */
  async clearPad(): Promise<void> {
    await bridgeCall(this.host.info, 'sim.removeTags', {});
  }

  /** Receipts printed since this page opened, as the printer simulator decoded them. */
  printed(): PrintedDocument[] {
    return this.host.printer.documents.slice(this.printedBefore);
  }

  async waitForReceipt(has: string, timeoutMs = 15_000): Promise<PrintedDocument> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const doc = this.printed().find((d) => d.text.includes(has));
      if (doc) return doc;
      if (Date.now() > deadline) throw new Error(`no receipt with "${has}" within ${timeoutMs} ms; printed: ${JSON.stringify(this.printed().map((d) => d.text.slice(0, 200)))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Give this page its own link to the service, one the test can cut (call before open()). */
  async ownLink(): Promise<void> {
    this.link = await LinkProxy.start(Number(new URL(this.host.info.serviceUrl).port));
  }

  async network(state: 'down' | 'up'): Promise<void> {
    if (!this.link) throw new Error('network() needs ownLink() before open()');
    if (state === 'down') this.link.down();
    else this.link.up();
  }

  async snap(name: string): Promise<void> {
    this.shots++;
    await this.page.screenshot({ path: this.info.outputPath(`${String(this.shots).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  async dispose(): Promise<void> {
    await this.clearPad().catch(() => undefined);
    await this.link?.close();
  }
}

let uidSerial = Math.floor(Math.random() * 0xfffff) << 8;

/** RFID tags for an item (one per part), as its labels carry them: ISO 28560-3, owner ISIL, secured. */
export function itemTags(barcode: string, owner: string, parts = 1, only?: number[]): SimTag[] {
  const out: SimTag[] = [];
  for (let n = 1; n <= parts; n++) {
    const uid = `E004015${(uidSerial++).toString(16).toUpperCase().padStart(9, '0')}`;
    if (only && !only.includes(n)) continue;
    out.push({ uid, afi: 0x07, item: { primaryItemId: barcode, owner: `TW-${owner}`, partsInSet: parts, ordinalPart: n } });
  }
  return out;
}

export const test = base.extend<{ seed: Seed; kiosk: KioskPage }, { kioskIdleSeconds: number | null; kioskPin: KioskDeviceSettings['pin']; kioskHost: KioskHost }>({
  kioskIdleSeconds: [null, { option: true, scope: 'worker' }],
  // The kiosk's own PIN setting. A worker option, so a spec that asks for
  // 'required' gets a kiosk (and library-system settings) of its own, never
  // one the PIN-less specs share.
  kioskPin: ['off', { option: true, scope: 'worker' }],
  kioskHost: [async ({ kioskIdleSeconds, kioskPin }, use) => {
    const host = await startKioskHost(kioskIdleSeconds, kioskPin);
    await use(host);
    await host.stop();
  }, { scope: 'worker', timeout: 60_000 }],
  seed: async ({ kioskHost }, use) => {
    await use(Seed.forHost(kioskHost.info));
  },
  kiosk: async ({ page, kioskHost }, use, testInfo) => {
    const k = new KioskPage(page, kioskHost, testInfo);
    await use(k);
    await k.dispose();
  },
});
