// Every request's input is checked against its contract schema before a
// handler sees it; the message names the field and the rule.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { REQUEST_INPUT_SCHEMAS, REQUEST_NAMES, type RequestInput, type RequestName } from '#shared/bridge';
import { bridgeError, type BridgeError } from '#shared/bridge/errors';

const ajv = new Ajv({ allErrors: false, strict: false });
// TypeBox schemas carry symbol keys; a JSON round trip leaves the plain JSON Schema.
const plain = <T>(schema: T): T => JSON.parse(JSON.stringify(schema)) as T;

const validators = new Map<RequestName, ValidateFunction>(REQUEST_NAMES.map((name) => [name, ajv.compile(plain(REQUEST_INPUT_SCHEMAS[name]))]));

function describe(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return '(input): is invalid';
  const where = e.instancePath || '(input)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field "${String(e.params['additionalProperty']).slice(0, 40)}"`;
  if (e.keyword === 'required') return `${where}: missing field "${String(e.params['missingProperty'])}"`;
  if (e.keyword === 'anyOf' || e.keyword === 'enum' || e.keyword === 'const') return `${where}: must be one of the allowed values`;
  return `${where}: ${e.message ?? 'is invalid'}`;
}

export type InputCheck<K extends RequestName> = { ok: true; value: RequestInput<K> } | { ok: false; error: BridgeError };

export function validateInput<K extends RequestName>(name: K, input: unknown): InputCheck<K> {
  const check = validators.get(name);
  if (!check) return { ok: false, error: bridgeError('UNKNOWN_METHOD', `There is no request "${String(name).slice(0, 64)}".`) };
  // Structured-clone (IPC) and JSON (WebSocket) both deliver plain data, but a prototype-less or exotic object is refused outright.
  if (check(input)) return { ok: true, value: input as RequestInput<K> };
  return { ok: false, error: bridgeError('INVALID_INPUT', `${name} ${describe(check.errors)}`) };
}
