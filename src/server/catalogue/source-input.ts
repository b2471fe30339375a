// The administrator's source settings, checked field by field: every mistake
// is a 400 naming the field, never a harvest that fails later for a typo.
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { DEFAULT_HOLDINGS, type HoldingsRule, type SourceInput, type SruSettings } from '#shared/catalogue/sources';

const bad = (field: string, what: string): ApiError => new ApiError(400, 'VALIDATION_FAILED', `${field}: ${what}`);
const LIBRARY_RE = new RegExp(LIBRARY_CODE_PATTERN);
const SUBFIELD_RE = /^[0-9a-z]$/;

function str(v: unknown, field: string, max: number, dflt?: string): string {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw bad(field, `text of 1 to ${max} characters`);
  return v.trim();
}

function int(v: unknown, field: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(field, `a whole number from ${min} to ${max}`);
  return v;
}

function subfield(v: unknown, field: string, dflt: string | null): string | null {
  if (v === undefined) return dflt;
  if (v === null) return null;
  if (typeof v !== 'string' || !SUBFIELD_RE.test(v)) throw bad(field, 'one subfield code (0-9 or a-z), or null');
  return v;
}

function codes(v: unknown, field: string, dflt: string[]): string[] {
  if (v === undefined) return dflt;
  if (!Array.isArray(v) || v.length > 100 || v.some((x) => typeof x !== 'string' || x.trim() === '' || x.length > 60)) throw bad(field, 'a list of at most 100 codes');
  return (v as string[]).map((x) => x.trim());
}

export function parseHoldingsRule(v: unknown): HoldingsRule {
  if (v === undefined) return DEFAULT_HOLDINGS;
  const o = allowOnly(requireObjectAt(v, '/holdings'), Object.keys(DEFAULT_HOLDINGS));
  const d = DEFAULT_HOLDINGS;
  const tag = o['tag'] ?? d.tag;
  if (typeof tag !== 'string' || !/^(0[1-9]\d|[1-9]\d\d)$/.test(tag)) throw bad('/holdings/tag', 'a data field tag from 010 to 999, e.g. 852, 949 or 995');
  const callNumberSubfields = o['callNumberSubfields'] ?? d.callNumberSubfields;
  if (typeof callNumberSubfields !== 'string' || !/^[0-9a-z]{0,10}$/.test(callNumberSubfields)) throw bad('/holdings/callNumberSubfields', 'subfield codes in order, e.g. "hi"');
  const map = o['libraryCodes'] ?? {};
  if (typeof map !== 'object' || map === null || Array.isArray(map) || Object.entries(map).some(([k, x]) => k.length > 60 || typeof x !== 'string' || !LIBRARY_RE.test(x))) {
    throw bad('/holdings/libraryCodes', 'an object from the value in the library subfield to a member library code');
  }
  return {
    tag,
    librarySubfield: subfield(o['librarySubfield'], '/holdings/librarySubfield', d.librarySubfield),
    libraryCodes: map as Record<string, string>,
    locationSubfield: subfield(o['locationSubfield'], '/holdings/locationSubfield', d.locationSubfield),
    callNumberSubfields,
    barcodeSubfield: subfield(o['barcodeSubfield'], '/holdings/barcodeSubfield', d.barcodeSubfield),
    statusSubfield: subfield(o['statusSubfield'], '/holdings/statusSubfield', d.statusSubfield),
    notLendableLocations: codes(o['notLendableLocations'], '/holdings/notLendableLocations', d.notLendableLocations),
    notLendableStatuses: codes(o['notLendableStatuses'], '/holdings/notLendableStatuses', d.notLendableStatuses),
    onLoanStatuses: codes(o['onLoanStatuses'], '/holdings/onLoanStatuses', d.onLoanStatuses),
    missingStatuses: codes(o['missingStatuses'], '/holdings/missingStatuses', d.missingStatuses),
    availableStatuses: codes(o['availableStatuses'], '/holdings/availableStatuses', d.availableStatuses),
  };
}

function requireObjectAt(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(field, 'an object');
  return v as Record<string, unknown>;
}

function parseSru(v: unknown): SruSettings {
  const o = allowOnly(requireObjectAt(v, '/sru'), ['url', 'version', 'query', 'incrementalQuery', 'recordSchema', 'pageSize', 'timeoutMs']);
  const url = str(o['url'], '/sru/url', 500);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('/sru/url', 'an http:// or https:// URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw bad('/sru/url', 'an http:// or https:// URL (SRU runs over HTTP)');
  const version = o['version'] ?? 'auto';
  if (version !== 'auto' && version !== '1.1' && version !== '1.2' && version !== '2.0') throw bad('/sru/version', '"auto", "1.1", "1.2" or "2.0"');
  const incremental = o['incrementalQuery'] ?? null;
  if (incremental !== null && (typeof incremental !== 'string' || !incremental.includes('{since}') || incremental.length > 500)) throw bad('/sru/incrementalQuery', 'CQL containing {since}, e.g. rec.lastModificationDate > "{since}", or null');
  return {
    url,
    version,
    query: str(o['query'], '/sru/query', 500, 'cql.allRecords=1'),
    incrementalQuery: incremental as string | null,
    recordSchema: str(o['recordSchema'], '/sru/recordSchema', 200, 'marcxml'),
    pageSize: int(o['pageSize'], '/sru/pageSize', 1, 1000, 100),
    timeoutMs: int(o['timeoutMs'], '/sru/timeoutMs', 500, 300_000, 30_000),
  };
}

/** A whole source from a POST body, or a PUT body merged over the stored source. */
export function parseSourceInput(body: unknown, base?: SourceInput): SourceInput {
  const o = allowOnly(requireObject(body), ['libraryId', 'name', 'kind', 'sru', 'fileEncoding', 'holdings', 'intervalMinutes', 'enabled']);
  const libraryId = o['libraryId'] ?? base?.libraryId;
  if (typeof libraryId !== 'string' || !LIBRARY_RE.test(libraryId)) throw bad('/libraryId', 'a library code such as NKUST');
  const kind = o['kind'] ?? base?.kind;
  if (kind !== 'sru' && kind !== 'file') throw bad('/kind', '"sru" (harvested from an SRU endpoint) or "file" (uploaded MARC files)');
  const sruRaw = o['sru'] !== undefined ? o['sru'] : base?.sru;
  if (kind === 'sru' && (sruRaw === undefined || sruRaw === null)) throw bad('/sru', 'required for an SRU source: { url, query?, version?, pageSize?, … }');
  const sru = kind === 'sru' ? (o['sru'] !== undefined ? parseSru(sruRaw) : base!.sru) : null;
  const enc = o['fileEncoding'] ?? base?.fileEncoding ?? 'marc21';
  if (enc !== 'marc21' && enc !== 'big5') throw bad('/fileEncoding', '"marc21" (leader/09 decides) or "big5"');
  const interval = o['intervalMinutes'] !== undefined ? o['intervalMinutes'] : (base?.intervalMinutes ?? (kind === 'sru' ? 1440 : null));
  if (interval !== null && (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 5 || interval > 525_600)) throw bad('/intervalMinutes', 'a whole number of minutes from 5 to 525600, or null');
  const enabled = o['enabled'] ?? base?.enabled ?? true;
  if (typeof enabled !== 'boolean') throw bad('/enabled', 'true or false');
  return {
    libraryId,
    name: str(o['name'] ?? base?.name, '/name', 200),
    kind,
    sru,
    fileEncoding: enc,
    holdings: o['holdings'] !== undefined ? parseHoldingsRule(o['holdings']) : (base?.holdings ?? DEFAULT_HOLDINGS),
    intervalMinutes: kind === 'sru' ? (interval as number | null) : null,
    enabled,
  };
}
