// 代借申請 Requests: a patron at the counter asks for a book the library does
// not have (the seed's case: a teacher hands over a title). Staff scan the
// card, search the union catalogue (online only: the catalogue lives at the
// service), choose the work and place the request — pickup here, approved as
// placed; the service picks the lenders. Below: the review queue (審核) and
// every title request this library takes part in, with its rota and history.
import { useState } from 'react';
import { maskCardNumber, maskName } from '#shared/slips/mask';
import { titleRequestsOf } from '#desk-core/title-requests';
import type { WorkSummary } from '#shared/catalogue/wire';
import { Note, ResultPanel, ScanField, Section, useRefusal, useResult } from '../components';
import { useDeskEnv, useScanHandler, useSession, useViewVersion } from '../desk-context';
import { translateDynamic } from '../i18n';
import { RequestDetail } from './RequestDetail';
import { ReviewQueue } from './ReviewQueue';

type Search =
  | { phase: 'idle' }
  | { phase: 'searching'; q: string }
  | { phase: 'done'; q: string; total: number; works: WorkSummary[] }
  | { phase: 'offline' }
  | { phase: 'failed'; message: string };

const workTitle = (w: Pick<WorkSummary, 'title'>) => w.title;

export function RequestsView(): React.JSX.Element {
  const { desk, t, lang, libName, scanBus } = useDeskEnv();
  useViewVersion(desk);
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const [patron, setPatron] = useSession<{ id: string; card: string } | null>('requests.patron', null);
  const [query, setQuery] = useSession('requests.q', '');
  const [search, setSearch] = useSession<Search>('requests.search', { phase: 'idle' });
  const [chosen, setChosen] = useSession<WorkSummary | null>('requests.work', null);
  const [neededBy, setNeededBy] = useState('');
  const [note, setNote] = useState('');
  const [selected, setSelected] = useSession<string | null>('requests.selected', null);
  const [result, show] = useResult('requests');
  const refusal = useRefusal();
  const patronRec = patron ? reader.get('patrons', patron.id) : undefined;

  useScanHandler(({ code }) => {
    const found = desk.workflows.findPatron(code);
    if (!found.ok) return show(refusal(found));
    setPatron({ id: found.patron.id, card: code.trim() });
    show({ state: 'ok', headline: t('reqPatron', { name: maskName(found.patron.name), card: maskCardNumber(code.trim()) }) });
  });

  const runSearch = async () => {
    const q = query.trim();
    if (q === '') return;
    setSearch({ phase: 'searching', q });
    const answer = await desk.searchCatalogue(q);
    if (answer.ok) setSearch({ phase: 'done', q, total: answer.result.total, works: answer.result.works });
    else if (answer.offline) setSearch({ phase: 'offline' });
    else setSearch({ phase: 'failed', message: answer.message });
  };

  const place = async () => {
    if (!patron) return show({ state: 'problem', headline: t('reqNoPatron') });
    if (!chosen) return;
    const res = await desk.titles.place({
      patronId: patron.id, neededBy: neededBy || null, note,
      work: { workId: chosen.id, title: workTitle(chosen), author: chosen.author ?? '', isbn: chosen.isbns[0] ?? '', edition: '' },
    });
    if (!res.ok) return show(res.reason === 'DUPLICATE_ID' ? { state: 'problem', headline: t('reqDuplicate', { id: String(res.params['id']) }) } : refusal(res));
    show({ state: 'ok', headline: t('reqPlaced', { title: workTitle(chosen) }), detail: [t('reqPickupHere'), t('reqPlacedNext')] });
    if (res.requestId) setSelected(res.requestId);
    setChosen(null);
    setNote('');
    setNeededBy('');
    scanBus.focusScan();
  };

  const mine = titleRequestsOf(reader, me);
  const detail = selected ? reader.get('requests', selected) : undefined;
  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('reqPatronLabel')} onScan={(code) => scanBus.deliver({ code, source: 'keyboard' })} />
        <ResultPanel result={result} />
      </div>
      <p data-testid="req-patron">{patronRec && patron ? t('reqPatron', { name: maskName(patronRec.name), card: maskCardNumber(patron.card) }) : t('reqNoPatron')}</p>

      <Section title={t('reqSearchTitle')} testid="catalogue">
        <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void runSearch(); }}>
          <input data-testid="catalogue-q" aria-label={t('reqSearchLabel')} placeholder={t('reqSearchLabel')} value={query} maxLength={200} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit" className="btn btn-primary" data-testid="catalogue-search">{t('reqSearch')}</button>
        </form>
        {search.phase === 'searching' && <p role="status">{t('reqSearching')}</p>}
        {search.phase === 'offline' && <Note tone="warn" text={t('reqOffline')} />}
        {search.phase === 'failed' && <Note tone="warn" text={t('reqSearchFailed', { message: search.message })} />}
        {search.phase === 'done' && (search.works.length === 0 ? <p className="empty">{t('reqNoResults', { q: search.q })}</p> : (
          <table className="table" data-testid="catalogue-results" aria-label={t('reqResults', { n: search.total })}>
            <tbody>
              {search.works.map((w) => (
                <tr key={w.id} data-testid="catalogue-result" data-work-id={w.id} aria-selected={chosen?.id === w.id}>
                  <td>{w.title}</td>
                  <td>{w.author ?? ''}{w.year ? ` (${w.year})` : ''}</td>
                  <td>{t('reqHoldings', { libs: w.holdings.length, n: w.holdings.filter((h) => h.libraryId !== me).reduce((n, h) => n + h.requestableCopies, 0) })}</td>
                  <td><button type="button" className="btn btn-small" data-testid="choose-work" onClick={() => setChosen(w)}>{t('reqChoose')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {chosen && (
          <div className="form-grid" data-testid="place-form">
            <p className="sub-title">{t('reqChosen', { title: workTitle(chosen) })}</p>
            <p>{t('reqPickupHere')}</p>
            <label>{t('reqNeededBy')} <input type="date" data-testid="needed-by" value={neededBy} onChange={(e) => setNeededBy(e.target.value)} /></label>
            <label>{t('reqNote')} <input data-testid="req-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} /></label>
            <button type="button" className="btn btn-primary" data-testid="place-request" disabled={!patron} onClick={() => void place()}>{t('reqPlace')}</button>
          </div>
        )}
      </Section>

      <ReviewQueue onDone={show} />

      <Section title={t('reqListTitle')} count={mine.length} testid="title-requests">
        {mine.length === 0 ? <p className="empty">{t('reqListEmpty')}</p> : (
          <table className="table">
            <tbody>
              {mine.map((r) => (
                <tr key={r.id} data-testid="request-row" data-request-id={r.id} data-borrower-state={r.borrowerState} aria-selected={selected === r.id}>
                  <td>{r.work?.title}</td>
                  <td>{r.borrowerLibraryId === me ? (r.lenderLibraryId ? libName(r.lenderLibraryId) : t('reqNoLender')) : libName(r.borrowerLibraryId)}</td>
                  <td>{translateDynamic(lang, 'reqState_', r.borrowerState)}{r.review?.state === 'pending' ? ` · ${t('reqReview_pending')}` : ''}</td>
                  <td><button type="button" className="btn btn-small" data-testid="show-request" onClick={() => setSelected(r.id)}>{t('reqShow')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {detail && <RequestDetail request={detail} />}
    </div>
  );
}
