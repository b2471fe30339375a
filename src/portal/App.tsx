// The portal: sign-in, then one screen at a time (hash routes) in zh-TW or
// English. A session that ends (expired, signed out elsewhere) brings the
// patron back to sign-in with a message saying why.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_PATHS, type PortalLibrary, type PortalMe } from '#shared/portal/wire';
import { api, setCsrf, whenSessionEnds } from './api';
import { toggleLanguage } from './i18n';
import { PortalContext, type Portal } from './context';
import { NAV_ROUTES, parseRoute, type Route } from './routes';
import { Loading } from './ui';
import { SignIn } from './screens/SignIn';
import { Search } from './screens/Search';
import { Requests } from './screens/Requests';
import { RequestDetail } from './screens/RequestDetail';
import { Account } from './screens/Account';
import { Preferences } from './screens/Preferences';
import { Fairs } from './fairs/Fairs';
import { Ebooks } from './ebooks/Ebooks';
import { Exchange } from './exchange/Exchange';

type Session = { state: 'checking' } | { state: 'out'; notice: 'expired' | 'signedOut' | null } | { state: 'in'; me: PortalMe };

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [libraries, setLibraries] = useState<PortalLibrary[]>([]);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  // Bumped by every nav click: the screen starts afresh even when its route is already open
  // (查詢館藏 from the request form, which lives on the search route, goes back to the search).
  const [visit, setVisit] = useState(0);

  useEffect(() => {
    whenSessionEnds(() => { setCsrf(''); setSession({ state: 'out', notice: 'expired' }); });
    api<PortalMe>('GET', PORTAL_PATHS.me).then(
      (me) => { setCsrf(me.csrfToken); setSession({ state: 'in', me }); },
      (e: unknown) => setSession({ state: 'out', notice: (e as { code?: string }).code === 'SESSION_EXPIRED' ? 'expired' : null }),
    );
    // The wire names no wrapper for this list: take { libraries } or a bare array.
    api<{ libraries: PortalLibrary[] } | PortalLibrary[]>('GET', PORTAL_PATHS.libraries).then((r) => setLibraries(Array.isArray(r) ? r : r.libraries), () => setLibraries([]));
    const onHash = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = useCallback((hash: string) => { location.hash = hash; }, []);
  const signOut = useCallback(async () => {
    await api('DELETE', PORTAL_PATHS.session).catch(() => undefined);
    setCsrf('');
    setSession({ state: 'out', notice: 'signedOut' });
  }, []);
  const portal = useMemo<Portal | null>(() => {
    if (session.state !== 'in') return null;
    const names = new Map(libraries.map((l) => [l.id, l.name]));
    return { me: session.me, libraries, libraryName: (id) => (id ? names.get(id) ?? id : ''), go };
  }, [session, libraries, go]);

  if (session.state === 'checking') return <main className="center"><Loading /></main>;
  if (session.state === 'out' || !portal) {
    return <SignIn libraries={libraries} notice={session.state === 'out' ? session.notice : null}
      onSignedIn={(me) => { setCsrf(me.csrfToken); setSession({ state: 'in', me }); }} />;
  }
  const current = route.name === 'request' ? 'requests' : route.name === 'fair' ? 'fairs' : route.name;
  return (
    <PortalContext.Provider value={portal}>
      <header className="top">
        <div className="bar">
          <p className="brand">{t('app')}</p>
          <p className="who" data-testid="who">{portal.me.patron.name}<span className="muted">・{portal.me.patron.homeLibraryName}</span></p>
          <button type="button" className="link" lang={t('language') === 'English' ? 'en' : 'zh-Hant-TW'} onClick={toggleLanguage}>{t('language')}</button>
          <button type="button" className="link" onClick={() => void signOut()}>{t('signOut')}</button>
        </div>
        <nav aria-label={t('nav.label')}>
          {NAV_ROUTES.map((r) => <a key={r} href={`#/${r}`} aria-current={r === current ? 'page' : undefined} onClick={() => setVisit((v) => v + 1)}>{t(`nav.${r}`)}</a>)}
        </nav>
      </header>
      <main key={`${route.name === 'request' ? `request/${route.id}` : route.name}#${visit}`}>
        {route.name === 'search' && <Search />}
        {route.name === 'requests' && <Requests />}
        {route.name === 'request' && <RequestDetail id={route.id} />}
        {route.name === 'account' && <Account />}
        {route.name === 'preferences' && <Preferences />}
        {route.name === 'fairs' && <Fairs />}
        {route.name === 'fair' && <Fairs id={route.id} />}
        {route.name === 'ebooks' && <Ebooks />}
        {route.name === 'exchange' && <Exchange path={route.path} />}
      </main>
    </PortalContext.Provider>
  );
}
