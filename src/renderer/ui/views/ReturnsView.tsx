// 還書 Returns (代還): a patron returns an item at the counter. The loan
// ends, the fine (NT$) is worked out by the rules, and the desk says where
// the item goes — into the return parcel to its lender, or back on our shelf.
import { useState } from 'react';
import { policyFor } from '#shared/domain/policy-for';
import { buildPatronReceipt, receiptPlace, receiptReturnFromLoan } from '#shared/slips/patron-receipt';
import { Note, ResultPanel, ScanField, Section, useRefusal, useResult } from '../components';
import { justReturned } from '#desk-core/repeats';
import { repeatView } from '../repeat-notice';
import { useDeskEnv, useScanHandler, useSession, useViewVersion, freshPrintKey } from '../desk-context';

interface ReturnedRow {
  key: number;
  barcode: string;
  title: string;
  loanId: string;
  fine: number;
  overdueDays: number;
  returnTo: string;
  at: string;
}

export function ReturnsView(): React.JSX.Element {
  const env = useDeskEnv();
  const { desk, t, libName, lang, scanBus } = env;
  useViewVersion(desk);
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const [rows, setRows] = useSession<ReturnedRow[]>('returns.rows', []);
  const [result, show] = useResult('returns');
  const refusal = useRefusal();
  const [note, setNote] = useState<string | null>(null);

  useScanHandler(async ({ code }) => {
    const barcode = code.trim();
    const r = await desk.workflows.returnItem(barcode);
    // A book just returned, scanned again: it was returned, not a book to receive.
    const again = !r.ok && r.reason === 'NO_ACTIVE_LOAN' ? justReturned(reader, me, barcode) : null;
    if (again) return show(repeatView(again, env, barcode));
    if (!r.ok) return show(refusal(r));
    const o = r.outcome;
    if (o.kind !== 'returned') return show({ state: 'ok', headline: t('routeRecorded') });
    const away = o.returnTo !== me;
    show({
      state: away ? 'route' : 'ok',
      headline: t('returned', { title: o.title }),
      big: away ? o.returnTo : undefined,
      detail: [o.fineAmount > 0 ? t('fine', { days: o.overdueDays, amount: o.fineAmount }) : t('noFine'), away ? t('returnTo', { to: libName(o.returnTo) }) : t('returnHome')],
    });
    setRows((prev) => [{ key: (prev[0]?.key ?? 0) + 1, barcode, title: o.title, loanId: o.loanId, fine: o.fineAmount, overdueDays: o.overdueDays, returnTo: o.returnTo, at: new Date().toISOString() }, ...prev].slice(0, 100));
  });

  const printReceipt = async (row: ReturnedRow) => {
    const loan = reader.get('loans', row.loanId);
    const patron = loan ? reader.get('patrons', loan.patronId) : undefined;
    const here = reader.get('libraries', me);
    const policy = policyFor(reader, loan ? { loan } : { at: me });
    const slip = buildPatronReceipt({
      ...receiptPlace(me, here, policy.utcOffsetMinutes),
      at: row.at,
      patronName: patron?.name ?? '',
      cardNumber: patron?.cardNumbers[0] ?? '',
      checkouts: [],
      returns: [loan ? receiptReturnFromLoan(loan, row.overdueDays) : { title: row.title, barcode: row.barcode, fine: row.fine, overdueDays: row.overdueDays }],
      loanCount: patron ? reader.activeLoansOf(patron.id).length : 0,
      finesOwed: patron?.finesOwed ?? 0,
      policy,
    }, lang);
    setNote((await env.print(freshPrintKey(`receipt-${row.loanId}`), slip)) ?? t('printed'));
    scanBus.focusScan();
  };

  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('scanReturnLabel')} onScan={(code) => scanBus.deliver({ code, source: 'keyboard' })} />
        <ResultPanel result={result} />
      </div>
      <Note text={note} />
      <Section title={t('returnsToday')} count={rows.length} testid="returns">
        {rows.length === 0 ? <p className="empty">{t('shelfEmpty')}</p> : (
          <table className="table">
            <thead><tr><th scope="col">{t('title')}</th><th scope="col">{t('barcode')}</th><th scope="col">NT$</th><th scope="col">{t('stateRoute')}</th><th scope="col"><span className="sr-only">{t('printReceipt')}</span></th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-testid="return-row" data-barcode={r.barcode} data-fine={r.fine} data-return-to={r.returnTo}>
                  <td>{r.title}</td>
                  <td className="mono">{r.barcode}</td>
                  <td className={r.fine > 0 ? 'fine' : ''}>{r.fine > 0 ? t('fine', { days: r.overdueDays, amount: r.fine }) : t('noFine')}</td>
                  <td>{r.returnTo !== me ? t('returnTo', { to: libName(r.returnTo) }) : t('returnHome')}</td>
                  <td><button type="button" className="btn btn-small" data-testid="print-receipt" onClick={() => void printReceipt(r)}>{t('printReceipt')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
