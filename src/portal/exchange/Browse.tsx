// Find used books: words, kind, subject and school; newest first, a page at a time.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EXCHANGE_PATHS, LISTING_KINDS, SUBJECTS, type ExchangeSearchResponse } from '#shared/exchange/wire';
import { usePortal } from '../context';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { EXCHANGE_NS } from './i18n';
import { ListingCard } from './ListingCard';
import { exchangeError } from './words';

const PAGE_SIZE = 20;

export function Browse() {
  const { t } = useTranslation(EXCHANGE_NS);
  const { t: tp } = useTranslation();
  const portal = usePortal();
  const [form, setForm] = useState({ q: '', kind: '', subject: '', school: '' });
  const [asked, setAsked] = useState({ ...form, page: 1 });
  const qs = new URLSearchParams(Object.entries(asked).filter(([, v]) => v !== '' && v !== 1).map(([k, v]) => [k, String(v)])).toString();
  const list = useLoad<ExchangeSearchResponse>(`${EXCHANGE_PATHS.listings}${qs ? `?${qs}` : ''}`);
  const submit = (e: FormEvent) => { e.preventDefault(); setAsked({ ...form, page: 1 }); };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <form role="search" onSubmit={submit} className="search-form">
        <label className="grow">{t('browse.query')}
          <input type="search" value={form.q} onChange={set('q')} enterKeyHint="search" data-testid="exchange-q" />
        </label>
        <label>{t('browse.kind')}
          <select value={form.kind} onChange={set('kind')} data-testid="exchange-kind">
            <option value="">{t('browse.any')}</option>
            {LISTING_KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </label>
        <label>{t('browse.subject')}
          <select value={form.subject} onChange={set('subject')} data-testid="exchange-subject">
            <option value="">{t('browse.any')}</option>
            {SUBJECTS.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>{t('browse.school')}
          <select value={form.school} onChange={set('school')} data-testid="exchange-school">
            <option value="">{t('browse.any')}</option>
            {portal.libraries.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select>
        </label>
        <button type="submit" className="primary">{t('browse.submit')}</button>
      </form>
      {list.loading && <Loading />}
      {list.error !== null && <ErrorBox text={exchangeError(t, tp, list.error)} onRetry={list.reload} />}
      {list.data && (
        <section aria-labelledby="exchange-count">
          <h2 id="exchange-count" className="count" data-testid="exchange-total">{t('browse.total', { count: list.data.total })}</h2>
          {list.data.listings.length === 0 && <p className="empty">{t('browse.none')}</p>}
          <ul className="results">
            {list.data.listings.map((l) => <ListingCard key={l.id} listing={l} />)}
          </ul>
          {pages > 1 && (
            <nav className="pager" aria-label={t('browse.page', { page: asked.page })}>
              <button type="button" className="secondary" disabled={asked.page <= 1} onClick={() => setAsked((a) => ({ ...a, page: a.page - 1 }))}>{t('browse.prev')}</button>
              <span>{t('browse.page', { page: asked.page })}</span>
              <button type="button" className="secondary" disabled={asked.page >= pages} onClick={() => setAsked((a) => ({ ...a, page: a.page + 1 }))}>{t('browse.next')}</button>
            </nav>
          )}
        </section>
      )}
    </>
  );
}
