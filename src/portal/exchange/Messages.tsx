// Conversations about listings: each with the other patron's masked name,
// the messages in order, and a reply box. Never an email or a phone number.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXCHANGE_PATHS, type ExchangeThread } from '#shared/exchange/wire';
import { api } from '../api';
import { formatTime } from '../format';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { EXCHANGE_NS } from './i18n';
import { exchangeError, exchangeHash } from './words';

export function Messages() {
  const { t } = useTranslation(EXCHANGE_NS);
  const { t: tp } = useTranslation();
  const threads = useLoad<{ threads: ExchangeThread[] }>(EXCHANGE_PATHS.threads);
  return (
    <>
      <PageTitle>{t('messages.title')}</PageTitle>
      {threads.loading && <Loading />}
      {threads.error !== null && <ErrorBox text={exchangeError(t, tp, threads.error)} onRetry={threads.reload} />}
      {threads.data?.threads.length === 0 && <p className="empty">{t('messages.none')}</p>}
      <ul className="results">
        {threads.data?.threads.map((th) => <Thread key={th.id} thread={th} onSent={threads.reload} />)}
      </ul>
    </>
  );
}

function Thread({ thread, onSent }: { thread: ExchangeThread; onSent: () => void }) {
  const { t } = useTranslation(EXCHANGE_NS);
  const { t: tp } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', EXCHANGE_PATHS.threadMessages(thread.id), { body: text });
      setText('');
      onSent();
    } catch (err) {
      setError(exchangeError(t, tp, err));
    } finally {
      setBusy(false);
    }
  };
  const headingId = `thread-${thread.id}`;
  return (
    <li className="card" data-testid="exchange-thread">
      <h2 id={headingId}><a href={exchangeHash({ name: 'listing', id: thread.listingId })}>{t('messages.about', { title: thread.listingTitle })}</a></h2>
      <p className="muted">{t('messages.with', { name: thread.otherName })}{thread.role === 'lister' ? t('messages.lister') : ''}</p>
      <ol className="exchange-messages">
        {thread.messages.map((m) => (
          <li key={m.id} data-mine={m.mine}>
            <strong>{m.mine ? t('messages.you') : t('messages.them', { name: thread.otherName })}</strong>
            <span className="muted">（{formatTime(m.at)}）</span>：{m.body}
          </li>
        ))}
      </ol>
      <form className="stack" aria-labelledby={headingId} onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <label>{t('messages.replyLabel', { name: thread.otherName })}
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={1000} data-testid="exchange-reply" />
        </label>
        {error && <ErrorBox text={error} />}
        <button type="submit" className="secondary" disabled={busy || text.trim() === ''}>{t('messages.reply')}</button>
      </form>
    </li>
  );
}
