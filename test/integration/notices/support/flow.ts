// The notice tests' service and the steps that move a request along.
import { startTestService, type Backend } from '#test/support/service';
import type { AdminClient, DeskClient } from '#test/support/client';
import type { NoticeService } from '#server/notices/index';
import type { ServiceOptions } from '#server/service';

/** Start a test service with notice settings in the environment (read once, when the app is built). */
export async function startNoticeService(backend: Backend, env: Record<string, string>, opts: { databaseUrl?: string; logger?: ServiceOptions['logger'] } = {}): Promise<Awaited<ReturnType<typeof startTestService>> & { notices: NoticeService }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const svc = await startTestService(backend, { ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}), ...(opts.logger ? { logger: opts.logger } : {}) });
    return Object.assign(svc, { notices: svc.relay.app.notices });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Slow background loops: the tests drive consume, sweep and drain themselves. */
export const QUIET = { NOTICES_CONSUMER_POLL_MS: '600000', NOTICES_SWEEP_MS: '600000', NOTICES_SEND_POLL_MS: '600000' };

let counter = 0;

/** A request from NKUST (borrower, pickup) to NPTU (lender), shipped and received onto NKUST's hold shelf. */
export async function toHoldShelf(admin: AdminClient, lender: DeskClient, borrower: DeskClient, patronId: string): Promise<{ requestId: string; holdId: string; barcode: string }> {
  const n = ++counter;
  const barcode = `3123400${String(n).padStart(7, '0')}`;
  const { id: requestId } = await admin.request('NKUST', 'NPTU', patronId, barcode);
  const parcelId = `par-${requestId}`;
  const holdId = `hold-${requestId}`;
  const ok = async (p: Promise<{ status: string }>) => {
    const r = await p;
    if (r.status !== 'applied') throw new Error(`step not applied: ${JSON.stringify(r)}`);
  };
  await ok(lender.push('request.pull_slip_printed', { requestIds: [requestId] }));
  await ok(lender.push('item.packed', { parcelId, toLibraryId: 'NKUST', requestId, itemBarcode: barcode }));
  await ok(lender.push('parcel.sealed', { parcelId }));
  await ok(lender.push('parcel.dispatched', { parcelId, courier: 'HCT', trackingNumber: `T${n}` }));
  await ok(borrower.push('item.received', { itemBarcode: barcode, parcelId, ownerLibraryId: null, holdId }));
  return { requestId, holdId, barcode };
}
