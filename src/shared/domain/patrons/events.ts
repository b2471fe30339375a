// A library maintains its own patrons (the loan count and fines owed are the reducer's to keep).
import { Type } from '@sinclair/typebox';
import { obj } from '../kit/schema';
import { PatronSchema } from './records';

export const PATRON_EVENTS = {
  'patron.upserted': obj({ patron: Type.Omit(PatronSchema, ['updatedAt', 'loanCount', 'finesOwed']) }),
} as const;
