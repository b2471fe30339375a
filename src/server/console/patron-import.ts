// Patron import from the file a library's own system exports (CSV, UTF-8, or
// XLSX, first sheet): a header row naming the columns, one patron per row.
// Every row is checked and reported; the import applies only when every row
// is good, all in one transaction (nothing half-imported).
import ExcelJS from 'exceljs';
import { isLocalDate } from '#shared/domain/dates';

export const MAX_IMPORT_ROWS = 20_000;

/** Column names accepted in the header (lower-cased), English or as Taiwanese library systems label them. */
const COLUMNS: Record<string, 'id' | 'card' | 'name' | 'status' | 'expires'> = {
  id: 'id', patron_id: 'id', 讀者編號: 'id', 讀者代號: 'id',
  card: 'card', cards: 'card', card_number: 'card', 證號: 'card', 借書證號: 'card',
  name: 'name', 姓名: 'name',
  status: 'status', 狀態: 'status',
  expires: 'expires', expires_on: 'expires', 到期日: 'expires', 有效期限: 'expires',
};
const STATUS: Record<string, 'active' | 'expired' | 'barred'> = { active: 'active', 有效: 'active', expired: 'expired', 過期: 'expired', barred: 'barred', 停權: 'barred' };
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface ImportedPatron { id: string; cardNumbers: string[]; name: string; status: 'active' | 'expired' | 'barred'; expiresOn: string }
export interface RowProblem { row: number; errors: string[] }
export type ParsedImport = { ok: true; patrons: ImportedPatron[] } | { ok: false; fileError?: string; problems: RowProblem[] };

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export async function parseXlsx(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) {
      const v = r.getCell(c).value;
      cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : typeof v === 'object' ? r.getCell(c).text : String(v));
    }
    rows.push(cells);
  });
  return rows;
}

/** Check every row; `existingCards` maps card numbers already held by other patrons to them (a card belongs to one patron). */
export function checkRows(table: string[][], existingCards: ReadonlyMap<string, string>): ParsedImport {
  const [header, ...body] = table;
  if (!header) return { ok: false, fileError: 'The file is empty.', problems: [] };
  const cols = header.map((h) => COLUMNS[h.trim().toLowerCase()] ?? null);
  const missing = (['id', 'card', 'name', 'expires'] as const).filter((c) => !cols.includes(c));
  if (missing.length > 0) return { ok: false, fileError: `The header row lacks the column(s): ${missing.join(', ')}.`, problems: [] };
  if (body.length === 0) return { ok: false, fileError: 'The file has a header but no patrons.', problems: [] };
  if (body.length > MAX_IMPORT_ROWS) return { ok: false, fileError: `At most ${MAX_IMPORT_ROWS} patrons per file (this one has ${body.length}).`, problems: [] };
  const problems: RowProblem[] = [];
  const patrons: ImportedPatron[] = [];
  const seenIds = new Map<string, number>();
  const seenCards = new Map<string, number>();
  body.forEach((cells, i) => {
    const row = i + 2; // as the spreadsheet numbers it, after the header
    const get = (c: string) => (cells[cols.indexOf(c as never)] ?? '').trim();
    const errors: string[] = [];
    const id = get('id');
    if (!ID.test(id)) errors.push('id: 1–64 letters, digits, "_", ".", ":" or "-"');
    else if (seenIds.has(id)) errors.push(`id: the same as row ${seenIds.get(id)}`);
    const cards = get('card').split(/[;|]/).map((c) => c.trim()).filter(Boolean);
    if (cards.length === 0 || cards.length > 8) errors.push('card: 1–8 card numbers, separated by ";"');
    for (const c of cards) {
      if ([...c].length > 64) errors.push(`card: ${c.slice(0, 20)}… is longer than 64 characters`);
      else if (seenCards.has(c)) errors.push(`card: ${c} is also on row ${seenCards.get(c)}`);
      else if (existingCards.has(c) && existingCards.get(c) !== id) errors.push(`card: ${c} already belongs to patron ${existingCards.get(c)}`);
    }
    const name = get('name');
    if ([...name].length < 1 || [...name].length > 80) errors.push('name: 1–80 characters');
    const statusRaw = cols.includes('status') ? get('status').toLowerCase() : '';
    const status = statusRaw === '' ? 'active' : STATUS[statusRaw];
    if (!status) errors.push('status: active, expired or barred (有效, 過期, 停權)');
    const expires = get('expires').replace(/\//g, '-');
    if (!isLocalDate(expires)) errors.push('expires: a date, YYYY-MM-DD');
    if (errors.length > 0) problems.push({ row, errors });
    else patrons.push({ id, cardNumbers: cards, name, status: status!, expiresOn: expires });
    if (ID.test(id) && !seenIds.has(id)) seenIds.set(id, row);
    for (const c of cards) if (!seenCards.has(c)) seenCards.set(c, row);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, patrons };
}
