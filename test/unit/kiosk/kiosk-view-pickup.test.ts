// A kiosk may not read requests (src/shared/domain/access.ts). The shared rule
// for a pickup takes what it needs from the hold there, so the kiosk's own
// view must give the same loan (same due date, same owner) the service
// computes from the real request, keep an unconfirmed pickup across a
// rebuild, and never give a kiosk a parcel leg to pack.
// Also: a visit rebuilt from the kiosk's events for a reprint.
import { describe, expect, it } from 'vitest';
import { OptimisticView } from '#desk-core/optimistic-view';
import { lastVisitOf } from '#renderer/kiosk/past-visits';
import { reduce } from '#shared/domain/reducer';
import type { DomainEvent, EventDoc } from '#shared/domain/events';
import type { RecordCollection } from '#shared/domain/records';
import type { MemoryStore } from '#shared/domain/store';
import { atLocal, BARCODE, BORROWER, ev, LENDER, onHoldShelf } from '../domain/fixtures';

const KIOSK_SEES: RecordCollection[] = ['libraries', 'policies', 'patrons', 'holds', 'loans', 'fines'];

/** The kiosk's view of a service's records: only the collections its role may read. */
function kioskView(service: MemoryStore): OptimisticView {
  const view = new OptimisticView();
  for (const c of KIOSK_SEES) for (const doc of service.all(c)) view.putBase(c, doc as never, false);
  view.rebuild();
  return view;
}

function fromKiosk(e: DomainEvent): EventDoc {
  return { ...e, deviceId: 'kiosk-1' } as unknown as EventDoc;
}

describe('a pickup on a kiosk\'s view (no requests)', () => {
  it('gives the service\'s loan and due date, survives a rebuild, and gives way to the service\'s loan', () => {
    const service = onHoldShelf();
    const view = kioskView(service);
    expect(view.base.get('requests', 'r-1')).toBeUndefined();

    const pickup = ev('loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal('2025-03-05', '12:00'));
    const onKiosk = view.tryApply(pickup);
    const onService = reduce(service, pickup);
    expect(onKiosk.ok && onService.ok).toBe(true);
    if (!onKiosk.ok || !onService.ok) return;
    expect(onKiosk.outcome).toEqual(onService.outcome);
    expect(onKiosk.outcome).toMatchObject({ kind: 'loan', dueDate: '2025-03-31' });
    const serviceLoan = onService.writes.find((w) => w.collection === 'loans')!.doc;
    expect(onKiosk.writes.find((w) => w.collection === 'loans')!.doc).toEqual(serviceLoan);
    expect(onKiosk.writes.map((w) => w.collection)).not.toContain('requests');
    view.commitLocal(fromKiosk(pickup), onKiosk);

    // A rebuild (a pulled change, a restart) replays the unconfirmed pickup.
    view.rebuild();
    expect(view.reader.get('holds', 'h-1')?.state).toBe('picked_up');
    expect(view.reader.get('loans', 'l-1')).toMatchObject({ state: 'active', dueDate: '2025-03-31', ownerLibraryId: LENDER, requestId: 'r-1' });

    // The service applies it; its loan and hold come back.
    for (const w of onService.writes) if (KIOSK_SEES.includes(w.collection)) view.putBase(w.collection, w.doc as never, false);
    view.putEvent({ ...fromKiosk(pickup), status: 'applied' });
    view.settle();
    view.rebuild();
    expect(view.base.get('requests', 'r-1')).toBeUndefined();
    expect(view.reader.get('loans', 'l-1')).toEqual(serviceLoan);
  });

  it('never makes a returned item the kiosk\'s to pack, and names the lender to send it to', () => {
    const view = kioskView(onHoldShelf());
    const pickup = ev('loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal('2025-03-05', '12:00'));
    const r = view.tryApply(pickup);
    if (!r.ok) throw new Error(r.reason);
    view.commitLocal(fromKiosk(pickup), r);
    // Returned before the pickup was even confirmed (offline).
    const back = ev('loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal('2025-03-06', '12:00'));
    const ended = view.tryApply(back);
    expect(ended).toMatchObject({ ok: true, outcome: { kind: 'returned', returnTo: LENDER } });
    if (!ended.ok) return;
    expect(ended.writes.map((w) => w.collection)).not.toContain('requests');
    view.commitLocal(fromKiosk(back), ended);
    // No request in the view: the desk's routing finds no leg for the kiosk to pack.
    expect(view.reader.requestsForItem(BARCODE)).toEqual([]);
  });
});

describe('a past visit for a reprint', () => {
  it('is the last run of one patron\'s events at this kiosk, with its loans and returns', () => {
    const view = kioskView(onHoldShelf());
    const at = (m: number) => new Date(Date.parse(atLocal('2025-03-05', '12:00')) + m * 60_000).toISOString();
    const pickup = ev('loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, at(0));
    const r = view.tryApply(pickup);
    if (!r.ok) throw new Error(r.reason);
    view.commitLocal(fromKiosk(pickup), r);
    const now = Date.parse(at(5));
    const visit = lastVisitOf(view, 'kiosk-1', 'p-1', now);
    expect(visit).toMatchObject({ key: pickup.id, patronId: 'p-1', unconfirmed: true, checkouts: [{ barcode: BARCODE, dueDate: '2025-03-31' }], returns: [] });
    expect(lastVisitOf(view, 'kiosk-1', 'p-2', now)).toBeNull();
    expect(lastVisitOf(view, 'another-kiosk', 'p-1', now)).toBeNull();
    // A day later it is no longer offered.
    expect(lastVisitOf(view, 'kiosk-1', 'p-1', now + 25 * 3_600_000)).toBeNull();

    // The same patron returns it 40 minutes later: a new visit with only the return.
    const back = ev('loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, at(45));
    const ended = view.tryApply(back);
    if (!ended.ok) throw new Error(ended.reason);
    view.commitLocal(fromKiosk(back), ended);
    expect(lastVisitOf(view, 'kiosk-1', 'p-1', Date.parse(at(50)))).toMatchObject({ key: back.id, checkouts: [], returns: [{ barcode: BARCODE, fine: 0 }] });
  });
});
