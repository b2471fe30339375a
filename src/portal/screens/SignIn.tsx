// Sign-in: the school (a select the patron can narrow by typing), the library
// account and the password or PIN. Only the school is remembered on this
// device; each refusal is worded (wrong password, locked until when, the
// library's system not answering — which does not lock the account).
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_PATHS, type PortalLibrary, type PortalMe, type SignInBody } from '#shared/portal/wire';
import { api } from '../api';
import { errorText } from '../errors';
import { toggleLanguage } from '../i18n';
import { ErrorBox, Loading, PageTitle } from '../ui';

const SCHOOL_KEY = 'relay-portal-school';

export function SignIn({ libraries, notice, onSignedIn }: { libraries: PortalLibrary[]; notice: 'expired' | 'signedOut' | null; onSignedIn: (me: PortalMe) => void }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [libraryId, setLibraryId] = useState(() => localStorage.getItem(SCHOOL_KEY) ?? '');
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? libraries.filter((l) => l.name.toLowerCase().includes(f) || l.id.toLowerCase().includes(f)) : libraries;
  }, [filter, libraries]);
  // The chosen school stays chosen while the list is narrowed to something else.
  const chosen = libraries.find((l) => l.id === libraryId);
  const options = chosen && !shown.includes(chosen) ? [chosen, ...shown] : shown;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    setBusy(true);
    try {
      const body: SignInBody = { libraryId, account: account.trim(), password };
      const me = await api<PortalMe>('POST', PORTAL_PATHS.session, body);
      localStorage.setItem(SCHOOL_KEY, libraryId);
      onSignedIn(me);
    } catch (err) {
      setError(errorText(t, err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header className="top">
        <div className="bar">
          <p className="brand">{t('app')}</p>
          <button type="button" className="link" onClick={toggleLanguage}>{t('language')}</button>
        </div>
      </header>
      <main className="signin">
        <PageTitle>{t('signIn.title')}</PageTitle>
        {notice && <p role="status" className="notice" data-testid="signin-notice">{t(`signIn.${notice}`)}</p>}
        <p>{t('signIn.intro')}</p>
        <form onSubmit={(e) => void submit(e)} className="stack" aria-label={t('signIn.title')}>
          <label>{t('signIn.schoolFilter')}
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" data-testid="school-filter" />
          </label>
          <label>{t('signIn.school')}
            <select value={libraryId} onChange={(e) => setLibraryId(e.target.value)} required name="library" data-testid="school">
              <option value="">{options.length ? t('signIn.schoolPick') : t('signIn.noSchool')}</option>
              {options.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </select>
          </label>
          {chosen && <p className="hint">{chosen.signIn === 'sip2' ? t('signIn.viaSip2') : t('signIn.viaPassword')}</p>}
          <label>{t('signIn.account')}
            <input name="account" autoComplete="username" value={account} onChange={(e) => setAccount(e.target.value)} required />
          </label>
          <label>{t('signIn.password')}
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          {error && <ErrorBox text={error} />}
          {/* Asking the library's system over SIP2 can take seconds: say what is happening. */}
          {busy && <Loading label={chosen?.signIn === 'sip2' ? t('signIn.checking') : t('signIn.checkingPassword')} />}
          <button type="submit" className="primary" disabled={busy}>{busy ? t('sending') : t('signIn.submit')}</button>
          <p className="hint">{t('signIn.remembered')}</p>
        </form>
      </main>
    </>
  );
}
