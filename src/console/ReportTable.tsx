// A report's table, exactly as the service computed it (the exports carry the same rows).
import { useTranslation } from 'react-i18next';
import type { Cell, Table } from './api';

const show = (c: Cell) => (c === null ? '—' : typeof c === 'number' ? c.toLocaleString('en-US', { maximumFractionDigits: 3 }) : c);

export function ReportTable({ table, caption, testId }: { table: Table; caption: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>{table.columns.map((c) => <th key={c} scope="col" data-col={c}>{t(`cols.${c}`, { defaultValue: c })}</th>)}</tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{show(c)}</th> : <td key={j} data-col={table.columns[j]}>{show(c)}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
