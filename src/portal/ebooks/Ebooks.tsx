// 雲端電子書: the patron's e-books (loans with a reading link and an early
// return, a copy kept for them, their places in waiting lists) and the
// collection (search, borrow, or join the waiting list when all are out).
// The reading link is made on request and shown as a link to tap: it is
// signed and valid for minutes, so it is never made ahead of time.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EBOOK_PATHS, ebookPath, type EbookHold, type EbookList, type EbookLoan, type EbookReadLink, type EbookShelf, type EbookTitle } from '#shared/ebooks/wire';
import { api, ApiFailure } from '../api';
import { errorText } from '../errors';
import { formatTime } from '../format';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { EBOOK_ERROR_CODES } from './i18n';

type Say = (text: string) => void;

function useEbookError() {
  const { t } = useTranslation();
  return (err: unknown): string => (err instanceof ApiFailure && EBOOK_ERROR_CODES.includes(err.code) ? t(`ebooks.error.${err.code}`) : errorText(t, err));
}

function LoanCard({ loan, onChanged, say }: { loan: EbookLoan; onChanged: () => void; say: Say }) {
  const { t } = useTranslation();
  const wordError = useEbookError();
  const [link, setLink] = useState<EbookReadLink | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try { await f(); } catch (err) { setError(wordError(err)); } finally { setBusy(false); }
  };
  return (
    <li className="card" data-testid="ebook-loan" data-title-id={loan.titleId}>
      <h3>{loan.title}</h3>
      <p className="due">{t('ebooks.due', { date: formatTime(loan.dueAt) })}</p>
      {error && <ErrorBox text={error} />}
      {link && <p><a href={link.url} target="_blank" rel="noopener noreferrer" data-testid="ebook-read-link">{t('ebooks.readLink', { time: formatTime(link.expiresAt) })}</a></p>}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} aria-label={`${t('ebooks.read')}：${loan.title}`} data-testid="ebook-read"
          onClick={() => void run(async () => setLink(await api<EbookReadLink>('POST', ebookPath(EBOOK_PATHS.link, loan.id))))}>{t('ebooks.read')}</button>
        <button type="button" className="secondary" disabled={busy} aria-label={`${t('ebooks.giveBack')}：${loan.title}`} data-testid="ebook-return"
          onClick={() => void run(async () => { await api('POST', ebookPath(EBOOK_PATHS.giveBack, loan.id)); say(t('ebooks.returned', { title: loan.title })); onChanged(); })}>{t('ebooks.giveBack')}</button>
      </div>
    </li>
  );
}

function HoldCard({ hold, onChanged, say }: { hold: EbookHold; onChanged: () => void; say: Say }) {
  const { t } = useTranslation();
  const wordError = useEbookError();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try { await f(); } catch (err) { setError(wordError(err)); } finally { setBusy(false); }
  };
  const cancel = () => run(async () => { await api('DELETE', ebookPath(EBOOK_PATHS.cancelHold, hold.id)); say(t(hold.state === 'offered' ? 'ebooks.declined' : 'ebooks.left')); onChanged(); });
  return (
    <li className={`card${hold.state === 'offered' ? ' offered' : ''}`} data-testid="ebook-hold" data-state={hold.state} data-title-id={hold.titleId}>
      <h3>{hold.title}</h3>
      {hold.state === 'offered'
        ? <p className="notice">{t('ebooks.offered', { time: formatTime(hold.offerUntil) })}</p>
        : <p>{t('ebooks.waiting', { position: hold.position ?? '?' })}</p>}
      {error && <ErrorBox text={error} />}
      <div className="actions">
        {hold.state === 'offered' && (
          <button type="button" className="primary" disabled={busy} aria-label={`${t('ebooks.take')}：${hold.title}`} data-testid="ebook-take"
            onClick={() => void run(async () => { const l = await api<EbookLoan>('POST', ebookPath(EBOOK_PATHS.borrow, hold.titleId)); say(t('ebooks.borrowed', { title: l.title, date: formatTime(l.dueAt) })); onChanged(); })}>{t('ebooks.take')}</button>
        )}
        <button type="button" className="secondary" disabled={busy} aria-label={`${t(hold.state === 'offered' ? 'ebooks.decline' : 'ebooks.leave')}：${hold.title}`} data-testid="ebook-leave"
          onClick={() => void cancel()}>{t(hold.state === 'offered' ? 'ebooks.decline' : 'ebooks.leave')}</button>
      </div>
    </li>
  );
}

function TitleCard({ title, mine, onChanged, say }: { title: EbookTitle; mine: boolean; onChanged: () => void; say: Say }) {
  const { t } = useTranslation();
  const wordError = useEbookError();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const free = title.copies - title.out;
  const act = async () => {
    setBusy(true);
    setError('');
    try {
      if (free > 0) {
        const l = await api<EbookLoan>('POST', ebookPath(EBOOK_PATHS.borrow, title.id));
        say(t('ebooks.borrowed', { title: l.title, date: formatTime(l.dueAt) }));
      } else {
        const h = await api<EbookHold>('POST', ebookPath(EBOOK_PATHS.hold, title.id));
        say(t('ebooks.held', { position: h.position ?? '?' }));
      }
      onChanged();
    } catch (err) {
      setError(wordError(err));
      // Someone took the last copy first: the list now shows the waiting-list button.
      if (err instanceof ApiFailure && (err.code === 'EBOOK_ALL_OUT' || err.code === 'EBOOK_COPY_FREE')) onChanged();
    } finally {
      setBusy(false);
    }
  };
  const label = free > 0 ? t('ebooks.borrow') : t('ebooks.hold');
  return (
    <li className="card" data-testid="ebook-title" data-title-id={title.id}>
      <h3>{title.title}</h3>
      {title.author && <p className="muted">{title.author}{title.publisher ? `・${title.publisher}` : ''}</p>}
      <p className={free > 0 ? 'ok' : 'warn-text'} data-testid="ebook-copies">{free > 0 ? t('ebooks.copies', { free, copies: title.copies }) : t('ebooks.allOut')}
        {title.waiting > 0 && <span className="muted">・{t('ebooks.queue', { count: title.waiting })}</span>}</p>
      <p className="muted">{t('ebooks.loanDays', { days: title.loanDays })}</p>
      {error && <ErrorBox text={error} />}
      {!mine && <button type="button" className={free > 0 ? 'primary' : 'secondary'} disabled={busy} aria-label={`${label}：${title.title}`} data-testid="ebook-act" onClick={() => void act()}>{busy ? t('sending') : label}</button>}
    </li>
  );
}

export function Ebooks() {
  const { t } = useTranslation();
  const [form, setForm] = useState('');
  const [query, setQuery] = useState({ q: '', page: 1 });
  const [said, setSaid] = useState('');
  const shelf = useLoad<EbookShelf>(EBOOK_PATHS.mine);
  const list = useLoad<EbookList>(`${EBOOK_PATHS.titles}?q=${encodeURIComponent(query.q)}&page=${query.page}`);
  const reload = () => { shelf.reload(); list.reload(); };
  const submit = (e: FormEvent) => { e.preventDefault(); setQuery({ q: form.trim(), page: 1 }); };
  const s = shelf.data;
  const mine = new Set([...(s?.loans.map((l) => l.titleId) ?? []), ...(s?.holds.map((h) => h.titleId) ?? [])]);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <>
      <PageTitle>{t('ebooks.title')}</PageTitle>
      <p className="hint">{t('ebooks.intro')}</p>
      <p role="status" className={said ? 'success' : undefined} data-testid="ebook-status">{said}</p>
      <section aria-labelledby="ebooks-mine">
        <h2 id="ebooks-mine">{t('ebooks.mine')}</h2>
        {shelf.loading && !s && <Loading />}
        {shelf.error !== null && <ErrorBox text={errorText(t, shelf.error)} onRetry={shelf.reload} />}
        {s && (s.loans.length === 0 && s.holds.length === 0 ? <p className="empty">{t('ebooks.none')}</p> : (
          <ul className="list">
            {s.holds.filter((h) => h.state === 'offered').map((h) => <HoldCard key={h.id} hold={h} onChanged={reload} say={setSaid} />)}
            {s.loans.map((l) => <LoanCard key={l.id} loan={l} onChanged={reload} say={setSaid} />)}
            {s.holds.filter((h) => h.state === 'waiting').map((h) => <HoldCard key={h.id} hold={h} onChanged={reload} say={setSaid} />)}
          </ul>
        ))}
        {s && <p className="hint">{t('ebooks.loanLimit', { count: s.loanLimit })}</p>}
      </section>
      <section aria-labelledby="ebooks-search">
        <h2 id="ebooks-search">{t('ebooks.search')}</h2>
        <form className="search-form" role="search" onSubmit={submit}>
          <label htmlFor="ebook-q">{t('ebooks.query')}</label>
          <input id="ebook-q" type="search" value={form} maxLength={200} onChange={(e) => setForm(e.target.value)} data-testid="ebook-q" />
          <button type="submit" className="primary">{t('ebooks.submit')}</button>
        </form>
        {list.loading && !list.data && <Loading />}
        {list.error !== null && <ErrorBox text={errorText(t, list.error)} onRetry={list.reload} />}
        {list.data && (list.data.titles.length === 0 ? <p className="empty">{t('ebooks.noResults')}</p> : (
          <>
            <p className="count">{t('ebooks.total', { count: list.data.total })}</p>
            <ul className="list results">
              {list.data.titles.map((x) => <TitleCard key={x.id} title={x} mine={mine.has(x.id)} onChanged={reload} say={setSaid} />)}
            </ul>
            {pages > 1 && (
              <nav className="pager" aria-label={t('ebooks.page', { page: query.page })}>
                <button type="button" className="secondary" disabled={query.page <= 1} onClick={() => setQuery({ ...query, page: query.page - 1 })}>{t('ebooks.prev')}</button>
                <span>{t('ebooks.page', { page: query.page })}</span>
                <button type="button" className="secondary" disabled={query.page >= pages} onClick={() => setQuery({ ...query, page: query.page + 1 })}>{t('ebooks.next')}</button>
              </nav>
            )}
          </>
        ))}
      </section>
    </>
  );
}
