// The ILS settings checked once, by the bridge contract's schema
// (IlsSettingsSchema, the same one every ils.configure request is validated
// with), plus the rules a schema cannot state (a host and an institution are
// needed only when the connection is on; a host must be a name or an
// address; a CA must look like a PEM certificate). This layer only words
// the failures, one per field, for the settings screen and the logs; it
// never quotes a value (a password could be one).
import { isIP } from 'node:net';
import Ajv, { type ErrorObject } from 'ajv';
import { IlsSettingsSchema } from '#shared/bridge/ils';
import { isKnownTimeZone } from '#shared/sip2';
import type { IlsConfigError } from './config';

// verbose: each error carries its schema, so a bound is worded from the schema itself.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validSettings = ajv.compile(JSON.parse(JSON.stringify(IlsSettingsSchema)) as object);

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const OBJECTS: Readonly<Record<string, string>> = {
  tls: 'must be an object',
  operations: 'must be an object',
  accounts: 'must be an object of library code → patron identifier',
};

/** "/tls/caPem" → "tls.caPem". */
const fieldOf = (pointer: string): string => pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');

function word(e: ErrorObject): IlsConfigError {
  const field = fieldOf(e.instancePath);
  const schema = e.parentSchema as { type?: string; minimum?: number; maximum?: number } | undefined;
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const at = field ? `${field}.${key}` : key;
    if (field === 'accounts') return { field: at, message: 'library code must be 2–16 upper-case letters or digits, starting with a letter' };
    return { field: at, message: field === 'operations' ? 'unknown operation' : 'unknown setting' };
  }
  if (field === 'offlinePinRule') return { field, message: "must be 'refuse' or 'accept-card-only'" };
  if (field === 'charset') return { field, message: "must be one of 'utf-8', 'big5', 'latin1', 'cp850', 'ascii'" };
  if (field === 'checksumMode') return { field, message: "must be 'bytes' or 'tolerant'" };
  if (field === 'noBlockFlag') return { field, message: "must be 'YN' or '10'" };
  if (field === 'fieldDelimiter') return { field, message: 'must be one punctuation character' };
  if (field === 'timeZone') return { field, message: 'must be a time zone name such as Asia/Taipei' };
  if (field in OBJECTS && e.keyword === 'type') return { field, message: OBJECTS[field]! };
  if (field === 'host' && e.keyword === 'pattern') return { field, message: 'must be a host name or an IP address' };
  if (field.startsWith('accounts.') && e.keyword === 'minLength') return { field, message: 'patron identifier is required' };
  if (schema?.type === 'integer') return { field, message: `must be a whole number from ${schema.minimum} to ${schema.maximum}` };
  if (schema?.type === 'boolean') return { field, message: 'must be true or false' };
  switch (e.keyword) {
    case 'type':
      return { field, message: 'must be text' };
    case 'maxLength':
      return { field, message: `must be at most ${(e.params as { limit: number }).limit} characters` };
    case 'pattern':
      return { field, message: "must not contain '|' or line breaks" };
    case 'maxProperties':
      return { field, message: `must have at most ${(e.params as { limit: number }).limit} entries` };
    default:
      return { field, message: e.message ?? 'is not valid' };
  }
}

/** Every problem with `settings` (already merged over the defaults), at most one per field; [] when they can be saved. */
export function checkIlsSettings(settings: Record<string, unknown>): IlsConfigError[] {
  const errors: IlsConfigError[] = [];
  const seen = new Set<string>();
  const add = (e: IlsConfigError) => {
    if (seen.has(e.field)) return;
    seen.add(e.field);
    errors.push(e);
  };
  if (!validSettings(settings)) for (const e of validSettings.errors ?? []) add(word(e));
  const enabled = settings['enabled'] === true;
  const host = settings['host'];
  if (typeof host === 'string') {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    if (host !== '' && isIP(bare) === 0 && !HOSTNAME.test(host)) add({ field: 'host', message: 'must be a host name or an IP address' });
    if (enabled && host === '') add({ field: 'host', message: 'is required when the connection is enabled' });
  }
  if (enabled && settings['institutionId'] === '') add({ field: 'institutionId', message: 'is required when the connection is enabled' });
  const timeZone = settings['timeZone'];
  if (typeof timeZone === 'string' && !seen.has('timeZone') && !isKnownTimeZone(timeZone)) add({ field: 'timeZone', message: 'is not a time zone this desk knows (e.g. Asia/Taipei)' });
  const caPem = (settings['tls'] as { caPem?: unknown } | undefined)?.caPem;
  if (typeof caPem === 'string' && caPem !== '' && !PEM.test(caPem)) add({ field: 'tls.caPem', message: 'must be a PEM certificate (-----BEGIN CERTIFICATE----- …)' });
  return errors;
}
