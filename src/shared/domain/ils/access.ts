// Only a staff desk runs the SIP2 connector; ils.refused writes exceptions (see ../exceptions/access.ts), no collection of its own.
import type { EventRecorders } from '../kit/access';
import type { ILS_EVENTS } from './events';

export const ILS_RECORDERS: EventRecorders<keyof typeof ILS_EVENTS> = { 'ils.refused': ['staff'] };
