// A kiosk may not read requests, but the shared rule for a pickup reads the
// hold's request. The stand-ins the kiosk puts into its view must give the
// same loan (same due date) the service computes from the real request,
// survive a rebuild while the pickup is unconfirmed, go away once the
// service's loan is back, and never give a kiosk a parcel leg to pack.
// Also: a visit rebuilt from the kiosk's events for a reprint.
import { describe, expect, it } from 'vitest';
import { OptimisticView } from '../../../src/renderer/desk/optimistic-view';
import { HoldRequestStandIns, STAND_IN_LIBRARY } from '../../../src/renderer/kiosk/hold-requests';
import { lastVisitOf } from '../../../src/renderer/kiosk/past-visits';
import { reduce } from '../../../src/shared/domain/reducer';
import { legFor } from '../../../src/shared/domain/reducer-parcels';
import type { DomainEvent, EventDoc } from '../../../src/shared/domain/events';
import type { RecordCollection } from '../../../src/shared/domain/records';
import type { MemoryStore } from '../../../src/shared/domain/store';
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

describe('stand-in requests on a kiosk', () => {
  it('without them the kiosk cannot lend at all (the rule needs the request)', () => {
    const view = kioskView(onHoldShelf());
    const r = view.tryApply(ev('loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal('2025-03-05', '12:00')));
    expect(r).toMatchObject({ ok: false, reason: 'UNKNOWN_REQUEST' });
  });

  it('give the service\'s loan and due date, survive a rebuild, and leave once the service\'s loan is back', () => {
    const service = onHoldShelf();
    const view = kioskView(service);
    const standIns = new HoldRequestStandIns(view, 'kiosk-1');
    standIns.start();
    expect(standIns.size).toBe(1);

    const pickup = ev('loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal('2025-03-05', '12:00'));
    const onKiosk = view.tryApply(pickup);
    const onService = reduce(service, pickup);
    expect(onKiosk.ok && onService.ok).toBe(true);
    if (!onKiosk.ok || !onService.ok) return;
    expect(onKiosk.outcome).toEqual(onService.outcome);
    expect(onKiosk.outcome).toMatchObject({ kind: 'loan', dueDate: '2025-03-31' });
    view.commitLocal(fromKiosk(pickup), onKiosk);

    // A rebuild (a pulled change, a restart) replays the unconfirmed pickup: the stand-in stays for it.
    standIns.sync();
    view.rebuild();
    expect(view.reader.get('holds', 'h-1')?.state).toBe('picked_up');
    expect(view.reader.get('loans', 'l-1')).toMatchObject({ state: 'active', dueDate: '2025-03-31' });
    expect(standIns.size).toBe(1);

    // The owner read from the item's tag makes the kiosk's loan name the right owner.
    standIns.noteOwner('h-1', LENDER);
    view.rebuild();
    expect(view.reader.get('loans', 'l-1')?.ownerLibraryId).toBe(LENDER);

    // The service applies it; its loan and hold come back; the stand-in goes.
    for (const w of onService.writes) if (KIOSK_SEES.includes(w.collection)) view.putBase(w.collection, w.doc as never, false);
    view.putEvent({ ...fromKiosk(pickup), status: 'applied' });
    view.settle();
    standIns.sync();
    view.rebuild();
    expect(standIns.size).toBe(0);
    expect(view.base.get('requests', 'r-1')).toBeUndefined();
    expect(view.reader.get('loans', 'l-1')?.ownerLibraryId).toBe(LENDER);
  });

  it('never make a returned item the kiosk\'s to pack', () => {
    const service = onHoldShelf();
    const view = kioskView(service);
    new HoldRequestStandIns(view, 'kiosk-1').start();
    const pickup = ev('loan.started', { loanId: 'l-1', holdId: 'h-1', patronId: 'p-1' }, BORROWER, atLocal('2025-03-05', '12:00'));
    const r = view.tryApply(pickup);
    if (!r.ok) throw new Error(r.reason);
    view.commitLocal(fromKiosk(pickup), r);
    // Returned before the pickup was even confirmed (offline): the request the view then holds has no leg from here.
    const back = ev('loan.ended', { loanId: 'l-1', fineId: 'f-1' }, BORROWER, atLocal('2025-03-06', '12:00'));
    const ended = view.tryApply(back);
    expect(ended).toMatchObject({ ok: true, outcome: { kind: 'returned', returnTo: STAND_IN_LIBRARY } });
    if (!ended.ok) return;
    view.commitLocal(fromKiosk(back), ended);
    for (const req of view.reader.requestsForItem(BARCODE)) expect(legFor(req, BORROWER)).toBeNull();
  });
});

describe('a past visit for a reprint', () => {
  it('is the last run of one patron\'s events at this kiosk, with its loans and returns', () => {
    const view = kioskView(onHoldShelf());
    new HoldRequestStandIns(view, 'kiosk-1').start();
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
