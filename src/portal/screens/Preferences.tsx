// Notice preferences: where notices go, in which language, and which ones.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTICE_KINDS, PORTAL_PATHS, type NoticePreferences } from '#shared/portal/wire';
import { api } from '../api';
import { errorText } from '../errors';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';

function PreferencesForm({ initial }: { initial: NoticePreferences }) {
  const { t } = useTranslation();
  const [prefs, setPrefs] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    setError('');
    try {
      const body: NoticePreferences = { ...prefs, email: prefs.email?.trim() ? prefs.email.trim() : null };
      setPrefs(await api<NoticePreferences>('PUT', PORTAL_PATHS.preferences, body));
      setSaved(true);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-label={t('prefs.title')}>
      <label>{t('prefs.email')}
        <input type="email" autoComplete="email" value={prefs.email ?? ''} onChange={(e) => { setSaved(false); setPrefs({ ...prefs, email: e.target.value }); }} aria-describedby="email-hint" data-testid="pref-email" />
      </label>
      <p id="email-hint" className="hint">{t('prefs.emailHint')}</p>
      <label>{t('prefs.language')}
        <select value={prefs.language} onChange={(e) => { setSaved(false); setPrefs({ ...prefs, language: e.target.value === 'en' ? 'en' : 'zh-TW' }); }} data-testid="pref-language">
          <option value="zh-TW" lang="zh-Hant-TW">中文</option>
          <option value="en" lang="en">English</option>
        </select>
      </label>
      <fieldset>
        <legend>{t('prefs.kinds')}</legend>
        {NOTICE_KINDS.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={prefs.kinds[k]} onChange={(e) => { setSaved(false); setPrefs({ ...prefs, kinds: { ...prefs.kinds, [k]: e.target.checked } }); }} data-kind={k} />
            {t(`prefs.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      {error && <ErrorBox text={error} />}
      {saved && <p role="status" className="success" data-testid="prefs-saved">{t('prefs.saved')}</p>}
      <button type="submit" className="primary" disabled={busy}>{busy ? t('sending') : t('prefs.save')}</button>
    </form>
  );
}

export function Preferences() {
  const { t } = useTranslation();
  const prefs = useLoad<NoticePreferences>(PORTAL_PATHS.preferences);
  return (
    <>
      <PageTitle>{t('prefs.title')}</PageTitle>
      {prefs.loading && <Loading />}
      {prefs.error !== null && <ErrorBox text={errorText(t, prefs.error)} onRetry={prefs.reload} />}
      {prefs.data && <PreferencesForm initial={prefs.data} />}
    </>
  );
}
