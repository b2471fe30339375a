// My account across the consortium: loans (due, overdue, renew and the
// answer), holds waiting on a shelf, fines, and virtual cards with their QR.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_PATHS, portalPath, type PortalAccount, type PortalLoan, type RenewalAnswer } from '#shared/portal/wire';
import { api } from '../api';
import { usePortal } from '../context';
import { errorText } from '../errors';
import { formatDay } from '../format';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { CardQr } from './CardQr';

function RenewalText({ answer }: { answer: RenewalAnswer }) {
  const { t } = useTranslation();
  const text = answer.state === 'granted' ? t('account.renewal.granted', { date: formatDay(answer.dueOn) }) : t(`account.renewal.${answer.state}`, { reason: answer.reason });
  return <p role="status" className={answer.state === 'granted' ? 'success' : answer.state === 'refused' ? 'warn' : 'notice'} data-testid="renewal-answer" data-state={answer.state}>{text}</p>;
}

function Loan({ loan, onRenewed }: { loan: PortalLoan; onRenewed: () => void }) {
  const { t } = useTranslation();
  const { libraryName } = usePortal();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<RenewalAnswer | null>(null);
  const [error, setError] = useState('');
  const renew = async () => {
    setBusy(true);
    setError('');
    try {
      const a = await api<RenewalAnswer>('POST', portalPath(PORTAL_PATHS.renewal, loan.id));
      setAnswer(a);
      if (a.state === 'granted') onRenewed();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const shown = answer ?? loan.renewal;
  return (
    <li className={`card${loan.overdueDays > 0 ? ' overdue' : ''}`} data-testid="loan" data-loan-id={loan.id}>
      <h3>{loan.title}</h3>
      <p className="due" data-testid="due">{t('account.due', { date: formatDay(loan.dueOn) })}
        {loan.overdueDays > 0 && <strong className="warn-text">（{t('account.overdue', { count: loan.overdueDays })}）</strong>}</p>
      <p className="muted">{t('account.owner', { library: libraryName(loan.ownerLibraryId) })}・{t('account.pickupAt', { library: libraryName(loan.pickupLibraryId) })}</p>
      <p className="muted">{t('account.renewalsLeft', { count: loan.renewalsLeft })}</p>
      {shown && <RenewalText answer={shown} />}
      {error && <ErrorBox text={error} />}
      <button type="button" className="primary" disabled={busy || loan.renewalsLeft <= 0} onClick={() => void renew()} aria-label={`${t('account.renew')}：${loan.title}`} data-testid="renew">
        {busy ? t('sending') : t('account.renew')}
      </button>
    </li>
  );
}

export function Account() {
  const { t } = useTranslation();
  const { libraryName } = usePortal();
  const acc = useLoad<PortalAccount>(PORTAL_PATHS.account);
  const a = acc.data;
  return (
    <>
      <PageTitle>{t('account.title')}</PageTitle>
      {acc.loading && !a && <Loading />}
      {acc.error !== null && <ErrorBox text={errorText(t, acc.error)} onRetry={acc.reload} />}
      {a && (
        <>
          <section aria-labelledby="loans-title">
            <h2 id="loans-title">{t('account.loans')}</h2>
            {a.loans.length === 0 ? <p className="empty">{t('account.noLoans')}</p> : (
              <ul className="list">{a.loans.map((l) => <Loan key={l.id} loan={l} onRenewed={acc.reload} />)}</ul>
            )}
          </section>
          <section aria-labelledby="holds-title">
            <h2 id="holds-title">{t('account.holds')}</h2>
            {a.holds.length === 0 ? <p className="empty">{t('account.noHolds')}</p> : (
              <ul className="list">
                {a.holds.map((h) => (
                  <li key={h.id} className="card" data-testid="hold">
                    <h3>{h.title}</h3>
                    <p>{libraryName(h.libraryId)}・{t('account.shelf', { spot: h.shelfSpot })}</p>
                    <p className="due">{t('account.pickupBy', { date: formatDay(h.pickupBy) })}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="fines-title">
            <h2 id="fines-title">{t('account.fines')}</h2>
            {a.fines.items.length === 0 ? <p className="empty">{t('account.noFines')}</p> : (
              <>
                <p className="total" data-testid="fines-total">{t('account.total', { amount: a.fines.total })}</p>
                <ul className="list plain">
                  {a.fines.items.map((f) => (
                    <li key={f.loanId} className="row"><span>{f.title}<span className="muted">（{libraryName(f.libraryId)}）</span></span><span>{t('account.amount', { amount: f.amount })}</span></li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section aria-labelledby="cards-title">
            <h2 id="cards-title">{t('account.cards')}</h2>
            {a.cards.length === 0 ? <p className="empty">{t('account.noCards')}</p> : (
              <ul className="list">
                {a.cards.map((c) => (
                  <li key={c.id} className="card vcard" data-testid="card" data-card-id={c.id}>
                    <h3>{t('account.cardFor', { library: libraryName(c.hostLibraryId) })}</h3>
                    <p className="muted">{t('account.validUntil', { date: formatDay(c.validUntil) })}</p>
                    <CardQr url={c.url} alt={t('account.qrAlt', { library: libraryName(c.hostLibraryId) })} />
                    <p><a href={c.url} data-testid="card-link">{t('account.openCard')}</a></p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
