// The desk core in real Chromium with real IndexedDB (Dexie), driven by
// bench/desk.ts through page.evaluate. A scan is a real keydown on a real
// input; a routed row counts as "on screen" at the first animation frame
// after it was inserted into the document.
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Desk, type DeskConfig } from '#desk-core/desk';
import type { ActionResult, Routing } from '#desk-core/workflows';

let desk: Desk | null = null;
/** HTTP requests the desk made since the last open (the bench reports them for the first replication). */
let requests = 0;
const countingFetch: typeof fetch = (input, init) => {
  requests++;
  return fetch(input, init);
};
const input = document.getElementById('scan') as HTMLInputElement;
const rows = document.getElementById('rows') as HTMLOListElement;
let parcelId: string | null = null;
const shown = new Map<string, (t: number) => void>();

function showRow(code: string, r: ActionResult<Routing>): void {
  const li = document.createElement('li');
  li.dataset['barcode'] = code;
  li.textContent = r.ok ? `${code} → ${r.outcome.route}${r.outcome.route === 'hold_shelf' ? ` ${r.outcome.outcome.shelfSpot}` : ''}` : `${code}: ${r.reason}`;
  rows.prepend(li);
  if (rows.childElementCount > 50) rows.lastElementChild?.remove();
  const done = shown.get(code);
  if (done) requestAnimationFrame(() => done(performance.now()));
}

input.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Enter' || !desk) return;
  const code = input.value;
  input.value = '';
  void desk.workflows.receiveScan(code, parcelId).then((r) => showRow(code, r));
});

function typeScan(code: string): void {
  input.value = code;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
}

const api = {
  async open(config: DeskConfig, name: string): Promise<number> {
    requests = 0;
    const t0 = performance.now();
    desk = await Desk.open({ config, storage: getRxStorageDexie() as never, name, fetch: countingFetch });

    await new Promise<void>((resolve) => {
      const off = desk!.onStatus((s) => {
        if (s.initial.done) {
          queueMicrotask(() => off());
          resolve();
        }
      });
    });
    return performance.now() - t0;
  },
  status: () => desk!.status(),
  requests: () => requests,
  async close(): Promise<void> {
    await desk?.close();
    desk = null;
  },
  expectedParcelItems(id: string): number {
    return desk!.view.reader.get('parcels', id)?.items.length ?? -1;
  },
  /** Single scans: ms from the keydown to the routed row painted, per scan. */
  async scanEach(codes: string[], parcel: string): Promise<number[]> {
    parcelId = parcel;
    const out: number[] = [];
    for (const code of codes) {
      const painted = new Promise<number>((r) => shown.set(code, r));
      const t0 = performance.now();
      typeScan(code);
      out.push((await painted) - t0);
      shown.delete(code);
    }
    return out;
  },
  /** A stack of tags read together: ms from the first keydown to all rows painted. */
  async scanStack(codes: string[], parcel: string): Promise<number> {
    parcelId = parcel;
    const painted = codes.map((c) => new Promise<number>((r) => shown.set(c, r)));
    const t0 = performance.now();
    // An RFID stack arrives as one event with every tag on the pad.
    void desk!.workflows.receiveMany(codes, parcel).then((rs) => rs.forEach((r, i) => showRow(codes[i]!, r)));
    const times = await Promise.all(painted);
    for (const c of codes) shown.delete(c);
    return Math.max(...times) - t0;
  },
  async closeParcel(id: string): Promise<number> {
    const t0 = performance.now();
    const r = await desk!.workflows.closeParcel(id);
    if (!r.ok) throw new Error(`close refused: ${r.reason}`);
    desk!.view.rebuild();
    return performance.now() - t0;
  },
  async packAll(codes: string[]): Promise<number> {
    let n = 0;
    for (const c of codes) if ((await desk!.workflows.packScan(c)).ok) n++;
    return n;
  },
  pending: () => desk!.view.pending().length,
  async untilConverged(timeoutMs: number): Promise<number> {
    const t0 = performance.now();
    await desk!.awaitConverged(timeoutMs);
    return performance.now() - t0;
  },
  pickListSize(): number {
    let n = 0;
    for (const r of desk!.view.reader.values('requests')) if (r.lenderLibraryId === desk!.config.libraryId && r.lenderState === 'new') n++;
    return n;
  },
};

(window as unknown as { bench: typeof api }).bench = api;
document.title = 'ready';

