// A harvest: read a source's records (SRU pages or an uploaded MARC file),
// keep what can be read, report what cannot (per record where the source
// lets us tell), and swap the new set into the index in one transaction.
// Anything that stops the harvest itself (a dead endpoint, a timeout, XML
// that is not XML, a file with no readable record) leaves the previous index
// untouched and is recorded on the source.
import type { Database } from '#server/db/database';
import type { HarvestReport, RecordProblem, SourceView, SruVersion } from '#shared/catalogue/sources';
import { extractBib } from './marc-extract';
import { readIso2709Record, splitIso2709, type MarcReadResult } from './marc-iso2709';
import { readMarcXmlFile, recordFromMarcXml } from './marc-xml';
import { prepareRecord, storeSourceRecords, type PreparedRecord } from './index-store';
import { memberLibraries } from './sources-repo';
import { SruError, detectVersion, searchRetrieve } from './sru-client';
import iconv from 'iconv-lite';

const PROBLEMS_KEPT = 50;
/** A harvest larger than this is refused rather than holding an unbounded set in memory. */
export const MAX_HARVEST_RECORDS = 2_000_000;

export class HarvestError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface HarvestOutcome {
  status: 'ok' | 'partial' | 'failed';
  error: { code: string; message: string } | null;
  report: HarvestReport | null;
}

/** Collects a harvest's readable records and its per-record problems. */
class Collector {
  readonly records: PreparedRecord[] = [];
  readonly problems: RecordProblem[] = [];
  moreProblems = 0;
  rejected = 0;
  holdings = 0;
  holdingsSkipped = 0;

  constructor(private readonly source: SourceView, private readonly members: ReadonlySet<string>) {}

  problem(position: number, localId: string | null, code: string, message: string): void {
    this.rejected++;
    if (this.problems.length < PROBLEMS_KEPT) this.problems.push({ position, localId, code, message });
    else this.moreProblems++;
  }

  add(position: number, read: MarcReadResult): void {
    if (!read.ok) return this.problem(position, null, read.code, read.message);
    const x = extractBib(read.record, position, this.source.holdings, this.source.libraryId, this.members);
    if (!x.ok) return this.problem(position, null, x.code, x.message);
    this.holdings += x.bib.holdings.length;
    this.holdingsSkipped += x.holdingsSkipped;
    this.records.push(prepareRecord(x.bib));
  }

  report(mode: HarvestReport['mode'], sruVersion: SruVersion | null, started: number): HarvestReport {
    return {
      mode, sruVersion, records: this.records.length, holdings: this.holdings, holdingsSkipped: this.holdingsSkipped,
      recordsRejected: this.rejected, problems: this.problems, moreProblems: this.moreProblems, ms: Date.now() - started,
    };
  }
}

async function store(db: Database, source: SourceView, c: Collector, mode: 'replace' | 'upsert', report: HarvestReport): Promise<HarvestOutcome> {
  if (c.records.length === 0 && mode === 'replace') {
    const error = c.rejected > 0
      ? { code: 'NO_READABLE_RECORDS', message: `None of the ${c.rejected} records could be read (first: ${c.problems[0]?.message ?? '?'}); the previous index is kept.` }
      : { code: 'EMPTY_HARVEST', message: 'The source returned no records; the previous index is kept (check the harvest query).' };
    return { status: 'failed', error, report };
  }
  await db.transaction((tx) => storeSourceRecords(tx, source.id, c.records, mode));
  return { status: c.rejected > 0 ? 'partial' : 'ok', error: null, report };
}

function failure(err: unknown, report: HarvestReport | null): HarvestOutcome {
  if (err instanceof SruError || err instanceof HarvestError) return { status: 'failed', error: { code: err.code, message: `${err.message} The previous index is kept.` }, report };
  throw err;
}

export async function harvestSru(db: Database, source: SourceView, requested: 'full' | 'incremental' | 'auto' = 'auto'): Promise<HarvestOutcome> {
  const started = Date.now();
  const sru = source.sru;
  if (!sru) return { status: 'failed', error: { code: 'NOT_AN_SRU_SOURCE', message: 'This source has no SRU settings; upload MARC files to it instead.' }, report: null };
  const incremental = requested !== 'full' && sru.incrementalQuery !== null && source.lastSuccessAt !== null;
  const mode = incremental ? 'incremental' : 'full';
  const query = incremental ? sru.incrementalQuery!.replaceAll('{since}', source.lastSuccessAt!) : sru.query;
  const c = new Collector(source, await memberLibraries(db));
  let version: SruVersion | null = null;
  try {
    version = sru.version === 'auto' ? await detectVersion(sru.url, sru.timeoutMs) : sru.version;
    let start = 1;
    for (;;) {
      const page = await searchRetrieve(sru, version, query, start);
      version = page.version;
      for (const r of page.records) {
        if (r.diagnostic !== null) c.problem(r.position, null, 'SRU_RECORD_DIAGNOSTIC', `Record ${r.position}: the server could not send it: ${r.diagnostic}`);
        else c.add(r.position, recordFromMarcXml(r.marc, r.position));
      }
      if (c.records.length + c.rejected > MAX_HARVEST_RECORDS) throw new HarvestError('HARVEST_TOO_LARGE', `More than ${MAX_HARVEST_RECORDS} records; split the harvest query.`);
      if (page.nextPosition === null || page.records.length === 0) break;
      start = page.nextPosition;
    }
  } catch (err) {
    return failure(err, c.report(mode, version, started));
  }
  return store(db, source, c, incremental ? 'upsert' : 'replace', c.report(mode, version, started));
}

export type MarcFileFormat = 'iso2709' | 'marcxml';

export function detectFormat(file: Buffer): MarcFileFormat {
  let i = 0;
  // A UTF-8 byte-order mark, then white space, then '<' starts XML; an ISO 2709 record starts with five digits.
  if (file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf) i = 3;
  while (i < file.length && (file[i] === 0x20 || file[i] === 0x0a || file[i] === 0x0d || file[i] === 0x09)) i++;
  return file[i] === 0x3c ? 'marcxml' : 'iso2709';
}

function xmlText(file: Buffer): string {
  const decl = /^\uFEFF?\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(file.toString('latin1', 0, 200));
  const enc = decl?.[1]?.toLowerCase() ?? 'utf-8';
  if (enc === 'big5' || enc === 'big5-hkscs') return iconv.decode(file, 'big5');
  if (enc !== 'utf-8' && enc !== 'utf8') throw new HarvestError('UNSUPPORTED_ENCODING', `The XML declares encoding "${enc}"; send MARCXML in UTF-8 (or Big5).`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    throw new HarvestError('BROKEN_UTF8', 'The MARCXML file is not valid UTF-8 (wrong encoding, or a cut multi-byte character).');
  }
}

export async function importMarcFile(db: Database, source: SourceView, file: Buffer, format: MarcFileFormat = detectFormat(file)): Promise<HarvestOutcome> {
  const started = Date.now();
  const c = new Collector(source, await memberLibraries(db));
  try {
    if (format === 'marcxml') {
      const parsed = readMarcXmlFile(xmlText(file));
      if (!parsed.ok) throw new HarvestError(parsed.code, parsed.message);
      parsed.records.forEach((node, i) => c.add(i + 1, recordFromMarcXml(node, i + 1)));
    } else {
      for (const raw of splitIso2709(file)) c.add(raw.position, readIso2709Record(raw, source.fileEncoding));
    }
  } catch (err) {
    return failure(err, c.report('file', null, started));
  }
  return store(db, source, c, 'replace', c.report('file', null, started));
}
