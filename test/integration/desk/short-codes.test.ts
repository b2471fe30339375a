// Issue 17: the short codes on paper act at the desk. Each slip is built
// from the desk's records, rendered by the real ESC/POS renderer at 58 mm and
// at 80 mm, sent over TCP to the printer simulator, and the barcode data the
// simulator decodes from the printed bytes is scanned back into two real desks
// (each an RxDB replica in its own process, through the service): the pull
// slip's code packs its request, the routing label's code asks to seal the
// open parcel, then (sealed) to dispatch it, then says it was sent; the
// borrowing library's desk opens the parcel by the same label code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from 'node:net';
import { backends, startTestService } from '#test/support/service';
import { AdminClient } from '#test/support/client';
import { RemoteDesk } from '#test/support/remote-desk';
import { ok, until } from '#test/support/until';
import type { ActionResult, Routing } from '#desk-core/workflows';
import type { DispatchScan } from '#desk-core/short-codes';
import type { LibraryRecord, ParcelRecord, RequestRecord } from '#shared/domain/records';
import type { Slip } from '#shared/slips/model';
import { buildPullSlip, pullSlipInputFromRecords } from '#shared/slips/pull-slip';
import { buildRoutingLabel, routingLabelInputFromRecords } from '#shared/slips/routing-label';
import { buildParcelManifest, parcelManifestInputFromRecords } from '#shared/slips/parcel-manifest';
import { shortCodeOf } from '#shared/domain/kit/short-code';
import { renderSlipEscPos } from '#main/devices/printer/render-escpos';
import { EscPosPrinterSimulator, type PrintedBarcode } from '#main/simulators/escpos-printer';

const ITEMS = ['31010000881110', '31010000881120'];

for (const backend of await backends()) {
  describe(`short codes printed, decoded and scanned back into the desks (${backend})`, () => {
    let svc: Awaited<ReturnType<typeof startTestService>>;
    let admin: AdminClient;
    let sim: EscPosPrinterSimulator;
    let lender: RemoteDesk;
    let borrower: RemoteDesk;
    const requestIds: string[] = [];

    /** Prints a slip on paper of one width through the simulator; returns the 1D barcodes it decoded (and fails on any QR). */
    async function printed(slip: Slip, widthDots: 384 | 576): Promise<PrintedBarcode[]> {
      const before = sim.documents.length;
      const { bytes, warnings } = renderSlipEscPos(slip, { widthDots });
      expect(warnings).toEqual([]);
      await new Promise<void>((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port: sim.port! }, () => socket.end(bytes));
        socket.on('error', reject);
        socket.on('close', () => resolve());
      });
      const docs = await sim.waitForDocuments(before + 1);
      const doc = docs[before]!;
      expect(doc.qrCodes).toEqual([]);
      for (const b of doc.barcodes) expect(b.problem).toBeUndefined();
      return [...doc.barcodes];
    }

    /** The short code a slip carries, as read off paper of both widths (the same at each). */
    async function codeOn(slip: Slip, kind: 'parcel' | 'request', id: string): Promise<string> {
      const read: string[] = [];
      for (const width of [384, 576] as const) {
        const codes = (await printed(slip, width)).filter((b) => b.symbology === 'code128' && b.codeSets === 'C' && /^\d{18}$/.test(b.data));
        expect(codes).toHaveLength(1);
        read.push(codes[0]!.data);
      }
      expect(read[0]).toBe(read[1]);
      expect(read[0]).toBe(shortCodeOf(kind, id));
      return read[0]!;
    }

    const lib = async (d: RemoteDesk, id: string) => (await d.call<LibraryRecord | null>('record', 'libraries', id)) ?? { id, nameZh: '', nameEn: '' };

    beforeAll(async () => {
      svc = await startTestService(backend);
      admin = new AdminClient(svc.url, svc.adminToken);
      sim = await EscPosPrinterSimulator.start();
      await admin.patron('p-codes', 'NPTU', '21020000881100', { name: '陳怡君' });
      for (const b of ITEMS) requestIds.push((await admin.request('NPTU', 'NKUST', 'p-codes', b)).id);
      const a = await admin.pairDesk('NKUST', 'staff', 'NKUST dispatch');
      const b = await admin.pairDesk('NPTU', 'staff', 'NPTU receive');
      lender = await RemoteDesk.start({ serviceUrl: svc.url, deviceToken: a.token, deviceId: a.deviceId, libraryId: 'NKUST', role: 'staff' });
      borrower = await RemoteDesk.start({ serviceUrl: svc.url, deviceToken: b.token, deviceId: b.deviceId, libraryId: 'NPTU', role: 'staff' });
      await lender.call('awaitConverged', 30_000);
      await until('two requests on the pick list', async () => (await lender.call<RequestRecord[]>('pickList')).length === 2);
    }, 90_000);

    afterAll(async () => {
      await lender?.stop();
      await borrower?.stop();
      await sim?.stop();
      await svc?.dispose();
    });

    it('pull slip → packed; label → seal, then dispatch, then "sent"; the borrower opens the parcel by the label', async () => {
      // Pull slips, printed and read back: each code packs its own request's item.
      let parcelId = '';
      for (const id of requestIds) {
        const req = (await lender.call<RequestRecord>('record', 'requests', id))!;
        const code = await codeOn(buildPullSlip(pullSlipInputFromRecords(req, await lib(lender, 'NPTU'))), 'request', id);
        const scan = await lender.call<DispatchScan>('dispatchScan', code);
        expect(scan).toMatchObject({ kind: 'packed', requestId: id, itemBarcode: req.item.barcode });
        const packed = ok((scan as Extract<DispatchScan, { kind: 'packed' }>).result) as { kind: string; parcelId: string };
        expect(packed.kind).toBe('packed');
        parcelId ||= packed.parcelId;
        expect(packed.parcelId).toBe(parcelId);
        expect(await lender.call<RequestRecord>('record', 'requests', id)).toMatchObject({ parcelId, lenderState: 'awaiting_shipping' });
        // The same slip again: the rules say it is already packed (the screen shows that as a neutral notice).
        const again = await lender.call<DispatchScan>('dispatchScan', code);
        expect(again).toMatchObject({ kind: 'packed', result: { ok: false, reason: 'ITEM_ALREADY_PACKED' } });
      }

      // The routing label and the manifest carry the same parcel code.
      let parcel = (await lender.call<ParcelRecord>('record', 'parcels', parcelId))!;
      const [from, to] = [await lib(lender, 'NKUST'), await lib(lender, 'NPTU')];
      const label = await codeOn(buildRoutingLabel(routingLabelInputFromRecords(parcel, from, to, '2026-12-07')), 'parcel', parcelId);
      expect(await codeOn(buildParcelManifest(parcelManifestInputFromRecords(parcel, from, to, '2026-12-07')), 'parcel', parcelId)).toBe(label);

      // Open: the label asks to seal (the screen confirms with a person, then seals).
      expect(await lender.call<DispatchScan>('dispatchScan', label)).toMatchObject({ kind: 'parcel', next: 'seal', parcel: { id: parcelId, state: 'open' } });
      ok(await lender.call<ActionResult>('seal', parcelId));
      // Sealed: the label now leads to the tracking number; a repeat changes nothing.
      for (let i = 0; i < 2; i++) expect(await lender.call<DispatchScan>('dispatchScan', label)).toMatchObject({ kind: 'parcel', next: 'dispatch', parcel: { state: 'sealed' } });
      ok(await lender.call<ActionResult>('dispatch', parcelId, '新竹物流 HCT', '7001234567'));
      expect(await lender.call<DispatchScan>('dispatchScan', label)).toMatchObject({ kind: 'parcel', next: 'sent', parcel: { state: 'in_transit', trackingNumber: '7001234567' } });
      await lender.call('awaitConverged', 30_000);
      parcel = (await admin.record<ParcelRecord>('parcels', parcelId))!;
      expect(parcel).toMatchObject({ state: 'in_transit', courier: '新竹物流 HCT' });

      // The borrowing library scans the same label: that parcel opens, and its items receive into it.
      await until('the parcel reaches the borrower', async () => (await borrower.call<ParcelRecord | null>('record', 'parcels', parcelId))?.state === 'in_transit');
      expect(await borrower.call('receiveCode', label)).toMatchObject({ kind: 'parcel', parcel: { id: parcelId } });
      const got = ok(await borrower.call<ActionResult<Routing>>('receiveScan', ITEMS[0], parcelId));
      expect(got.route).toBe('hold_shelf');
      // A pull slip's code is not a parcel label: said so, nothing recorded.
      expect(await borrower.call('receiveCode', shortCodeOf('request', requestIds[1]!))).toMatchObject({ ok: false, codeProblem: 'wrong_kind' });
    }, 120_000);

    it('a mistyped code is refused by its check digit; a well-formed code for nothing here is unknown; an incoming label at Dispatch is named', async () => {
      const code = shortCodeOf('request', requestIds[0]!);
      const typo = `${code.slice(0, 5)}${(Number(code[5]) + 1) % 10}${code.slice(6)}`;
      expect(await lender.call('dispatchScan', typo)).toMatchObject({ ok: false, codeProblem: 'check_digit' });
      expect(await lender.call('dispatchScan', shortCodeOf('request', 'no-such-request'))).toMatchObject({ ok: false, codeProblem: 'unknown' });
      const parcels = await borrower.call<ParcelRecord[]>('expectedParcels');
      expect(parcels.length).toBeGreaterThan(0);
      expect(await borrower.call('dispatchScan', shortCodeOf('parcel', parcels[0]!.id))).toMatchObject({ ok: false, codeProblem: 'not_our_parcel' });
      // Nothing was recorded by any of these.
      expect(await lender.call<number>('pendingCount')).toBe(0);
    }, 60_000);
  });
}
