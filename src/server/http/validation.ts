// Validates request bodies against the JSON Schemas in src/shared (the same
// schemas the desk's RxDB collections are built from), with messages that
// name the field and the rule.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_PAYLOAD_SCHEMAS, EventDocSchema, type EventDoc, type EventType } from '#shared/domain/events';
import { clip } from '#shared/text/unicode';
import { describeTextProblem, findTextFault } from '#server/http/text-check';

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);

const plain = <T>(schema: T): T => JSON.parse(JSON.stringify(schema)) as T;

const eventDoc = ajv.compile(plain(EventDocSchema));
const payloads = new Map<string, ValidateFunction>(
  Object.entries(EVENT_PAYLOAD_SCHEMAS).map(([type, schema]) => [type, ajv.compile(plain(schema))]),
);

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

export function describeErrors(errors: ErrorObject[] | null | undefined, prefix = ''): string {
  const e = errors?.[0];
  if (!e) return 'invalid';
  const where = `${prefix}${e.instancePath}` || '(body)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field "${String(e.params['additionalProperty'])}"`;
  if (e.keyword === 'enum' || e.keyword === 'const') return `${where}: must be one of the allowed values`;
  return `${where}: ${e.message ?? 'is invalid'}`;
}

export interface EventValidationOptions {
  /**
   * What to do with text the database cannot store (NUL, lone surrogates), once the schema holds:
   * 'refuse' (the default) fails validation naming the field — for events the service makes from
   * an administrator's or a desk's API call, answered 400; 'defer' lets it through for the
   * applier to reject that one event (push-screens.ts) — for a desk's push, where a 400 would
   * stop the desk's whole queue behind one bad event.
   */
  unstorableText?: 'refuse' | 'defer';
}

/** A pushed event document: RxDB's _deleted flag removed, envelope and payload checked. */
export function validateEventDoc(input: unknown, opts: EventValidationOptions = {}): Validation<EventDoc> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, message: 'event must be an object' };
  const { _deleted: deleted, ...doc } = input as Record<string, unknown>;
  if (deleted === true) return { ok: false, message: 'events cannot be deleted' };
  // The type check comes first so that an unknown type gets that message rather than a schema path.
  const type = doc['type'];
  if (typeof type !== 'string' || !payloads.has(type)) return { ok: false, message: `/type: unknown event type "${clip(String(type), 40)}"` };
  if (!eventDoc(doc)) return { ok: false, message: describeErrors(eventDoc.errors) };
  const payload = payloads.get(type as EventType)!;
  if (!payload(doc['payload'])) return { ok: false, message: describeErrors(payload.errors, '/payload') };
  if (opts.unstorableText !== 'defer') {
    const problem = findTextFault(doc);
    if (problem) return { ok: false, message: describeTextProblem(problem) };
  }
  return { ok: true, value: doc as unknown as EventDoc };
}
