// Search the union catalogue: each work with the copies each school can lend,
// (those with copies to lend first) and a request button that opens the
// request form (with the rules again).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_PATHS, type PortalRules, type SearchResponse } from '#shared/portal/wire';
import { api } from '../api';
import { usePortal } from '../context';
import { errorText } from '../errors';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { RulesCard } from './RulesCard';
import { RequestForm } from './RequestForm';

type Work = SearchResponse['works'][number];
const FIELDS = ['any', 'title', 'author', 'subject', 'isbn', 'callnumber'] as const;

export function Search() {
  const { t } = useTranslation();
  const { me, libraryName } = usePortal();
  const rules = useLoad<PortalRules>(PORTAL_PATHS.rules);
  const [q, setQ] = useState('');
  const [field, setField] = useState<(typeof FIELDS)[number]>('any');
  const [answer, setAnswer] = useState<SearchResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [chosen, setChosen] = useState<Work | null>(null);

  const run = async (page: number) => {
    if (!q.trim()) return;
    setBusy(true);
    setError('');
    try {
      const params = new URLSearchParams({ q: q.trim(), field, page: String(page) });
      setAnswer(await api<SearchResponse>('GET', `${PORTAL_PATHS.search}?${params}`));
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => { e.preventDefault(); void run(1); };

  if (chosen && rules.data) {
    return <RequestForm work={chosen} rules={rules.data} onBack={() => setChosen(null)} onPlaced={rules.reload} />;
  }
  const pages = answer ? Math.ceil(answer.total / answer.pageSize) : 0;
  return (
    <>
      <PageTitle>{t('search.title')}</PageTitle>
      {rules.data ? <RulesCard rules={rules.data} /> : rules.error ? <ErrorBox text={errorText(t, rules.error)} onRetry={rules.reload} /> : <Loading />}
      <form role="search" onSubmit={submit} className="search-form">
        <label className="grow">{t('search.query')}
          <input type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} enterKeyHint="search" data-testid="search-q" />
        </label>
        <label>{t('search.field')}
          <select value={field} onChange={(e) => setField(e.target.value as typeof field)}>
            {FIELDS.map((f) => <option key={f} value={f}>{t(`search.fields.${f}`)}</option>)}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy}>{t('search.submit')}</button>
      </form>
      {busy && <Loading />}
      {error && <ErrorBox text={error} onRetry={() => void run(answer?.page ?? 1)} />}
      {answer && !busy && (
        <section aria-labelledby="results-title">
          <h2 id="results-title" className="count">{answer.totalIsCapped ? t('search.totalCapped', { count: answer.total }) : t('search.total', { count: answer.total })}</h2>
          {answer.works.length === 0 && <p className="empty">{t('search.none')}</p>}
          <ul className="results">
            {answer.works.map((w) => {
              const lendable = w.holdings.filter((h) => h.requestableCopies > 0).length;
              return (
                <li key={w.id} className="card" data-testid="result" data-work-id={w.id}>
                  <h3>{w.title}</h3>
                  <p className="muted">{[w.author, w.publisher, w.year].filter(Boolean).join('・')}</p>
                  <h4 className="small">{t('search.holdings')}</h4>
                  <ul className="holdings">
                    {[...w.holdings].sort((a, b) => b.requestableCopies - a.requestableCopies).map((h) => (
                      <li key={h.libraryId} data-library={h.libraryId} className={h.requestableCopies > 0 ? 'yes' : 'no'}>
                        <span>{libraryName(h.libraryId)}{h.libraryId === me.patron.homeLibraryId ? t('search.ownLibrary') : ''}</span>
                        <span>{h.requestableCopies > 0 ? t('search.copies', { count: h.requestableCopies }) : t('search.noCopies')}</span>
                      </li>
                    ))}
                  </ul>
                  {lendable === 0 && <p className="muted">{t('search.notRequestable')}</p>}
                  <button type="button" className="primary" onClick={() => setChosen(w)} disabled={!rules.data} aria-label={`${t('search.request')}：${w.title}`} data-testid="request-work">{t('search.request')}</button>
                </li>
              );
            })}
          </ul>
          {pages > 1 && (
            <nav className="pager" aria-label={t('search.page', { page: answer.page })}>
              <button type="button" className="secondary" disabled={answer.page <= 1} onClick={() => void run(answer.page - 1)}>{t('search.prev')}</button>
              <span>{t('search.page', { page: answer.page })}</span>
              <button type="button" className="secondary" disabled={answer.page >= pages} onClick={() => void run(answer.page + 1)}>{t('search.more')}</button>
            </nav>
          )}
        </section>
      )}
    </>
  );
}
