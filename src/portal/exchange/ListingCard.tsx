// One listing in a list: title (the link to it), kind, price, condition, school and campus, its state.
import { useTranslation } from 'react-i18next';
import type { ExchangeListing } from '#shared/exchange/wire';
import { usePortal } from '../context';
import { EXCHANGE_NS } from './i18n';
import { exchangeHash, priceText } from './words';

export function ListingCard({ listing: l, headingLevel = 3 }: { listing: ExchangeListing; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation(EXCHANGE_NS);
  const portal = usePortal();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li className="card" data-testid="exchange-listing" data-listing-id={l.id} data-state={l.state}>
      <H><a href={exchangeHash({ name: 'listing', id: l.id })}>{l.title}</a></H>
      <p>
        <span className="badge">{t(`kind.${l.kind}`)}</span> <strong>{priceText(t, l.price)}</strong>・{t(`condition.${l.condition}`)}・{l.subject}
      </p>
      {l.author && <p className="muted">{l.author}</p>}
      <p className="muted">{portal.libraryName(l.libraryId)}・{l.campus}</p>
      <p className={`status state-${l.state}`} data-testid="exchange-state">{t(`state.${l.state}`)}</p>
      {l.hidden && <p className="warn-text">{t('listing.hidden', { reason: l.hidden.reason })}</p>}
    </li>
  );
}
