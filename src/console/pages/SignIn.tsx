import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiFailure, setCsrf, type Account } from '../api';

export function SignIn({ onSignedIn }: { onSignedIn: (a: Account) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const r = await api<{ account: Account; csrfToken: string }>('POST', '/login', { username, password, ...(totp ? { totp } : {}) });
      setCsrf(r.csrfToken);
      onSignedIn(r.account);
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'TOTP_REQUIRED') setNeedTotp(true);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <main className="signin">
      <h1>{t('app')}</h1>
      <form onSubmit={(e) => void submit(e)} aria-label={t('signIn')}>
        <label>{t('username')}<input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required /></label>
        <label>{t('password')}<input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        {needTotp && <label>{t('totp')}<input name="totp" inputMode="numeric" autoComplete="one-time-code" value={totp} onChange={(e) => setTotp(e.target.value)} /></label>}
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit">{t('signIn')}</button>
      </form>
    </main>
  );
}
