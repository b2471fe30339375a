// One listing. Another patron: photos, reserve (held N days), cancel the hold,
// message the lister. The lister: who holds it (never who they are beyond a
// masked name in messages), hand-over, withdraw behind a confirm, the reason
// when an administrator hid it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXCHANGE_PATHS, type ExchangeListingDetail, type ExchangeReservation } from '#shared/exchange/wire';
import { api } from '../api';
import { ConfirmDialog } from '../ConfirmDialog';
import { usePortal } from '../context';
import { formatTime } from '../format';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { EXCHANGE_NS } from './i18n';
import { exchangeError, exchangeHash, priceText } from './words';

interface Rules { holdDays: number; maxActiveReservations: number }

export function ListingDetail({ id }: { id: string }) {
  const { t } = useTranslation(EXCHANGE_NS);
  const { t: tp } = useTranslation();
  const portal = usePortal();
  const item = useLoad<ExchangeListingDetail>(EXCHANGE_PATHS.listing(id));
  const rules = useLoad<Rules>(EXCHANGE_PATHS.settings);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState(false);

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
      if (done) setNotice(done);
      item.reload();
    } catch (err) {
      setError(exchangeError(t, tp, err));
      item.reload();
    } finally {
      setBusy(false);
    }
  };

  if (item.error !== null && !item.data) {
    return <><PageTitle>{t('title')}</PageTitle><ErrorBox text={exchangeError(t, tp, item.error)} /><p><a href={exchangeHash({ name: 'browse' })}>{t('listing.back')}</a></p></>;
  }
  const l = item.data;
  if (!l) return <><PageTitle>{t('title')}</PageTitle><Loading /></>;
  const live = l.state === 'open' || l.state === 'reserved';
  const hold: ExchangeReservation | null = l.myReservation?.state === 'active' ? l.myReservation : null;
  return (
    <article data-testid="exchange-detail" data-state={l.state}>
      <PageTitle>{l.title}</PageTitle>
      <p><span className="badge">{t(`kind.${l.kind}`)}</span> <strong>{priceText(t, l.price)}</strong>・{t(`condition.${l.condition}`)}・{l.subject}</p>
      {l.author && <p>{l.author}</p>}
      {l.isbn && <p className="muted">{t('listing.isbn', { isbn: l.isbn })}</p>}
      <p>{t('listing.campus', { campus: l.campus })}</p>
      <p className="muted">{t('listing.school', { school: portal.libraryName(l.libraryId) })}・{t('listing.expires', { date: formatTime(l.expiresAt) })}</p>
      {l.description && <p>{l.description}</p>}
      <p className={`status state-${l.state}`} data-testid="exchange-state">{t(`state.${l.state}`)}</p>
      {l.hidden && <p className="warn-text" data-testid="exchange-hidden">{t('listing.hidden', { reason: l.hidden.reason })}</p>}
      {l.photoIds.length > 0 && (
        <section aria-label={t('listing.photos')}>
          <ul className="exchange-photos">
            {l.photoIds.map((p, n) => <li key={p}><img src={EXCHANGE_PATHS.photo(p)} alt={t('listing.photoAlt', { title: l.title, n: n + 1 })} width={160} loading="lazy" /></li>)}
          </ul>
        </section>
      )}
      {notice && <p className="success" role="status" data-testid="exchange-notice">{notice}</p>}
      {error && <ErrorBox text={error} />}

      {l.mine ? (
        <section aria-labelledby="exchange-mine">
          <h2 id="exchange-mine">{t('listing.mine')}</h2>
          {live && <p data-testid="exchange-held">{l.reservation ? t('listing.heldBy', { date: formatTime(l.reservation.expiresAt) }) : t('listing.notHeld')}</p>}
          {l.reservation?.threadId && <p><a href={exchangeHash({ name: 'messages' })}>{t('listing.messages')}</a></p>}
          {live && (
            <div className="actions">
              <button type="button" className="primary" disabled={busy} data-testid="exchange-hand-over"
                onClick={() => void act(() => api('POST', EXCHANGE_PATHS.handedOver(l.id), { reservationId: l.reservation?.id ?? null }), t('listing.handedOver'))}>
                {l.reservation ? t('listing.handOver') : t('listing.handOverFree')}
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)} data-testid="exchange-withdraw">{t('listing.withdraw')}</button>
            </div>
          )}
          {confirming && (
            <ConfirmDialog title={t('listing.withdraw')} body={t('listing.withdrawConfirm', { title: l.title })} hint="" busy={busy}
              keepLabel={t('listing.dismiss')} confirmLabel={t('listing.withdraw')} onKeep={() => setConfirming(false)}
              onConfirm={() => { setConfirming(false); void act(() => api('POST', EXCHANGE_PATHS.withdraw(l.id)), t('listing.withdrawn')); }} />
          )}
        </section>
      ) : (
        <>
          {hold ? (
            <section aria-labelledby="exchange-hold">
              <h2 id="exchange-hold" className="small">{t('reservationState.active')}</h2>
              <p data-testid="exchange-my-hold">{t('listing.reserved', { date: formatTime(hold.expiresAt) })}</p>
              <button type="button" className="secondary" disabled={busy} data-testid="exchange-cancel" onClick={() => void act(() => api('DELETE', EXCHANGE_PATHS.reservation(hold.id)))}>{t('listing.cancel')}</button>
            </section>
          ) : l.state === 'open' && (
            <section aria-labelledby="exchange-reserve">
              <h2 id="exchange-reserve" className="small">{t('listing.reserve')}</h2>
              {rules.data && <p className="hint">{t('listing.reserveHint', { days: rules.data.holdDays, limit: rules.data.maxActiveReservations })}</p>}
              <button type="button" className="primary" disabled={busy} data-testid="exchange-reserve" onClick={() => void act(() => api('POST', EXCHANGE_PATHS.reserve(l.id)))}>{t('listing.reserve')}</button>
            </section>
          )}
          {live && (
            <form className="stack" aria-labelledby="exchange-ask" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api('POST', EXCHANGE_PATHS.messages(l.id), { body: message }); setMessage(''); }, t('listing.sent')); }}>
              <h2 id="exchange-ask" className="small">{t('listing.ask')}</h2>
              <label>{t('listing.askLabel')}
                <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={3} maxLength={1000} required data-testid="exchange-message" />
              </label>
              <p className="hint">{t('listing.askHint')}</p>
              <button type="submit" className="secondary" disabled={busy || message.trim() === ''} data-testid="exchange-send">{t('listing.send')}</button>
            </form>
          )}
        </>
      )}
      <p><a href={exchangeHash({ name: 'browse' })}>{t('listing.back')}</a></p>
    </article>
  );
}
