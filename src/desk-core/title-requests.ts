// Title requests at the desk: place one for a patron at the counter (staff
// review it as they place it), review what patrons placed (審核), list what
// this library is a party to, and search the union catalogue — the one thing
// here that needs the network (the catalogue lives at the service only).
import { newId } from '#shared/domain/ids';
import { isOpenRequest } from '#shared/domain/store';
import type { RequestRecord, WorkRef } from '#shared/domain/records';
import type { SearchResponse } from '#shared/catalogue/wire';
import type { DeskReader } from './record-index';
import type { ActionResult } from './workflows';

export interface TitleRequestActions {
  recordAction: (type: 'request.placed' | 'request.reviewed', payload: never) => Promise<ActionResult>;
}

export interface PlaceInput {
  patronId: string;
  work: WorkRef;
  neededBy: string | null;
  note: string;
}

/** Requests of this library's borrowers waiting for review, oldest first. */
export function reviewQueue(reader: DeskReader, me: string): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (const r of reader.values('requests')) if (r.borrowerLibraryId === me && r.review?.state === 'pending' && isOpenRequest(r)) out.push(r);
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
}

/** Title requests this library is a party to (as borrower, or as a lender asked), newest first. */
export function titleRequestsOf(reader: DeskReader, me: string): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (const r of reader.values('requests')) {
    if (r.work === null) continue;
    if (r.borrowerLibraryId === me || r.lenderLibraryId === me || r.rota.slice(0, r.rotaIndex + 1).some((p) => p.libraryId === me)) out.push(r);
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/**
 * Title requests this library is to ship whose copy is not bound yet and that
 * may take this scanned barcode: the rota lists it among this library's
 * copies, or the library exports no barcodes (then any copy of the work will do).
 */
export function unboundTitleRequests(reader: DeskReader, me: string, barcode: string): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (const r of reader.values('requests')) {
    if (r.work === null || r.item.barcode !== '' || r.lenderLibraryId !== me || r.parcelId !== null) continue;
    if (r.lenderState !== 'new' && r.lenderState !== 'pull_slip_printed') continue;
    const copies = r.rota[r.rotaIndex]?.copies ?? [];
    if (copies.some((c) => c.barcode === barcode) || copies.every((c) => c.barcode === null)) out.push(r);
  }
  return out;
}

/** Whether the patron already has an open request for the work (the service refuses a second one too). */
export function openRequestFor(reader: DeskReader, patronId: string, workId: string): RequestRecord | undefined {
  for (const r of reader.values('requests')) if (r.patronId === patronId && r.work?.workId === workId && isOpenRequest(r)) return r;
  return undefined;
}

export class TitleRequests {
  constructor(private readonly reader: () => DeskReader, private readonly actions: TitleRequestActions, private readonly now: () => number) {}

  /** Staff place a title request for the patron in front of them: approved as placed, routed by the service. */
  async place(input: PlaceInput): Promise<ActionResult & { requestId?: string }> {
    const dup = openRequestFor(this.reader(), input.patronId, input.work.workId);
    if (dup) return { ok: false, reason: 'DUPLICATE_ID', params: { id: dup.id } };
    const requestId = `t${newId(this.now())}`;
    const r = await this.actions.recordAction('request.placed', { requestId, patronId: input.patronId, work: input.work, by: 'staff', neededBy: input.neededBy, note: input.note.trim().slice(0, 500) } as never);
    return r.ok ? { ...r, requestId } : r;
  }

  review(requestId: string, decision: 'approve' | 'reject', reason: string, edition?: string): Promise<ActionResult> {
    return this.actions.recordAction('request.reviewed', { requestId, decision, reason: reason.trim().slice(0, 300), ...(edition !== undefined ? { edition: edition.trim().slice(0, 100) } : {}) } as never);
  }
}

export type CatalogueAnswer = { ok: true; result: SearchResponse } | { ok: false; offline: boolean; code: string; message: string };

/** Search the union catalogue at the service with the desk's token. Offline (no answer) says so rather than failing. */
export async function searchCatalogue(serviceUrl: string, token: string, q: string, fetchFn: typeof fetch = fetch): Promise<CatalogueAnswer> {
  let res: Response;
  try {
    res = await fetchFn(`${serviceUrl}/api/catalogue/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    return { ok: false, offline: true, code: 'OFFLINE', message: err instanceof Error ? err.message : String(err) };
  }
  const body = (await res.json().catch(() => null)) as (SearchResponse & { error?: { code: string; message: string } }) | null;
  if (!res.ok || !body) return { ok: false, offline: false, code: body?.error?.code ?? `HTTP_${res.status}`, message: body?.error?.message ?? res.statusText };
  return { ok: true, result: body };
}
