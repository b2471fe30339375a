// The patron side of the simulated library system: status (23 → 24),
// information (63 → 64), fees paid (37 → 38) and ending a session (35 → 36).
import type {
  EndPatronSessionRequest, EndSessionResponse, FeePaidRequest, FeePaidResponse, PatronInformationRequest, PatronInformationResponse, PatronStatusRequest, PatronStatusResponse,
} from '#shared/sip2';
import type { Sip2SimPatron } from './sip2-library-model';
import type { Sip2SimState } from './sip2-library-state';

export function patronStatus(state: Sip2SimState, request: PatronStatusRequest): PatronStatusResponse {
  const patron = state.patrons.get(request.patronId);
  return {
    type: 'patronStatusResponse',
    patronStatus: state.statusFlags(patron),
    language: request.language,
    transactionDate: state.date(),
    institutionId: state.institutionId,
    patronId: request.patronId,
    personalName: patron?.name ?? '',
    validPatron: patron !== undefined,
    validPatronPassword: patron !== undefined && request.patronPassword !== '' ? request.patronPassword === patron.pin : undefined,
    ...feeFields(state, patron),
    screenMessage: patron === undefined ? ['Patron not found'] : undefined,
  };
}

/** BH/BV: real servers send them only when the patron owes something. */
function feeFields(state: Sip2SimState, patron: Sip2SimPatron | undefined): { currencyType?: string; feeAmount?: string } {
  const fines = patron?.fines ?? 0;
  if (fines === 0 && state.options.feeFieldsAlways !== true) return {};
  return { currencyType: state.options.currency ?? 'TWD', feeAmount: state.money(fines) };
}

export function patronInformation(state: Sip2SimState, request: PatronInformationRequest): PatronInformationResponse {
  const patron = state.patrons.get(request.patronId);
  const now = state.now().getTime();
  const loans = patron === undefined ? [] : state.loansOf(patron.id);
  const overdue = loans.filter((loan) => loan.dueDate.getTime() < now);
  const start = Math.max(1, request.startItem ?? 1);
  const end = request.endItem ?? Number.MAX_SAFE_INTEGER;
  const page = (ids: string[]): string[] | undefined => {
    const slice = ids.slice(start - 1, end);
    return slice.length > 0 ? slice : undefined;
  };
  const info: PatronInformationResponse = {
    type: 'patronInformationResponse',
    patronStatus: state.statusFlags(patron),
    language: request.language,
    transactionDate: state.date(),
    holdItemsCount: 0,
    overdueItemsCount: overdue.length,
    chargedItemsCount: loans.length,
    fineItemsCount: (patron?.fines ?? 0) > 0 ? 1 : 0,
    recallItemsCount: 0,
    unavailableHoldsCount: 0,
    institutionId: state.institutionId,
    patronId: request.patronId,
    personalName: patron?.name ?? '',
    chargedItemsLimit: state.options.chargedItemsLimit ?? 30,
    validPatron: patron !== undefined,
    validPatronPassword:
      patron !== undefined && request.patronPassword !== undefined && request.patronPassword !== ''
        ? request.patronPassword === patron.pin
        : undefined,
    ...feeFields(state, patron),
    feeLimit: state.money(state.fineLimit),
    chargedItems: request.summary === 'chargedItems' ? page(loans.map((loan) => loan.itemId)) : undefined,
    overdueItems: request.summary === 'overdueItems' ? page(overdue.map((loan) => loan.itemId)) : undefined,
    emailAddress: patron?.email,
    homePhoneNumber: patron?.phone,
    homeAddress: patron?.address,
    screenMessage: patron === undefined ? ['Patron not found'] : undefined,
  };
  return state.options.blankCounts === true ? { ...info, blankFields: ['holdItemsCount', 'recallItemsCount', 'unavailableHoldsCount'] } : info;
}

/** 37 → 38: the amount comes off the patron's fines; an unknown patron or an amount that is not money is refused. */
export function feePaid(state: Sip2SimState, request: FeePaidRequest): FeePaidResponse {
  const patron = state.patrons.get(request.patronId);
  const amount = Number(request.feeAmount);
  const reply: FeePaidResponse = { type: 'feePaidResponse', paymentAccepted: false, transactionDate: state.date(), institutionId: state.institutionId, patronId: request.patronId, transactionId: request.transactionId };
  if (patron === undefined) return { ...reply, screenMessage: ['Patron not found'] };
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(request.feeAmount) || amount <= 0) return { ...reply, screenMessage: ['Invalid fee amount'] };
  patron.fines = Math.max(0, Math.round(((patron.fines ?? 0) - amount) * 100) / 100);
  state.payments.push({ patronId: patron.id, amount: request.feeAmount, currency: request.currencyType, feeId: request.feeIdentifier, transactionId: request.transactionId });
  return { ...reply, paymentAccepted: true };
}

export function endSession(state: Sip2SimState, request: EndPatronSessionRequest): EndSessionResponse {
  return {
    type: 'endSessionResponse',
    endSession: true,
    transactionDate: state.date(),
    institutionId: state.institutionId,
    patronId: request.patronId,
  };
}
