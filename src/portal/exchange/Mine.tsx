// My listings (with their state and any administrator's reason) and the books I hold (with their deadlines).
import { useTranslation } from 'react-i18next';
import { EXCHANGE_PATHS, type ExchangeListing, type ExchangeListingDetail, type ExchangeReservation } from '#shared/exchange/wire';
import { formatTime } from '../format';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { EXCHANGE_NS } from './i18n';
import { ListingCard } from './ListingCard';
import { exchangeError, exchangeHash } from './words';

interface MineAnswer { listings: ExchangeListingDetail[]; reservations: (ExchangeReservation & { listing: ExchangeListing | null })[] }

export function Mine() {
  const { t } = useTranslation(EXCHANGE_NS);
  const { t: tp } = useTranslation();
  const mine = useLoad<MineAnswer>(EXCHANGE_PATHS.mine);
  return (
    <>
      <PageTitle>{t('mine.title')}</PageTitle>
      {mine.loading && <Loading />}
      {mine.error !== null && <ErrorBox text={exchangeError(t, tp, mine.error)} onRetry={mine.reload} />}
      {mine.data && (
        <>
          <section aria-labelledby="mine-listings">
            <h2 id="mine-listings">{t('mine.listings')}</h2>
            {mine.data.listings.length === 0 && <p className="empty">{t('mine.noneListed')}</p>}
            <ul className="results">{mine.data.listings.map((l) => <ListingCard key={l.id} listing={l} />)}</ul>
          </section>
          <section aria-labelledby="mine-holds">
            <h2 id="mine-holds">{t('mine.reservations')}</h2>
            {mine.data.reservations.length === 0 && <p className="empty">{t('mine.noneReserved')}</p>}
            <ul className="results">
              {mine.data.reservations.map((r) => (
                <li key={r.id} className="card" data-testid="exchange-hold" data-state={r.state}>
                  <h3>{r.listing ? <a href={exchangeHash({ name: 'listing', id: r.listingId })}>{r.listing.title}</a> : r.listingId}</h3>
                  <p className={`status hold-${r.state}`}>{t(`reservationState.${r.state}`)}</p>
                  {r.state === 'active' && <p className="muted">{t('mine.until', { date: formatTime(r.expiresAt) })}</p>}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
