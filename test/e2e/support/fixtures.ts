// The specs' fixtures: the running desk host (from the global setup), a seed
// helper, and `desk` — a page on the desk with helpers that act like staff:
// type scans like a keyboard-wedge scanner (characters, then Enter), switch
// tabs with the function keys, wait for results, take screenshots.
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { LinkProxy } from '#test/support/link-proxy';
import type { HostInfo } from './host-process';
import { Seed } from './seed';

export { expect };

export function hostInfo(): HostInfo {
  const raw = process.env['RELAY_E2E_HOST'];
  if (!raw) throw new Error('RELAY_E2E_HOST is not set: run the specs through playwright.config.ts (its global setup starts the desk host)');
  return JSON.parse(raw) as HostInfo;
}

export type TabId = 'dispatch' | 'receive' | 'holds' | 'returns' | 'pickup' | 'attention' | 'settings' | 'visitor' | 'requests';
const TAB_KEYS: Record<TabId, string> = { dispatch: 'F1', receive: 'F2', holds: 'F3', returns: 'F4', pickup: 'F5', attention: 'F6', settings: 'F7', visitor: 'F8', requests: 'F9' };

export class DeskPage {
  private shots = 0;
  private link: LinkProxy | null = null;
  private devicesHeld = false;

  constructor(readonly page: Page, readonly host: HostInfo, private readonly info: TestInfo) {}

  get scanInput(): Locator {
    return this.page.getByTestId('scan-input');
  }

  get result(): Locator {
    return this.page.getByTestId('result');
  }

  /** Open the desk (test hooks on) and wait for the first replication to finish. */
  async open(): Promise<void> {
    await this.routeBridge();
    await this.page.goto(`${this.host.pageUrl}&testHooks=1`);
    await expect(this.page.getByTestId('tab-dispatch')).toBeVisible({ timeout: 30_000 });
    await this.page.waitForFunction(() => window.__relayDesk?.desk.status().initial.done === true, undefined, { timeout: 30_000 });
  }

  async tab(id: TabId): Promise<void> {
    await this.page.keyboard.press(TAB_KEYS[id]);
    await expect(this.page.getByTestId(`tab-${id}`)).toHaveAttribute('aria-selected', 'true');
  }

  /** Scan like a keyboard-wedge scanner into the focused scan field; resolves with the new result panel. */
  async scan(code: string): Promise<Locator> {
    const before = Number((await this.result.getAttribute('data-seq')) ?? '0');
    await expect(this.scanInput).toBeFocused();
    await this.page.keyboard.type(code, { delay: 2 });
    await this.page.keyboard.press('Enter');
    await expect(this.result).not.toHaveAttribute('data-seq', String(before));
    return this.result;
  }

  /** Wait until the records a seed just pushed have reached this page's replica. */
  async waitFor(fn: string, timeout = 15_000): Promise<void> {
    await this.page.waitForFunction(`(() => { const d = window.__relayDesk; if (!d) return false; const reader = d.desk.view.reader; const q = d.queries; const me = d.desk.config.libraryId; return (${fn}); })()`, undefined, { timeout });
  }

  /** This desk's recorded events whose payload mentions `text` (a refused scan must leave none). */
  async eventsMentioning(text: string): Promise<number> {
    return this.page.evaluate((t) => [...window.__relayDesk!.desk.view.events.values()].filter((e) => JSON.stringify(e.payload).includes(t)).length, text);
  }

  async snap(name: string): Promise<void> {
    this.shots++;
    const file = this.info.outputPath(`${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
  }

  /**
   * Give this page its own network link to the service, one this test can
   * cut without touching other specs' pages: a TCP proxy that the page's
   * desk.config answer points to. Call before open().
   */
  async ownLink(): Promise<void> {
    this.link = await LinkProxy.start(Number(new URL(this.host.serviceUrl).port));
  }

  /**
   * Every page's bridge socket goes through here: desk.config is pointed at
   * this test's own link (when it has one), and device events (scans, RFID
   * tags) — which the desk host sends to every page — are dropped unless this
   * test holds the device lock, so specs running side by side never receive
   * each other's scans.
   */
  private async routeBridge(): Promise<void> {
    await this.page.routeWebSocket(/\/bridge$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        if (typeof m !== 'string') return ws.send(m);
        const msg = JSON.parse(m) as { event?: string; result?: { serviceUrl?: string } };
        if ((msg.event === 'scan' || msg.event === 'rfid.tags') && !this.devicesHeld) return;
        if (this.link && msg.result?.serviceUrl) {
          msg.result.serviceUrl = this.link.url;
          return ws.send(JSON.stringify(msg));
        }
        ws.send(m);
      });
    });
  }

  /** Use the host's simulated devices (shared by every page) exclusively for the length of `fn`. */
  async withDevices<T>(fn: () => Promise<T>): Promise<T> {
    const lock = join(tmpdir(), `relay-e2e-devices-${new URL(this.host.origin).port}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`the device lock ${lock} was not released within 60 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    this.devicesHeld = true;
    try {
      return await fn();
    } finally {
      this.devicesHeld = false;
      rmSync(lock, { recursive: true, force: true });
    }
  }

  /**
   * The network between this desk and the service (needs ownLink): down
   * drops every open connection (the SSE stream too) and refuses new ones;
   * up lets them through again. Chromium's offline emulation is not used: it
   * would also cut the page's loopback socket to the desk host, which stands
   * for Electron's IPC — an outage never takes the desk's own printer or pad
   * away.
   */
  async network(state: 'down' | 'up'): Promise<void> {
    if (!this.link) throw new Error('network() needs ownLink() before open()');
    if (state === 'down') this.link.down();
    else this.link.up();
  }

  async dispose(): Promise<void> {
    await this.link?.close();
  }

  /** A code from the simulated scanner through the bridge (the desk host's `sim.scan`), not the keyboard. */
  async bridgeScan(code: string): Promise<Locator> {
    if (!this.devicesHeld) throw new Error('bridgeScan() belongs inside withDevices()');
    const before = Number((await this.result.getAttribute('data-seq')) ?? '0');
    await bridgeCall(this.host, 'sim.scan', { code, symbology: 'code128' });
    await expect(this.result).not.toHaveAttribute('data-seq', String(before));
    return this.result;
  }
}

/** One request to the desk host's bridge from Node, as the page would make it. */
export async function bridgeCall(host: HostInfo, method: string, params: unknown): Promise<unknown> {
  const token = new URLSearchParams(new URL(host.pageUrl).hash.slice(1)).get('token')!;
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge`, ['relay-bridge', `token.${token}`], { origin: host.origin });
  try {
    await new Promise<void>((ok, fail) => {
      ws.once('message', () => ok());
      ws.once('error', fail);
    });
    const answer = new Promise<unknown>((ok, fail) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { code: string; message: string } };
        if (msg.id !== 1) return;
        if (msg.error) fail(new Error(`${method}: ${msg.error.code} ${msg.error.message}`));
        else ok(msg.result);
      });
    });
    ws.send(JSON.stringify({ id: 1, method, params }));
    return await answer;
  } finally {
    ws.close();
  }
}

export const test = base.extend<{ host: HostInfo; seed: Seed; desk: DeskPage }>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    await use(hostInfo());
  },
  seed: async ({ host }, use) => {
    await use(Seed.forHost(host));
  },
  desk: async ({ page, host }, use, testInfo) => {
    const desk = new DeskPage(page, host, testInfo);
    await use(desk);
    await desk.dispose();
  },
});
