// Administration of the directory and the policies: the service CLI and the admin API, never a desk.
import { Type } from '@sinclair/typebox';
import { PolicyFieldsSchema } from '../policy';
import { LibraryCode, obj } from '../kit/schema';
import { LibrarySchema } from './records';

export const LIBRARY_EVENTS = {
  'library.upserted': obj({ library: Type.Omit(LibrarySchema, ['updatedAt']) }),
  'policy.set': obj({ libraryId: Type.Union([LibraryCode, Type.Null()]), fields: Type.Partial(PolicyFieldsSchema, { additionalProperties: false }) }),
} as const;
