// Each report as one flat table: what the console shows beside its chart and
// what the CSV and XLSX exports contain, built once here so the screen and the
// files cannot disagree. Column labels are message keys; the console
// translates them, the exports carry both languages.
import type { ReportName } from './routes';

export type Cell = string | number | null;
export interface Table { report: ReportName; columns: string[]; rows: Cell[][] }

/** Column labels for the exports (the console has the same words in its catalogue). */
export const COLUMN_LABELS: Record<string, { zh: string; en: string }> = {
  group: { zh: '期間', en: 'Period' }, placed: { zh: '申請', en: 'Placed' }, filled: { zh: '已供應', en: 'Filled' },
  unfilled: { zh: '未供應', en: 'Unfilled' }, fillRate: { zh: '滿足率', en: 'Fill rate' }, requested: { zh: '受理申請', en: 'Requests received' },
  lent: { zh: '借出', en: 'Lent' }, borrowed: { zh: '借入', en: 'Borrowed' }, net: { zh: '淨借出', en: 'Net' }, cannotSupply: { zh: '無法供應', en: 'Cannot supply' },
  libraryId: { zh: '學校', en: 'School' }, metric: { zh: '項目', en: 'Measure' }, count: { zh: '件數', en: 'Count' },
  averageHours: { zh: '平均（時）', en: 'Average (h)' }, medianHours: { zh: '中位數（時）', en: 'Median (h)' }, p90Hours: { zh: 'P90（時）', en: 'P90 (h)' },
  under48h: { zh: '48 小時內', en: 'Under 48 h' }, from48to72h: { zh: '48–72 小時', en: '48–72 h' }, over72h: { zh: '超過 72 小時', en: 'Over 72 h' },
  route: { zh: '路線', en: 'Route' }, holdsExpired: { zh: '逾期未取', en: 'Holds expired' }, cardsIssued: { zh: '虛擬證核發', en: 'Cards issued' },
  visitorLoans: { zh: '虛擬證借閱', en: 'Visitor loans' }, booksPerCard: { zh: '每證冊數', en: 'Books per card' }, loans: { zh: '借出冊數', en: 'Loans' },
  kioskLoans: { zh: '自助借書', en: 'Kiosk loans' }, returns: { zh: '歸還', en: 'Returns' }, selfReturns: { zh: '自助還書', en: 'Self-returns' },
  finesChargedAmount: { zh: '罰款開立', en: 'Fines charged' }, finesPaidAmount: { zh: '罰款繳納', en: 'Fines paid' }, finesWaivedAmount: { zh: '罰款免除', en: 'Fines waived' },
};

type Obj = Record<string, unknown>;
const pick = (o: Obj, cols: readonly string[]): Cell[] => cols.map((c) => (o[c] ?? null) as Cell);

export function tableOf(report: ReportName, data: unknown): Table {
  const d = data as Obj;
  switch (report) {
    case 'requests':
    case 'dashboard': {
      const r = (report === 'dashboard' ? d['requests'] : d) as { rows: Obj[]; total: Obj };
      const columns = ['group', 'placed', 'filled', 'unfilled', 'fillRate', 'requested', 'lent', 'cannotSupply'];
      return { report, columns, rows: [...r.rows, r.total].map((x) => pick(x, columns)) };
    }
    case 'trading': {
      const r = d as { rows: Obj[]; total: Obj };
      const columns = ['libraryId', 'lent', 'borrowed', 'net'];
      return { report, columns, rows: [...r.rows, { ...r.total, libraryId: 'all' }].map((x) => pick(x, columns)) };
    }
    case 'times': {
      const r = d as { metrics: Record<string, Obj> };
      const columns = ['metric', 'count', 'averageHours', 'medianHours', 'p90Hours', 'under48h', 'from48to72h', 'over72h'];
      return { report, columns, rows: Object.entries(r.metrics).map(([m, s]) => pick({ ...s, metric: m }, columns)) };
    }
    case 'routes': {
      const r = d as { routes: Array<Obj & { from: string; to: string }> };
      const columns = ['route', 'count', 'averageHours', 'medianHours', 'p90Hours', 'under48h', 'from48to72h', 'over72h'];
      return { report, columns, rows: r.routes.map((x) => pick({ ...x, route: `${x.from}→${x.to}` }, columns)) };
    }
    case 'activity': {
      const r = d as { rows: Obj[]; total: Obj };
      const columns = ['group', 'holdsExpired', 'cardsIssued', 'visitorLoans', 'booksPerCard', 'loans', 'kioskLoans', 'returns', 'selfReturns', 'finesChargedAmount', 'finesPaidAmount', 'finesWaivedAmount'];
      return { report, columns, rows: [...r.rows, r.total].map((x) => pick(x, columns)) };
    }
  }
}

const csvCell = (c: Cell) => {
  const s = c === null ? '' : String(c);
  // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(s) && typeof c !== 'number' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function tableCsv(t: Table): string {
  const header = t.columns.map((c) => `${COLUMN_LABELS[c]?.zh ?? c} ${COLUMN_LABELS[c]?.en ?? ''}`.trim());
  return `\uFEFF${[header, ...t.rows].map((r) => r.map((c) => csvCell(c as Cell)).join(',')).join('\r\n')}\r\n`;
}

export async function tableXlsx(t: Table): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.report);
  ws.addRow(t.columns.map((c) => `${COLUMN_LABELS[c]?.zh ?? c} ${COLUMN_LABELS[c]?.en ?? ''}`.trim()));
  for (const r of t.rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
