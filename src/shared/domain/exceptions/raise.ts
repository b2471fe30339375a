// An exception record the reducer writes for an event it accepts but that
// staff must follow up (a library system's refusal, a card over its limit):
// the reason's English words are stored, clipped by code point to the schema.
import type { DomainEvent } from '../events';
import { describeReason, type ReasonCode } from '../reasons';
import { clip } from '#shared/text/unicode';
import type { ExceptionRecord } from './records';

const TEXT_MAX = 400;

export function raisedException(
  e: DomainEvent,
  reason: ReasonCode,
  params: ExceptionRecord['params'],
  opts: { id?: string; audience?: 'library' } = {},
): ExceptionRecord {
  const en = describeReason(reason, params, 'en');
  return {
    id: opts.id ?? e.id,
    deviceId: e.deviceId,
    libraryId: e.libraryId,
    eventId: e.id,
    eventType: e.type,
    reason,
    params,
    message: clip(en.message, TEXT_MAX),
    nextStep: clip(en.nextStep, TEXT_MAX),
    createdAt: e.at,
    resolved: false,
    ...(opts.audience ? { audience: opts.audience } : {}),
    updatedAt: e.at,
  };
}
