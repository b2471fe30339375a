// Records a kiosk test needs, made as in production: the administrator
// creates patrons and requests; the lending library's desk packs and ships;
// the borrowing library's staff desk receives the items onto its hold shelf
// (optionally back-dated, so loans can run overdue). Barcodes are unique per
// call, so tests in one file never share an item.
import type { AdminClient, DeskClient } from '#test/support/client';
import type { EventPayload, EventType } from '#shared/domain/events';
import type { SimTag } from '#shared/bridge';

const DAY = 86_400_000;
let serial = 1000 + Math.floor(Math.random() * 80_000);

export interface Item { requestId: string; barcode: string; title: string; parts: number; owner: string }
export interface Patron { id: string; card: string; name: string }

export class KioskSeed {
  constructor(readonly admin: AdminClient, readonly desks: Record<string, DeskClient>) {}

  private desk(lib: string): DeskClient {
    const d = this.desks[lib];
    if (!d) throw new Error(`no staff desk for ${lib}`);
    return d;
  }

  async push<T extends EventType>(lib: string, type: T, payload: EventPayload<T>, daysAgo = 0): Promise<void> {
    const d = this.desk(lib);
    d.at = daysAgo > 0 ? new Date(Date.now() - daysAgo * DAY).toISOString() : null;
    const r = await d.push(type, payload);
    d.at = null;
    if (r.status !== 'applied') throw new Error(`seed: ${type} at ${lib} was ${r.status}: ${r.reason ?? ''}`);
  }

  async patron(lib: string, name: string, extra: Record<string, unknown> = {}): Promise<Patron> {
    const id = `p-k-${serial++}`;
    const card = `2${String(serial++).padStart(12, '0')}`;
    await this.admin.patron(id, lib, card, { name, ...extra });
    return { id, card, name };
  }

  async request(borrower: string, lender: string, patronId: string, opts: { parts?: number; title?: string } = {}): Promise<Item> {
    const barcode = `31${String(serial++).padStart(11, '0')}`;
    const title = opts.title ?? `館際圖書 ${barcode.slice(-5)}`;
    const parts = opts.parts ?? 1;
    const { id } = await this.admin.call<{ id: string }>('POST', '/admin/requests', {
      borrowerLibraryId: borrower, lenderLibraryId: lender, patronId,
      item: { barcode, title, author: '作者', callNumber: 'QA76 .K5', location: '2F', parts },
    });
    return { requestId: id, barcode, title, parts, owner: `TW-${lender}` };
  }

  /** Items lent by `lender` for `patron`, shipped and received on `borrower`'s hold shelf `daysAgo`; returns the hold ids. */
  async onShelf(borrower: string, lender: string, patron: Patron, count: number, opts: { parts?: number; daysAgo?: number } = {}): Promise<Array<Item & { holdId: string }>> {
    const ago = opts.daysAgo ?? 0;
    const items: Item[] = [];
    for (let i = 0; i < count; i++) items.push(await this.request(borrower, lender, patron.id, { ...(opts.parts ? { parts: opts.parts } : {}) }));
    const parcelId = `P-K-${serial++}`;
    for (const it of items) await this.push(lender, 'item.packed', { parcelId, toLibraryId: borrower, requestId: it.requestId, itemBarcode: it.barcode }, ago + 1);
    await this.push(lender, 'parcel.sealed', { parcelId }, ago + 1);
    await this.push(lender, 'parcel.dispatched', { parcelId, courier: '新竹物流', trackingNumber: `T${serial++}` }, ago + 1);
    const out: Array<Item & { holdId: string }> = [];
    for (const it of items) {
      const holdId = `H-K-${serial++}`;
      await this.push(borrower, 'item.received', { itemBarcode: it.barcode, parcelId, ownerLibraryId: null, holdId }, ago);
      out.push({ ...it, holdId });
    }
    return out;
  }

  /** A hold checked out at the borrower's staff desk `daysAgo` (received the same day). */
  async lentOut(borrower: string, lender: string, patron: Patron, daysAgo: number): Promise<Item & { loanId: string }> {
    const [it] = await this.onShelf(borrower, lender, patron, 1, { daysAgo });
    const loanId = `L-K-${serial++}`;
    await this.push(borrower, 'loan.started', { loanId, holdId: it!.holdId, patronId: patron.id }, daysAgo);
    return { ...it!, loanId };
  }
}

/** The tags of an item as its RFID labels would carry them (one per part). */
export function tagsOf(item: Pick<Item, 'barcode' | 'owner'>, parts = 1, only?: number[]): SimTag[] {
  const out: SimTag[] = [];
  for (let n = 1; n <= parts; n++) {
    if (only && !only.includes(n)) continue;
    const uid = `E0040150${(Number(item.barcode.slice(-6)) * 10 + n).toString(16).toUpperCase().padStart(8, '0')}`.slice(0, 16);
    out.push({ uid, afi: 0x07, item: { primaryItemId: item.barcode, owner: item.owner, partsInSet: parts, ordinalPart: n } });
  }
  return out;
}

export function cardTag(card: string): SimTag {
  const uid = `E00401AA${(Number(card.slice(-7)) % 0xffffffff).toString(16).toUpperCase().padStart(8, '0')}`.slice(0, 16);
  return { uid, item: { primaryItemId: card.slice(0, 16), typeOfUsage: 8 } };
}
