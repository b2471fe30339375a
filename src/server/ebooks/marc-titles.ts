// A vendor's MARC 21 e-book records (ISO 2709, as vendors deliver them
// beside or instead of KBART) as title rows. Read with the catalogue's
// ISO 2709 reader (frames checked, MARC-8/UTF-8 by leader/09); per record:
//   001        the vendor's title id (KBART title_id)
//   245 $a $b  title (ISBD punctuation at the end dropped)
//   100 $a     first author          264/260 $b  publisher
//   020 $a     ISBN (the first valid one)        856 $u  title_url (http/https)
//   985 $a     copies: the consortium's local field (949 is already its holdings field), added to the vendor's
//              records before import as the copies column is added to KBART
// Problems are reported per record ("row" = the record's position in the file).
import { splitIso2709, readIso2709Record } from '#server/catalogue/marc-iso2709';
import type { Record as MarcRecord } from 'marcjs';
import { toIsbn13 } from '#shared/catalogue/isbn';
import { textFault } from '#shared/text/unicode';
import { isWebUrl, MAX_COPIES, type KbartParse, type KbartTitle } from '#shared/ebooks/kbart';

const sub = (r: MarcRecord, tag: string, code: string): string[] =>
  r.get(tag).flatMap((f) => (f.subf ?? []).filter(([c]) => c === code).map(([, v]) => v.trim()));
const control = (r: MarcRecord, tag: string): string => (r.get(tag)[0]?.value ?? '').trim();
// "書名 /" and "書名 :" carry ISBD punctuation for the next element.
const tidy = (s: string): string => s.replace(/\s*[/:;,.=]\s*$/u, '').trim();

export function parseMarcTitles(file: Buffer): KbartParse {
  const titles: KbartTitle[] = [];
  const problems: KbartParse['problems'] = [];
  const raws = splitIso2709(file);
  const seen = new Map<string, number>();
  for (const raw of raws) {
    const row = raw.position;
    const bad = (field: string | null, message: string) => problems.push({ row, field, message });
    const read = readIso2709Record(raw, 'marc21');
    if (!read.ok) { bad(null, read.message); continue; }
    const r = read.record;
    const before = problems.length;
    const titleId = control(r, '001');
    const title = tidy([sub(r, '245', 'a')[0] ?? '', sub(r, '245', 'b')[0] ?? ''].filter(Boolean).map(tidy).join(' : '));
    const url = sub(r, '856', 'u').find(isWebUrl) ?? '';
    const isbns = sub(r, '020', 'a');
    const isbn = isbns.map(toIsbn13).find((x) => x !== null) ?? null;
    const copiesText = sub(r, '985', 'a')[0] ?? '';
    const copies = /^\d{1,6}$/.test(copiesText) ? Number(copiesText) : NaN;
    if (titleId === '') bad('001', 'required: the vendor\'s id of the title');
    else if (seen.has(titleId)) bad('001', `${titleId} is already record ${seen.get(titleId)}`);
    else seen.set(titleId, row);
    if (title === '') bad('245', 'required: the title ($a)');
    if (url === '') bad('856', 'required: $u with the http or https address of the title on the vendor\'s platform');
    if (isbns.length > 0 && isbn === null) bad('020', `"${isbns[0]!.slice(0, 30)}" is not a valid ISBN`);
    if (!Number.isInteger(copies) || copies > MAX_COPIES) bad('985', `$a "${copiesText.slice(0, 20)}": the consortium's copies, a whole number from 0 to ${MAX_COPIES}`);
    const author = tidy(sub(r, '100', 'a')[0] ?? '') || null;
    const publisher = tidy(sub(r, '264', 'b')[0] ?? sub(r, '260', 'b')[0] ?? '') || null;
    for (const [f, v] of [['001', titleId], ['245', title], ['100', author ?? ''], ['264', publisher ?? '']] as const) {
      if (textFault(v)) bad(f, 'contains text that cannot be stored (NUL or a broken character)');
      else if (v.length > 1000) bad(f, 'longer than 1000 characters');
    }
    if (problems.length > before) continue;
    titles.push({ row, titleId, title, printIdentifier: null, onlineIdentifier: isbn, firstAuthor: author, publisher, publicationType: 'monograph', titleUrl: url, publishedOnline: null, copies });
  }
  if (raws.length === 0) problems.push({ row: 1, field: null, message: 'No MARC records in the file.' });
  return { titles, rows: raws.length, problems };
}
