// The used-book exchange in the console: listings, reservations, matches and
// match rate per school and subject (a library administrator sees their own
// school only; the service enforces it), and moderation: hide a listing with
// a reason its lister sees, or show it again. Every moderation is audited.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { EXCHANGE_PATHS, type ConsoleListing, type ExchangeStats as Stats } from '#shared/exchange/wire';
import { api, type Account } from '../api';

const zh = {
  nav: { exchange: '二手書' },
  exchange: {
    title: '二手書交換統計', school: '學校', all: '全部學校', from: '起（含）', to: '迄（不含）', show: '查詢',
    caption: '各校各主題的刊登、保留、成交與成交率', subject: '主題', listings: '刊登', reservations: '保留', matches: '已面交', rate: '成交率', total: '合計',
    none: '這段期間沒有刊登。', moderation: '刊登管理', hiddenOnly: '只看已隱藏', book: '書名', state: '狀態', hidden: '已隱藏：{{reason}}',
    reason: '隱藏原因（刊登者會看到）', hide: '隱藏', unhide: '取消隱藏', failed: '沒有完成：{{message}}',
    states: { open: '可保留', reserved: '已被保留', matched: '已面交', withdrawn: '已下架', expired: '已過期' },
  },
};
const en: typeof zh = {
  nav: { exchange: 'Used books' },
  exchange: {
    title: 'Used-book exchange statistics', school: 'School', all: 'All schools', from: 'From', to: 'To (exclusive)', show: 'Show',
    caption: 'Listings, reservations, matches and match rate by school and subject', subject: 'Subject', listings: 'Listings', reservations: 'Reservations', matches: 'Handed over', rate: 'Match rate', total: 'Total',
    none: 'No listings in this period.', moderation: 'Listings', hiddenOnly: 'Hidden only', book: 'Title', state: 'State', hidden: 'Hidden: {{reason}}',
    reason: 'Reason for hiding (the lister sees it)', hide: 'Hide', unhide: 'Show again', failed: 'Not done: {{message}}',
    states: { open: 'Available', reserved: 'Reserved', matched: 'Handed over', withdrawn: 'Withdrawn', expired: 'Expired' },
  },
};
i18next.addResourceBundle('zh-TW', 'translation', zh, true, false);
i18next.addResourceBundle('en', 'translation', en, true, false);

const stripPrefix = (p: string): string => p.replace(/^\/console\/api/, '');
const percent = (r: number): string => `${(r * 100).toFixed(1)}%`;

export function ExchangeStats({ account, libraries }: { account: Account; libraries: string[] }) {
  const { t } = useTranslation();
  const office = account.role === 'office';
  const [query, setQuery] = useState({ library: office ? '' : account.libraryId ?? '', from: '', to: '' });
  const [stats, setStats] = useState<Stats | null>(null);
  const [listings, setListings] = useState<ConsoleListing[]>([]);
  const [hiddenOnly, setHiddenOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const [tick, setTick] = useState(0);
  const load = useCallback(() => setTick((x) => x + 1), []);
  // Only promise callbacks set state here: the effect synchronises with the service's answers.
  useEffect(() => {
    let live = true;
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
    const lq = new URLSearchParams({ ...(query.library ? { library: query.library } : {}), ...(hiddenOnly ? { hidden: 'true' } : {}) });
    Promise.all([
      api<Stats>('GET', `${stripPrefix(EXCHANGE_PATHS.consoleStats)}?${qs.toString()}`),
      api<{ listings: ConsoleListing[] }>('GET', `${stripPrefix(EXCHANGE_PATHS.consoleListings)}?${lq.toString()}`),
    ]).then(
      ([s, l]) => { if (live) { setStats(s); setListings(l.listings); setError(null); } },
      (e: unknown) => { if (live) setError(t('exchange.failed', { message: e instanceof Error ? e.message : String(e) })); },
    );
    return () => { live = false; };
  }, [query, hiddenOnly, tick, t]);

  return (
    <section aria-labelledby="exchange-title">
      <h2 id="exchange-title">{t('exchange.title')}</h2>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); load(); }}>
        {office && (
          <label>{t('exchange.school')}
            <select value={query.library} onChange={(e) => setQuery((q) => ({ ...q, library: e.target.value }))} data-testid="exchange-library">
              <option value="">{t('exchange.all')}</option>
              {libraries.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          </label>
        )}
        <label>{t('exchange.from')}<input type="date" value={query.from} onChange={(e) => setQuery((q) => ({ ...q, from: e.target.value }))} /></label>
        <label>{t('exchange.to')}<input type="date" value={query.to} onChange={(e) => setQuery((q) => ({ ...q, to: e.target.value }))} /></label>
      </form>
      {error && <p role="alert">{error}</p>}
      {stats && stats.rows.length === 0 && <p>{t('exchange.none')}</p>}
      {stats && stats.rows.length > 0 && (
        <div className="table-wrap">
          <table data-testid="exchange-stats">
            <caption>{t('exchange.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchange.school')}</th><th scope="col">{t('exchange.subject')}</th><th scope="col">{t('exchange.listings')}</th>
                <th scope="col">{t('exchange.reservations')}</th><th scope="col">{t('exchange.matches')}</th><th scope="col">{t('exchange.rate')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.rows.map((r) => (
                <tr key={`${r.libraryId}/${r.subject}`} data-library={r.libraryId} data-subject={r.subject}>
                  <th scope="row">{r.libraryId}</th><td>{r.subject}</td><td>{r.listings}</td><td>{r.reservations}</td><td>{r.matches}</td><td>{percent(r.matchRate)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>{t('exchange.total')}</th><td>{stats.totals.listings}</td><td>{stats.totals.reservations}</td><td>{stats.totals.matches}</td><td>{percent(stats.totals.matchRate)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <h3>{t('exchange.moderation')}</h3>
      <label><input type="checkbox" checked={hiddenOnly} onChange={(e) => setHiddenOnly(e.target.checked)} /> {t('exchange.hiddenOnly')}</label>
      <ul className="plain" data-testid="exchange-moderation">
        {listings.map((l) => <ModerationRow key={l.id} listing={l} onChanged={load} />)}
      </ul>
    </section>
  );
}

function ModerationRow({ listing: l, onChanged }: { listing: ConsoleListing; onChanged: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (path: string, body: unknown) => {
    setError(null);
    try {
      await api('POST', stripPrefix(path), body);
      setReason('');
      onChanged();
    } catch (e) {
      setError(t('exchange.failed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  const reasonId = `reason-${l.id}`;
  return (
    <li data-listing-id={l.id}>
      <p><strong>{l.title}</strong>（{l.libraryId}・{l.subject}・{t(`exchange.states.${l.state}`)}）</p>
      {l.hidden ? (
        <p>{t('exchange.hidden', { reason: l.hidden.reason })} <button type="button" onClick={() => void run(EXCHANGE_PATHS.consoleUnhide(l.id), {})}>{t('exchange.unhide')}</button></p>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void run(EXCHANGE_PATHS.consoleHide(l.id), { reason }); }}>
          <label htmlFor={reasonId}>{t('exchange.reason')}</label>
          <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} required />
          <button type="submit" disabled={reason.trim() === ''}>{t('exchange.hide')}</button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}
