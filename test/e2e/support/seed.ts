// Records a spec needs, made the way they are made in production: the
// administrator creates patrons and requests; other libraries' desks (and a
// second desk of the library under test) push real events to the service.
// Event times can be back-dated (DeskClient.at) so holds expire and loans
// run overdue exactly as they would. Every barcode is unique per run, so
// specs never touch each other's records.
import { randomInt } from 'node:crypto';
import { AdminClient, DeskClient } from '#test/support/client';
import { demoBarcode } from '#server/demo/demo';
import type { EventPayload, EventType } from '#shared/domain/events';
import type { HostInfo } from './host-process';

/** Libraries whose desks the seed acts as (paired once, in the global setup). */
export const SEED_LIBRARIES = ['NKUST', 'NPTU', 'KMU'] as const;
export interface SeedDeskIdentity { deviceId: string; token: string }

const INSTITUTION: Record<string, number> = { NKUST: 1021, NPTU: 1302, NUK: 1033, KMU: 1044, STUST: 1205 };
const DAY = 86_400_000;

export interface SeedItem {
  requestId: string;
  barcode: string;
  title: string;
  callNumber: string;
}

export interface SeedPatron {
  id: string;
  card: string;
  name: string;
}

const TITLES = [
  { title: '臺灣文學史綱', callNumber: '863.09 8443' },
  { title: '物聯網系統設計', callNumber: 'TK5105.8857 .W36' },
  { title: '公共衛生概論', callNumber: 'RA425 .C45 2022' },
  { title: 'Data-Intensive Applications', callNumber: 'QA76.9 .D3 K54' },
  { title: '熱力學（第三版）', callNumber: 'QC311 .H83' },
  { title: '南島語言導論', callNumber: '803.9 2244' },
];

// One run's serials start at a random point: a rerun against the same service never collides.
let serial = randomInt(100_000, 9_000_000);

export class Seed {
  private desks = new Map<string, DeskClient>();

  /** `seedDesks`: the paired seed desks of a host a spec started itself; the shared host's come from the global setup. */
  constructor(readonly admin: AdminClient, readonly host: HostInfo, private readonly seedDesks?: Record<string, SeedDeskIdentity>) {}

  static forHost(host: HostInfo, seedDesks?: Record<string, SeedDeskIdentity>): Seed {
    return new Seed(new AdminClient(host.serviceUrl, host.adminToken), host, seedDesks);
  }

  /** A desk of `libraryId` other than the one under test (another library, or a colleague's desk). */
  async desk(libraryId: string): Promise<DeskClient> {
    let d = this.desks.get(libraryId);
    if (!d) {
      const ids = this.seedDesks ?? (JSON.parse(process.env['RELAY_E2E_SEED_DESKS'] ?? '{}') as Record<string, SeedDeskIdentity>);
      const id = ids[libraryId];
      if (!id) throw new Error(`no seed desk for ${libraryId}: the global setup pairs ${SEED_LIBRARIES.join(', ')}`);
      d = new DeskClient(this.host.serviceUrl, id.deviceId, libraryId, id.token, 'staff');
      this.desks.set(libraryId, d);
    }
    return d;
  }

  itemBarcode(owner: string): string {
    return demoBarcode(3, INSTITUTION[owner] ?? 1999, serial++);
  }

  async patron(libraryId: string, name: string, extra: Record<string, unknown> = {}): Promise<SeedPatron> {
    const id = `p-e2e-${serial++}`;
    const card = demoBarcode(2, INSTITUTION[libraryId] ?? 1999, serial++);
    await this.admin.patron(id, libraryId, card, { name, ...extra });
    return { id, card, name };
  }

  async request(borrower: string, lender: string, patronId: string): Promise<SeedItem> {
    const barcode = this.itemBarcode(lender);
    const book = TITLES[serial % TITLES.length]!;
    const title = `${book.title} #${barcode.slice(-5)}`;
    const { id } = await this.admin.call<{ id: string }>('POST', '/admin/requests', {
      borrowerLibraryId: borrower, lenderLibraryId: lender, patronId,
      item: { barcode, title, author: '測試作者', callNumber: book.callNumber, location: '書庫 2F', parts: 1 },
    });
    return { requestId: id, barcode, title, callNumber: book.callNumber };
  }

  /** Push one event from a desk; throws unless the service applied it. */
  async push<T extends EventType>(desk: DeskClient, type: T, payload: EventPayload<T>, daysAgo = 0): Promise<void> {
    desk.at = daysAgo > 0 ? new Date(Date.now() - daysAgo * DAY).toISOString() : null;
    const r = await desk.push(type, payload);
    desk.at = null;
    if (r.status !== 'applied') throw new Error(`seed: ${type} from ${desk.libraryId} was ${r.status}: ${r.reason ?? ''}`);
  }

  /** The lender prints, packs, seals and (by default) dispatches a parcel of `items` to `to`. */
  async ship(from: string, to: string, items: SeedItem[], opts: { daysAgo?: number; dispatch?: boolean } = {}): Promise<string> {
    const d = await this.desk(from);
    const parcelId = `P-E2E-${from}-${to}-${serial++}`;
    const ago = opts.daysAgo ?? 0;
    for (const it of items) await this.push(d, 'item.packed', { parcelId, toLibraryId: to, requestId: it.requestId, itemBarcode: it.barcode }, ago);
    await this.push(d, 'parcel.sealed', { parcelId }, ago);
    if (opts.dispatch !== false) await this.push(d, 'parcel.dispatched', { parcelId, courier: '新竹物流 HCT', trackingNumber: `HCT${serial++}` }, ago);
    return parcelId;
  }

  /** Another desk of `at` receives items (holds go on its shelf, dated `daysAgo`). Returns the hold ids. */
  async receive(at: string, parcelId: string | null, items: SeedItem[], daysAgo = 0): Promise<string[]> {
    const d = await this.desk(at);
    const holds: string[] = [];
    for (const it of items) {
      const holdId = `H-E2E-${serial++}`;
      await this.push(d, 'item.received', { itemBarcode: it.barcode, parcelId, ownerLibraryId: null, holdId }, daysAgo);
      holds.push(holdId);
    }
    return holds;
  }

  /**
   * Items received on the borrower's shelf `receivedDaysAgo` and checked out to
   * the patron `loanDaysAgo`: both events in one push, so no page ever sees
   * the hold waiting (and, back-dated, expired) in between.
   */
  async lentOut(borrower: string, lender: string, patron: SeedPatron, receivedDaysAgo: number, loanDaysAgo: number): Promise<SeedItem & { loanId: string }> {
    const item = await this.request(borrower, lender, patron.id);
    const parcelId = await this.ship(lender, borrower, [item], { daysAgo: receivedDaysAgo + 1 });
    const d = await this.desk(borrower);
    const when = (days: number) => ({ at: new Date(Date.now() - days * DAY).toISOString() });
    const holdId = `H-E2E-${serial++}`;
    const loanId = `L-E2E-${serial++}`;
    const res = await d.pushRaw([
      d.event('item.received', { itemBarcode: item.barcode, parcelId, ownerLibraryId: null, holdId }, when(receivedDaysAgo)),
      d.event('loan.started', { loanId, holdId, patronId: patron.id }, when(loanDaysAgo)),
    ]);
    const bad = res.body.results.find((r) => r.status !== 'applied');
    if (res.status !== 200 || bad) throw new Error(`seed: lending ${item.barcode} failed: ${JSON.stringify(res.body)}`);
    return { ...item, loanId };
  }

  async checkout(at: string, patronId: string, holdId: string, daysAgo = 0): Promise<string> {
    const loanId = `L-E2E-${serial++}`;
    await this.push(await this.desk(at), 'loan.started', { loanId, holdId, patronId }, daysAgo);
    return loanId;
  }

  async returnLoan(at: string, loanId: string, daysAgo = 0): Promise<void> {
    await this.push(await this.desk(at), 'loan.ended', { loanId, fineId: `F-E2E-${serial++}` }, daysAgo);
  }

  /** Items lent by `lender` to `borrower`'s patron, received on the borrower's hold shelf `daysAgo`. */
  async onHoldShelf(borrower: string, lender: string, patron: SeedPatron, count: number, daysAgo = 0): Promise<Array<SeedItem & { holdId: string }>> {
    const items: SeedItem[] = [];
    for (let i = 0; i < count; i++) items.push(await this.request(borrower, lender, patron.id));
    const parcelId = await this.ship(lender, borrower, items, { daysAgo: daysAgo + 1 });
    const holds = await this.receive(borrower, parcelId, items, daysAgo);
    await this.push(await this.desk(borrower), 'parcel.closed', { parcelId }, daysAgo);
    return items.map((it, i) => ({ ...it, holdId: holds[i]! }));
  }
}
