// What the union index keeps of a MARC 21 bibliographic record: the
// descriptive fields searched and shown, and its copies as the library's
// holdings rule reads them (which field, which subfields, which codes mean
// "not lent", "on loan", "missing").
import type { Record as MarcRecord } from 'marcjs';
import { sanitizeText } from '#shared/text/unicode';
import { toIsbn13 } from '#shared/catalogue/isbn';
import type { Availability } from '#shared/catalogue/wire';
import type { HoldingsRule } from '#shared/catalogue/sources';

export interface HoldingCopy {
  libraryId: string;
  callNumber: string | null;
  location: string | null;
  barcode: string | null;
  lendable: boolean;
  availability: Availability;
  statusRaw: string | null;
}

export interface BibRecord {
  localId: string;
  title: string;
  /** Other titles searched (varying form, uniform, series). */
  otherTitles: string[];
  author: string | null;
  authors: string[];
  year: number | null;
  publisher: string | null;
  /** Valid ISBNs as ISBN-13, in record order; the first is the work key. */
  isbns: string[];
  /** Every 020 $a/$z as written (searched, even when invalid). */
  isbnsAsWritten: string[];
  subjects: string[];
  classNumbers: string[];
  holdings: HoldingCopy[];
}

export type ExtractResult = { ok: true; bib: BibRecord; holdingsSkipped: number } | { ok: false; code: string; message: string };

type Sub = [code: string, value: string];

// MARC delimiters and other control characters never belong in a shown or searched value.
// eslint-disable-next-line no-control-regex
const clean = (s: string, max = 500): string => sanitizeText(s.replace(/[\x00-\x1f]+/g, ' ').replace(/\s+/g, ' ').trim(), max);
// ISBD punctuation a cataloguer ends a subfield with (" /", " :", " ;", ",", ".").
const trimIsbd = (s: string): string => s.replace(/[\s/:;,.=]+$/u, '').trim();

function dataFields(record: MarcRecord, tag: string): Sub[][] {
  const out: Sub[][] = [];
  for (const f of record.fields) {
    if (f[0] !== tag || f.length < 2) continue;
    const subs: Sub[] = [];
    for (let i = 2; i + 1 < f.length; i += 2) subs.push([f[i]!, f[i + 1]!]);
    out.push(subs);
  }
  return out;
}

const control = (record: MarcRecord, tag: string): string | null => {
  const f = record.fields.find((x) => x[0] === tag && x.length === 2);
  return f ? f[1]! : null;
};

const join = (subs: Sub[], codes: string, sep = ' '): string => trimIsbd(clean(subs.filter(([c]) => codes.includes(c)).map(([, v]) => trimIsbd(v)).filter(Boolean).join(sep)));
const first = (subs: Sub[], code: string | null): string | null => {
  if (code === null) return null;
  const v = subs.find(([c]) => c === code)?.[1];
  const s = v === undefined ? '' : clean(v, 200);
  return s === '' ? null : s;
};

function yearOf(record: MarcRecord): number | null {
  const f008 = control(record, '008');
  const y = f008 && /^\d{4}$/.test(f008.slice(7, 11)) ? Number(f008.slice(7, 11)) : null;
  if (y && y > 1000) return y;
  for (const tag of ['264', '260']) {
    for (const subs of dataFields(record, tag)) {
      const m = /\d{4}/.exec(subs.find(([c]) => c === 'c')?.[1] ?? '');
      if (m) return Number(m[0]);
    }
  }
  return null;
}

const matches = (list: readonly string[], v: string | null): boolean => v !== null && list.some((x) => x === '*' || x.toLowerCase() === v.toLowerCase());

function availabilityOf(rule: HoldingsRule, status: string | null): Availability {
  if (rule.statusSubfield === null) return 'unknown';
  if (status === null) return 'available';
  if (matches(rule.onLoanStatuses.filter((s) => s !== '*'), status)) return 'on_loan';
  if (matches(rule.missingStatuses, status)) return 'missing';
  if (matches(rule.availableStatuses, status) || matches(rule.notLendableStatuses, status)) return 'available';
  // '*' in onLoanStatuses: any value means on loan (Koha's 952 $q holds the due date).
  if (rule.onLoanStatuses.includes('*')) return 'on_loan';
  return 'unknown';
}

function copies(record: MarcRecord, rule: HoldingsRule, sourceLibrary: string, members: ReadonlySet<string>): { copies: HoldingCopy[]; skipped: number } {
  const out: HoldingCopy[] = [];
  let skipped = 0;
  for (const subs of dataFields(record, rule.tag)) {
    const raw = first(subs, rule.librarySubfield);
    const libraryId = raw === null ? sourceLibrary : (rule.libraryCodes[raw] ?? raw);
    if (!members.has(libraryId)) {
      skipped++;
      continue;
    }
    const location = first(subs, rule.locationSubfield);
    const status = first(subs, rule.statusSubfield);
    const callNumber = join(subs, rule.callNumberSubfields) || null;
    out.push({
      libraryId,
      callNumber,
      location,
      barcode: first(subs, rule.barcodeSubfield),
      lendable: !matches(rule.notLendableLocations, location) && !matches(rule.notLendableStatuses, status),
      availability: availabilityOf(rule, status),
      statusRaw: status,
    });
  }
  return { copies: out, skipped };
}

export function extractBib(record: MarcRecord, position: number, rule: HoldingsRule, sourceLibrary: string, members: ReadonlySet<string>): ExtractResult {
  // Without a control number the record cannot be matched on the next harvest; its place in the file stands in.
  const localId = clean(control(record, '001') ?? '', 120) || clean(dataFields(record, '035')[0]?.find(([c]) => c === 'a')?.[1] ?? '', 120) || `#${position}`;
  const t245 = dataFields(record, '245')[0];
  const title = t245 ? join(t245, 'abnp') : '';
  if (title === '') return { ok: false, code: 'NO_TITLE', message: `Record ${position} (${localId}): no title (245 $a).` };
  const authors: string[] = [];
  for (const tag of ['100', '110', '111', '700', '710', '711']) for (const subs of dataFields(record, tag)) {
    const name = join(subs, 'a');
    if (name) authors.push(name);
  }
  const isbnsAsWritten = ['020'].flatMap((tag) => dataFields(record, tag).flatMap((subs) => subs.filter(([c]) => c === 'a' || c === 'z').map(([, v]) => clean(v, 60))));
  const valid = dataFields(record, '020').flatMap((subs) => subs.filter(([c]) => c === 'a').map(([, v]) => toIsbn13(v)));
  const subjects = ['600', '610', '611', '630', '650', '651', '655'].flatMap((tag) => dataFields(record, tag).map((subs) => join(subs, 'abcdvxyz', ' -- '))).filter(Boolean);
  const classNumbers = ['050', '082', '084', '090', '095'].flatMap((tag) => dataFields(record, tag).map((subs) => join(subs, 'ab'))).filter(Boolean);
  const otherTitles = [...dataFields(record, '246').map((s) => join(s, 'ab')), ...['130', '240'].flatMap((t) => dataFields(record, t).map((s) => join(s, 'a'))), ...dataFields(record, '490').map((s) => join(s, 'a'))].filter(Boolean);
  const publisher = ['264', '260'].flatMap((t) => dataFields(record, t).map((s) => join(s, 'b'))).find(Boolean) ?? null;
  const held = copies(record, rule, sourceLibrary, members);
  return {
    ok: true,
    holdingsSkipped: held.skipped,
    bib: {
      localId, title, otherTitles, author: authors[0] ?? null, authors, year: yearOf(record), publisher,
      isbns: [...new Set(valid.filter((v): v is string => v !== null))], isbnsAsWritten, subjects, classNumbers, holdings: held.copies,
    },
  };
}
