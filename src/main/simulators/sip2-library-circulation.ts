// Circulation in the simulated library system: checkout (11 → 12), checkin
// (09 → 10) and renew (29 → 30), with the refusals real systems give.
import type { CheckinRequest, CheckinResponse, CheckoutRequest, CheckoutResponse, RenewRequest, RenewResponse } from '#shared/sip2';
import type { Sip2SimState } from './sip2-library-state';

export function checkout(state: Sip2SimState, request: CheckoutRequest): CheckoutResponse {
  const item = state.items.get(request.itemId);
  const reply: CheckoutResponse = {
    type: 'checkoutResponse',
    ok: false,
    renewalOk: false,
    magneticMedia: 'N',
    desensitize: 'N',
    transactionDate: state.date(),
    institutionId: state.institutionId,
    patronId: request.patronId,
    itemId: request.itemId,
    titleId: item?.title ?? '',
    dueDate: '',
    mediaType: item?.mediaType,
  };
  const refuse = (message: string): CheckoutResponse => ({ ...reply, screenMessage: [message] });

  const patron = state.patrons.get(request.patronId);
  if (patron === undefined) return refuse('Patron not found');
  const pinProblem = state.pinProblem(patron, request.patronPassword);
  if (pinProblem !== null) return refuse(pinProblem);
  const noBlock = state.honoursNoBlock(request);
  if (!noBlock) {
    const patronProblem = state.patronRefusal(patron);
    if (patronProblem !== null) return refuse(patronProblem);
  }
  if (item === undefined) return refuse('Item not found');
  const rule = state.matchRefusal('checkout', patron.id, item.id);
  if (rule !== null) return refuse(rule);

  const loan = state.loans.get(item.id);
  if (loan !== undefined && loan.patronId === patron.id) {
    // Koha, Evergreen and Symphony treat checking out an item the patron already has as a renewal
    // (within the renewal limit), whatever the SC's renewal policy flag says.
    if (!noBlock && loan.renewals >= (state.options.maxRenewals ?? 3)) return refuse('Renewal limit reached');
    loan.dueDate = state.dueFrom(new Date(Math.max(state.now().getTime(), loan.dueDate.getTime())));
    loan.renewals++;
    return { ...reply, ok: true, renewalOk: true, desensitize: 'Y', dueDate: state.sipDate(loan.dueDate) };
  }
  if (!noBlock) {
    if (loan !== undefined) return refuse('Item is checked out to another patron');
    if (item.status === 'missing' || item.status === 'lost') return refuse(`Item is ${item.status}`);
  }

  const offlineDue = noBlock && request.nbDueDate.trim() !== '' ? state.readDate(request.nbDueDate) : null;
  const dueDate = offlineDue ?? state.dueFrom(state.now());
  state.loans.set(item.id, { itemId: item.id, patronId: patron.id, dueDate, renewals: 0 });
  item.status = 'on-loan';
  return { ...reply, ok: true, desensitize: 'Y', dueDate: state.sipDate(dueDate) };
}

export function checkin(state: Sip2SimState, request: CheckinRequest): CheckinResponse {
  const item = state.items.get(request.itemId);
  const reply: CheckinResponse = {
    type: 'checkinResponse',
    ok: false,
    resensitize: false,
    magneticMedia: 'N',
    alert: false,
    transactionDate: state.date(),
    institutionId: state.institutionId,
    itemId: request.itemId,
    permanentLocation: item?.permanentLocation ?? '',
    titleId: item?.title,
    mediaType: item?.mediaType,
  };
  if (item === undefined) return { ...reply, alert: true, screenMessage: ['Item not found'] };
  const loan = state.loans.get(item.id);
  const rule = state.matchRefusal('checkin', loan?.patronId, item.id);
  if (rule !== null) return { ...reply, screenMessage: [rule] };

  // Koha and Evergreen answer ok=0 with an alert for an item that is not on loan; a desk must not read it as done.
  if (loan === undefined && item.destination === undefined) return { ...reply, alert: true, screenMessage: ['Item not checked out'] };
  state.loans.delete(item.id);
  const done: CheckinResponse = { ...reply, ok: true, resensitize: true, patronId: loan?.patronId, sortBin: item.sortBin };
  if (item.destination !== undefined) {
    item.status = 'in-transit';
    return { ...done, alert: true, destination: item.destination, screenMessage: [`Send to ${item.destination}`] };
  }
  item.status = 'available';
  return done;
}

export function renew(state: Sip2SimState, request: RenewRequest): RenewResponse {
  const item = request.itemId === undefined ? undefined : state.items.get(request.itemId);
  const reply: RenewResponse = {
    type: 'renewResponse',
    ok: false,
    renewalOk: false,
    magneticMedia: 'N',
    desensitize: 'N',
    transactionDate: state.date(),
    institutionId: state.institutionId,
    patronId: request.patronId,
    itemId: request.itemId ?? '',
    titleId: item?.title ?? '',
    dueDate: '',
  };
  const refuse = (message: string): RenewResponse => ({ ...reply, screenMessage: [message] });

  const patron = state.patrons.get(request.patronId);
  if (patron === undefined) return refuse('Patron not found');
  const pinProblem = state.pinProblem(patron, request.patronPassword);
  if (pinProblem !== null) return refuse(pinProblem);
  if (item === undefined) return refuse('Item not found');
  const loan = state.loans.get(item.id);
  if (loan === undefined || loan.patronId !== patron.id) return refuse('Item is not checked out to this patron');
  const rule = state.matchRefusal('renew', patron.id, item.id);
  if (rule !== null) return refuse(rule);
  if (!state.honoursNoBlock(request)) {
    const patronProblem = state.patronRefusal(patron);
    if (patronProblem !== null) return refuse(patronProblem);
    if (loan.renewals >= (state.options.maxRenewals ?? 3)) return refuse('Renewal limit reached');
  }
  const from = new Date(Math.max(state.now().getTime(), loan.dueDate.getTime()));
  loan.dueDate = state.dueFrom(from);
  loan.renewals++;
  return { ...reply, ok: true, renewalOk: true, dueDate: state.sipDate(loan.dueDate) };
}
