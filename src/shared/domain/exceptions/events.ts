// Staff mark a needs-attention item handled.
import { Type } from '@sinclair/typebox';
import { Id, obj } from '../kit/schema';

export const EXCEPTION_EVENTS = {
  'exception.resolved': obj({ exceptionId: Id, note: Type.String({ maxLength: 300 }) }),
} as const;
