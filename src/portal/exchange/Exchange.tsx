// The used-book exchange in the portal: its own tabs (find, list, mine,
// messages) under the portal's nav entry, one screen at a time by hash.
import { useTranslation } from 'react-i18next';
import { EXCHANGE_NS } from './i18n';
import './exchange.css';
import { exchangeHash, parseExchangePath, type ExchangeScreen } from './words';
import { Browse } from './Browse';
import { ListingForm } from './ListingForm';
import { ListingDetail } from './ListingDetail';
import { Mine } from './Mine';
import { Messages } from './Messages';

const TABS = ['browse', 'new', 'mine', 'messages'] as const;

export function Exchange({ path }: { path: readonly string[] }) {
  const { t } = useTranslation(EXCHANGE_NS);
  const screen = parseExchangePath(path);
  const current = screen.name === 'listing' ? 'browse' : screen.name;
  return (
    <div className="exchange">
      <nav aria-label={t('tabs.label')} className="exchange-tabs">
        {TABS.map((tab) => (
          <a key={tab} href={exchangeHash({ name: tab } as ExchangeScreen)} aria-current={tab === current ? 'page' : undefined} data-testid={`exchange-tab-${tab}`}>{t(`tabs.${tab}`)}</a>
        ))}
      </nav>
      <div key={screen.name === 'listing' ? `listing/${screen.id}` : screen.name}>
        {screen.name === 'browse' && <Browse />}
        {screen.name === 'new' && <ListingForm />}
        {screen.name === 'mine' && <Mine />}
        {screen.name === 'messages' && <Messages />}
        {screen.name === 'listing' && <ListingDetail id={screen.id} />}
      </div>
    </div>
  );
}
