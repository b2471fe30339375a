// The console: sign-in, then a page at a time (hash routes), in zh-TW or English.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrf, type Account } from './api';
import { toggleLanguage } from './i18n';
import { SignIn } from './pages/SignIn';
import { Dashboard } from './pages/Dashboard';
import { Libraries } from './pages/Libraries';
import { Devices } from './pages/Devices';
import { Audit } from './pages/Audit';
import { EbookReports } from './ebooks/EbookReports';
import { ExchangeStats } from './exchange/ExchangeStats';

const PAGES = ['dashboard', 'libraries', 'devices', 'audit', 'ebooks', 'exchange'] as const;
type Page = (typeof PAGES)[number];
const pageOf = (): Page => (PAGES as readonly string[]).includes(location.hash.slice(1)) ? (location.hash.slice(1) as Page) : 'dashboard';

export function App() {
  const { t } = useTranslation();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [page, setPage] = useState<Page>(pageOf());
  const [libraries, setLibraries] = useState<Array<{ id: string; nameZh: string; nameEn: string; hours: string; contact: string; active: boolean }>>([]);

  useEffect(() => {
    api<{ account: Account; csrfToken: string }>('GET', '/me').then((r) => { setCsrf(r.csrfToken); setAccount(r.account); }, () => setAccount(null));
    const onHash = () => setPage(pageOf());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const loadLibraries = useCallback(() => void api<{ libraries: typeof libraries }>('GET', '/libraries').then((r) => setLibraries(r.libraries)), []);
  useEffect(() => { if (account) loadLibraries(); }, [account, loadLibraries]);

  if (account === undefined) return null;
  if (account === null) return <SignIn onSignedIn={setAccount} />;
  const codes = libraries.map((l) => l.id);
  return (
    <>
      <header className="top">
        <p className="brand">{t('app')}</p>
        <nav aria-label={t('app')}>
          {PAGES.map((p) => <a key={p} href={`#${p}`} aria-current={p === page ? 'page' : undefined}>{t(`nav.${p}`)}</a>)}
        </nav>
        <p className="who">{account.displayName}</p>
        <button type="button" onClick={toggleLanguage}>{t('language')}</button>
        <button type="button" onClick={() => void api('POST', '/logout', {}).then(() => setAccount(null))}>{t('signOut')}</button>
      </header>
      <main>
        <h1 className="visually-hidden">{t('app')}</h1>
        {page === 'dashboard' && <Dashboard account={account} libraries={codes} />}
        {page === 'libraries' && libraries.length > 0 && <Libraries libraries={libraries} onChanged={loadLibraries} />}
        {page === 'devices' && codes.length > 0 && <Devices libraries={codes} />}
        {page === 'audit' && <Audit />}
        {page === 'ebooks' && <EbookReports account={account} libraries={codes} />}
        {page === 'exchange' && <ExchangeStats account={account} libraries={codes} />}
      </main>
    </>
  );
}
