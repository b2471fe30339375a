// 雲端電子書 statistics in the console: loans, reads and turn-aways per title,
// school, year or month, with the vendors' COUNTER counts beside them. The
// title view is sorted by turn-aways and shows them per copy owned: the number
// that says whether to buy more copies.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { EBOOK_PATHS, type EbookReport, type ReportGroup } from '#shared/ebooks/wire';
import { api, type Account, type Cell, type Table } from '../api';
import { Chart } from '../Chart';

const zh = {
  nav: { ebooks: '雲端電子書' },
  ebooks: { title: '雲端電子書統計', intro: '本聯盟的借閱、閱讀與拒借（所有複本都借出時被拒絕的借閱）次數，旁列廠商 COUNTER R5 報表的數字。每複本拒借次數高的書，值得加購複本。', group: { title: '每種書', school: '每校', year: '每年', month: '每月' }, table: '電子書統計（表格）', chart: '電子書統計（圖表）', total: '合計' },
  cols: { key: '項目', label: '名稱', copies: '複本數', ebookLoans: '借閱', reads: '閱讀', turnaways: '拒借', turnawaysPerCopy: '每複本拒借', vendorRequests: '廠商 Total_Item_Requests', vendorUniqueTitleRequests: '廠商 Unique_Title_Requests', vendorTurnaways: '廠商拒絕（No_License + Limit_Exceeded）' },
};
const en: typeof zh = {
  nav: { ebooks: 'E-books' },
  ebooks: { title: 'Cloud e-book statistics', intro: 'The consortium\'s loans, reads and turn-aways (borrows refused because every copy was out), with the vendors\' COUNTER R5 counts beside them. Titles with many turn-aways per copy are the ones to buy more copies of.', group: { title: 'Per title', school: 'Per school', year: 'Per year', month: 'Per month' }, table: 'E-book statistics (table)', chart: 'E-book statistics (chart)', total: 'Total' },
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
      {table && (
        <div className="report-body">
          {table.rows.length > 1 && <Chart table={{ ...table, rows: table.rows.slice(0, -1).slice(0, 20).concat([table.rows[table.rows.length - 1]!]) }} series={['ebookLoans', 'turnaways', 'vendorRequests']} names={names} label={t('ebooks.chart')} testId="chart-ebooks" />}
          <EbookTable table={table} caption={t('ebooks.table')} />
        </div>
      )}
    </section>
  );
}
