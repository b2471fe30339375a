// One title request as both its libraries see it: the work, the review, the
// current lender, the rota with the reason for each position and what each
// lender did, the copy to pull, and the who/when/where history.
import type { RequestRecord } from '#shared/domain/records';
import { effectivePolicy } from '#shared/domain/policy';
import { Section } from '../components';
import { useDeskEnv, useNow } from '../desk-context';
import { fmtInstant } from '#renderer/common/format';
import { translateDynamic } from '../i18n';
import { RequestNotices } from './RequestNotices';

export function RequestDetail({ request }: { request: RequestRecord }): React.JSX.Element {
  const { t, lang, libName, desk } = useDeskEnv();
  const now = useNow(30_000);
  const offset = effectivePolicy(desk.config.libraryId, desk.view.reader.policies()).utcOffsetMinutes;
  const r = request;
  const current = r.rota[r.rotaIndex];
  const reason = r.reason ? translateDynamic(lang, 'reqReason_', r.reason) : '';
  return (
    <Section title={t('reqDetailTitle', { id: r.id })} testid="request-detail">
      <div data-testid="request-summary" data-borrower-state={r.borrowerState} data-lender={r.lenderLibraryId}>
        <p className="sub-title">{r.work?.title ?? r.item.title}{r.work?.edition ? `（${r.work.edition}）` : ''}</p>
        <p>{r.work?.author ?? r.item.author}{r.work?.isbn ? ` · ISBN ${r.work.isbn}` : ''}</p>
        <p>
          {translateDynamic(lang, 'reqState_', r.borrowerState)}
          {r.review ? ` · ${translateDynamic(lang, 'reqReview_', r.review.state)}` : ''}
          {reason ? ` · ${reason}` : ''}
        </p>
        <p data-testid="current-lender">{r.lenderLibraryId ? t('reqCurrentLender', { lib: libName(r.lenderLibraryId) }) : t('reqNoLender')}</p>
        {current && r.item.barcode === '' && current.copies.map((c, i) => (
          <p key={i} className="mono" data-testid="copy-to-pull">{t('reqCopy', { callNumber: c.callNumber, location: c.location, barcode: c.barcode ?? '' })}</p>
        ))}
        {r.item.barcode !== '' && <p className="mono" data-testid="bound-copy">{r.item.barcode} {r.item.callNumber}</p>}
      </div>
      <h3>{t('reqRota')}</h3>
      {r.rota.length === 0 ? <p className="empty">{t('reqRotaEmpty')}</p> : (
        <table className="table" data-testid="rota">
          <thead><tr><th scope="col">#</th><th scope="col">{t('library')}</th><th scope="col">{t('reqWhyCol')}</th><th scope="col">{t('reqOutcomeCol')}</th></tr></thead>
          <tbody>
            {r.rota.map((p, i) => (
              <tr key={p.libraryId} data-testid="rota-row" data-library={p.libraryId} data-outcome={p.outcome} aria-current={i === r.rotaIndex ? 'step' : undefined}>
                <td>{i + 1}</td>
                <td>{libName(p.libraryId)}</td>
                <td>{t(p.basis === 'available' ? 'reqBasis_available' : 'reqBasis_unknown', { n: p.availableCopies })} · {t('reqLoad', { n: p.load })}</td>
                <td>{translateDynamic(lang, 'reqOutcome_', p.outcome)}{p.note ? `：${p.note}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('reqHistory')}</h3>
      <table className="table" data-testid="history">
        <tbody>
          {r.history.map((h) => (
            <tr key={h.eventId} data-testid="history-row" data-type={h.type}>
              <td>{fmtInstant(h.at, offset, now)}</td>
              <td>{translateDynamic(lang, 'reqEvent_', h.type)}</td>
              <td>{libName(h.libraryId)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RequestNotices key={r.id} requestId={r.id} version={r.updatedAt} />
    </Section>
  );
}
