// Events that exist so a desk's problems reach its needs-attention list
// durably: a transaction the library's own system (SIP2) refused, and staff
// marking an exception handled. Both write the exceptions collection, which
// the desk and the service replicate like any other record.
import { describeReason } from './reasons';
import { accept, reject, type ReduceResult } from './reducer-kit';
import type { DomainEvent } from './events';
import type { ExceptionRecord } from './records';
import type { DomainReader } from './store';

const OPERATION_TEXT = {
  checkout: { operationZh: '借出', operationEn: 'check out' },
  checkin: { operationZh: '歸還', operationEn: 'check in' },
} as const;

export function ilsRefused(_r: DomainReader, e: DomainEvent<'ils.refused'>): ReduceResult {
  const p = e.payload;
  const params = { ...OPERATION_TEXT[p.operation], itemBarcode: p.itemBarcode, screenMessage: p.screenMessage.slice(0, 200) || '—' };
  const en = describeReason('ILS_REFUSED', params, 'en');
  const doc: ExceptionRecord & { id: string } = {
    id: e.id,
    deviceId: e.deviceId,
    libraryId: e.libraryId,
    eventId: e.id,
    eventType: e.type,
    reason: 'ILS_REFUSED',
    params,
    message: en.message.slice(0, 400),
    nextStep: en.nextStep,
    createdAt: e.at,
    resolved: false,
    updatedAt: e.at,
  };
  return accept([{ collection: 'exceptions', doc }]);
}

export function exceptionResolved(r: DomainReader, e: DomainEvent<'exception.resolved'>): ReduceResult {
  const ex = r.get('exceptions', e.payload.exceptionId);
  if (ex === undefined) return reject('UNKNOWN_EXCEPTION', { exceptionId: e.payload.exceptionId });
  // Exceptions are replicated to the device that raised them only; another desk cannot close them blind.
  if (ex.deviceId !== e.deviceId || ex.libraryId !== e.libraryId) return reject('EXCEPTION_NOT_YOURS', { exceptionId: e.payload.exceptionId });
  if (ex.resolved) return accept([]);
  return accept([{ collection: 'exceptions', doc: { ...ex, resolved: true, updatedAt: e.at } }]);
}
