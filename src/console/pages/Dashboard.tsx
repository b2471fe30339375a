// Statistics: each report as a chart with its table beside it, and CSV/XLSX
// exports of the same table.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryString, type Account, type Query, type Table } from '../api';
import { Chart } from '../Chart';
import { ReportTable } from '../ReportTable';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() + 8 * 3_600_000 - 365 * 86_400_000).toISOString().slice(0, 10);

const REPORTS = [
  { name: 'requests', chart: ['placed', 'filled', 'unfilled'] },
  { name: 'trading', chart: ['lent', 'borrowed'] },
  { name: 'times', chart: null },
  { name: 'routes', chart: null },
  { name: 'activity', chart: null },
] as const;

export function Dashboard({ account, libraries }: { account: Account; libraries: string[] }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Query>({ from: yearAgo(), to: today(), library: account.libraryId ?? '', group: 'month' });
  const [query, setQuery] = useState<Query>(form);
  const [tables, setTables] = useState<Record<string, Table>>({});
  const [error, setError] = useState('');
  const names = useMemo(() => t('cols', { returnObjects: true }) as Record<string, string>, [t]);

  // The reports of the chosen range; a newer range wins over an answer still on its way.
  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const out: Record<string, Table> = {};
        for (const r of REPORTS) out[r.name] = (await api<{ table: Table }>('GET', `/stats/${r.name}?${queryString(query)}`)).table;
        if (!current) return;
        setTables(out);
        setError('');
      } catch (err) {
        if (current) setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      current = false;
    };
  }, [query]);

  return (
    <section aria-labelledby="dash-h">
      <h2 id="dash-h">{t('nav.dashboard')}</h2>
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
          <select name="group" value={form.group} onChange={(e) => setForm({ ...form, group: e.target.value as Query['group'] })}>
            <option value="month">{t('month')}</option><option value="year">{t('year')}</option><option value="all">{t('all')}</option>
          </select>
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {REPORTS.map((r) => {
        const table = tables[r.name];
        if (!table) return null;
        const title = t(r.name);
        return (
          <section key={r.name} className="report" aria-labelledby={`h-${r.name}`}>
            <h3 id={`h-${r.name}`}>{title}</h3>
            <div className="exports">
              <a href={`/console/api/stats/${r.name}/export?${queryString(query)}&format=csv`} download data-testid={`export-${r.name}-csv`}>{t('exportCsv')}</a>
              <a href={`/console/api/stats/${r.name}/export?${queryString(query)}&format=xlsx`} download data-testid={`export-${r.name}-xlsx`}>{t('exportXlsx')}</a>
            </div>
            <div className="report-body">
              {r.chart && <Chart table={table} series={[...r.chart]} names={names} label={t('chartOf', { name: title })} testId={`chart-${r.name}`} />}
              <ReportTable table={table} caption={t('tableOf', { name: title })} testId={`table-${r.name}`} />
            </div>
          </section>
        );
      })}
    </section>
  );
}
