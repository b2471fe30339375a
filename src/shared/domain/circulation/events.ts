// The hold shelf and the counter: pickup, return, renewal, expired holds, fines paid or waived.
import { Id, Reason, obj } from '../kit/schema';

export const CIRCULATION_EVENTS = {
  'hold.expired': obj({ holdId: Id }),
  'loan.started': obj({ loanId: Id, holdId: Id, patronId: Id }),
  'loan.ended': obj({ loanId: Id, fineId: Id }),
  'loan.renewed': obj({ loanId: Id }),
  'fine.paid': obj({ fineId: Id }),
  'fine.waived': obj({ fineId: Id, reason: Reason }),
} as const;
