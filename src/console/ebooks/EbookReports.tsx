// 雲端電子書 statistics in the console: loans, reads and turn-aways per title,
// school, year or month, with the vendors' COUNTER counts beside them. The
// title view is sorted by turn-aways and shows them per copy owned: the number
// that says whether to buy more copies.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { EBOOK_PATHS, type EbookReport, type ImportReport, type ReportGroup } from '#shared/ebooks/wire';
import { api, type Account, type Cell, type Table } from '../api';
import { Chart } from '../Chart';

const zh = {
  nav: { ebooks: '雲端電子書' },
  ebooks: { title: '雲端電子書統計', intro: '本聯盟的借閱、閱讀與拒借（所有複本都借出時被拒絕的借閱）次數，旁列廠商 COUNTER R5 報表的數字。每複本拒借次數高的書，值得加購複本。', group: { title: '每種書', school: '每校', year: '每年', month: '每月' }, table: '電子書統計（表格）', chart: '電子書統計（圖表）', total: '合計',
    imports: '匯入廠商檔案', titlesFile: '書單（KBART 含 copies 欄，或 MARC）', vendor: '廠商代號', counterFile: 'COUNTER R5 報表（TR、TR_B1～B3；JSON、TSV 或 CSV）', send: '匯入', imported: '已匯入 {{count}} 列。', refused: '檔案有 {{count}} 個問題，未匯入任何資料：', line: '第 {{row}} 列' },
  cols: { key: '項目', label: '名稱', copies: '複本數', ebookLoans: '借閱', reads: '閱讀', turnaways: '拒借', turnawaysPerCopy: '每複本拒借', vendorRequests: '廠商 Total_Item_Requests', vendorUniqueTitleRequests: '廠商 Unique_Title_Requests', vendorTurnaways: '廠商拒絕（No_License + Limit_Exceeded）' },
};
const en: typeof zh = {
  nav: { ebooks: 'E-books' },
  ebooks: { title: 'Cloud e-book statistics', intro: 'The consortium\'s loans, reads and turn-aways (borrows refused because every copy was out), with the vendors\' COUNTER R5 counts beside them. Titles with many turn-aways per copy are the ones to buy more copies of.', group: { title: 'Per title', school: 'Per school', year: 'Per year', month: 'Per month' }, table: 'E-book statistics (table)', chart: 'E-book statistics (chart)', total: 'Total',
    imports: 'Import vendor files', titlesFile: 'Title list (KBART with the copies column, or MARC)', vendor: 'Vendor code', counterFile: 'COUNTER R5 report (TR, TR_B1–B3; JSON, TSV or CSV)', send: 'Import', imported: 'Imported {{count}} rows.', refused: 'The file has {{count}} problems; nothing was imported:', line: 'Line {{row}}' },
  cols: { key: 'Key', label: 'Name', copies: 'Copies', ebookLoans: 'Loans', reads: 'Reads', turnaways: 'Turn-aways', turnawaysPerCopy: 'Turn-aways per copy', vendorRequests: 'Vendor Total_Item_Requests', vendorUniqueTitleRequests: 'Vendor Unique_Title_Requests', vendorTurnaways: 'Vendor denials (No_License + Limit_Exceeded)' },
};
i18next.addResourceBundle('zh-TW', 'translation', zh, true, false);
i18next.addResourceBundle('en', 'translation', en, true, false);

const show = (c: Cell) => (c === null ? '—' : typeof c === 'number' ? c.toLocaleString('en-US', { maximumFractionDigits: 2 }) : c);

/** The table, in a scrolling region that takes keyboard focus (the per-title table is wider than a phone). */
function EbookTable({ table, caption }: { table: Table; caption: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table data-testid="table-ebooks">
        <caption>{caption}</caption>
        <thead><tr>{table.columns.map((c) => <th key={c} scope="col" data-col={c}>{t(`cols.${c}`, { defaultValue: c })}</th>)}</tr></thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{show(c)}</th> : <td key={j} data-col={table.columns[j]}>{show(c)}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Outcome = { ok: true; rows: number } | { ok: false; report: ImportReport | null; message: string };

/** Sends a file as it is (bytes), with the session's CSRF token from /me. */
async function sendFile(path: string, file: File): Promise<Outcome> {
  const { csrfToken } = await api<{ csrfToken: string }>('GET', '/me');
  const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken, 'content-type': 'application/octet-stream' }, body: file });
  const json = (await res.json().catch(() => ({}))) as ImportReport & { error?: { message: string; details?: ImportReport } };
  if (res.ok) return { ok: true, rows: json.imported };
  return { ok: false, report: json.error?.details?.problems ? json.error.details : null, message: json.error?.message ?? res.statusText };
}

function ImportResult({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.ok) return <p role="status" data-testid="import-result">{t('ebooks.imported', { count: outcome.rows })}</p>;
  return (
    <div role="alert" className="error" data-testid="import-result">
      <p>{outcome.report ? t('ebooks.refused', { count: outcome.report.problems.length }) : outcome.message}</p>
      {outcome.report && <ul>{outcome.report.problems.slice(0, 50).map((p, i) => <li key={i}>{t('ebooks.line', { row: p.row })}{p.field ? `（${p.field}）` : ''}：{p.message}</li>)}</ul>}
    </div>
  );
}

function Imports({ account, library, onImported }: { account: Account; library: string; onImported: () => void }) {
  const { t } = useTranslation();
  const [vendor, setVendor] = useState('');
  const [titles, setTitles] = useState<File | null>(null);
  const [counter, setCounter] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = (f: () => Promise<Outcome>) => void f().then((o) => { setOutcome(o); if (o.ok) onImported(); }, (err: unknown) => setOutcome({ ok: false, report: null, message: err instanceof Error ? err.message : String(err) }));
  return (
    <section aria-labelledby="ebook-imports-h">
      <h3 id="ebook-imports-h">{t('ebooks.imports')}</h3>
      {account.role === 'office' && (
        <form className="filters" onSubmit={(e) => { e.preventDefault(); if (titles) run(() => sendFile(`${/\.(mrc|marc|iso|dat)$/i.test(titles.name) ? EBOOK_PATHS.consoleMarc : EBOOK_PATHS.consoleKbart}?vendor=${encodeURIComponent(vendor)}`, titles)); }}>
          <label>{t('ebooks.vendor')}<input name="vendor" required pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}" value={vendor} onChange={(e) => setVendor(e.target.value)} /></label>
          <label>{t('ebooks.titlesFile')}<input type="file" name="titles" required onChange={(e) => setTitles(e.target.files?.[0] ?? null)} /></label>
          <button type="submit">{t('ebooks.send')}</button>
        </form>
      )}
      <form className="filters" onSubmit={(e) => { e.preventDefault(); if (counter) run(() => sendFile(`${EBOOK_PATHS.consoleCounter}${library ? `?library=${encodeURIComponent(library)}` : ''}`, counter)); }}>
        <label>{t('ebooks.counterFile')}<input type="file" name="counter" required onChange={(e) => setCounter(e.target.files?.[0] ?? null)} /></label>
        <button type="submit">{t('ebooks.send')}</button>
      </form>
      {outcome && <ImportResult outcome={outcome} />}
    </section>
  );
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const yearStart = () => `${today().slice(0, 4)}-01-01`;

function tableOf(r: EbookReport, total: string): Table {
  const perTitle = r.group === 'title';
  const columns = [perTitle ? 'label' : 'key', ...(perTitle ? ['copies'] : []), 'ebookLoans', 'reads', 'turnaways', ...(perTitle ? ['turnawaysPerCopy'] : []), 'vendorRequests', 'vendorUniqueTitleRequests', 'vendorTurnaways'];
  const rows: Cell[][] = r.rows.map((x) => [perTitle ? x.label : x.key, ...(perTitle ? [x.copies] : []), x.loans, x.reads, x.turnaways,
    ...(perTitle ? [x.copies ? Math.round((x.turnaways / x.copies) * 100) / 100 : null] : []), x.vendorRequests, x.vendorUniqueTitleRequests, x.vendorTurnaways]);
  const sum = (k: 'loans' | 'reads' | 'turnaways' | 'vendorRequests' | 'vendorUniqueTitleRequests' | 'vendorTurnaways') => r.rows.reduce((a, x) => a + x[k], 0);
  rows.push([total, ...(perTitle ? [r.rows.reduce((a, x) => a + (x.copies ?? 0), 0)] : []), sum('loans'), sum('reads'), sum('turnaways'), ...(perTitle ? [null] : []), sum('vendorRequests'), sum('vendorUniqueTitleRequests'), sum('vendorTurnaways')]);
  return { report: 'ebooks', columns, rows };
}

export function EbookReports({ account, libraries }: { account: Account; libraries: string[] }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ from: yearStart(), to: today(), library: account.libraryId ?? '', group: 'title' as ReportGroup });
  const [query, setQuery] = useState(form);
  const [report, setReport] = useState<EbookReport | null>(null);
  const [error, setError] = useState('');
  const names = useMemo(() => t('cols', { returnObjects: true }) as Record<string, string>, [t]);

  useEffect(() => {
    let current = true;
    const qs = new URLSearchParams({ from: query.from, to: query.to, group: query.group, ...(query.library ? { library: query.library } : {}) });
    api<EbookReport>('GET', `${EBOOK_PATHS.report.replace('/console/api', '')}?${qs.toString()}`).then(
      (r) => { if (current) { setReport(r); setError(''); } },
      (err: unknown) => { if (current) setError(err instanceof Error ? err.message : String(err)); },
    );
    return () => { current = false; };
  }, [query]);

  const table = report ? tableOf(report, t('ebooks.total')) : null;
  return (
    <section aria-labelledby="ebooks-h">
      <h2 id="ebooks-h">{t('ebooks.title')}</h2>
      <p>{t('ebooks.intro')}</p>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setQuery(form); }}>
        <label>{t('from')}<input type="date" name="from" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} /></label>
        <label>{t('to')}<input type="date" name="to" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} /></label>
        <label>{t('school')}
          <select name="library" value={form.library} disabled={account.role === 'library'} onChange={(e) => setForm({ ...form, library: e.target.value })}>
            {account.role === 'office' && <option value="">{t('consortium')}</option>}
            {libraries.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label>{t('groupBy')}
          <select name="group" value={form.group} onChange={(e) => setForm({ ...form, group: e.target.value as ReportGroup })}>
            {(['title', 'school', 'year', 'month'] as const).map((g) => <option key={g} value={g}>{t(`ebooks.group.${g}`)}</option>)}
          </select>
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <Imports account={account} library={query.library} onImported={() => setQuery({ ...query })} />
      {table && (
        <div className="report-body">
          {table.rows.length > 1 && <Chart table={{ ...table, rows: table.rows.slice(0, -1).slice(0, 20).concat([table.rows[table.rows.length - 1]!]) }} series={['ebookLoans', 'turnaways', 'vendorRequests']} names={names} label={t('ebooks.chart')} testId="chart-ebooks" />}
          <EbookTable table={table} caption={t('ebooks.table')} />
        </div>
      )}
    </section>
  );
}
