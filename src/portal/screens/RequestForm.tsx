// The request form: pickup library (the home library first), needed-by date
// and a note, the rules once more, and one clear confirm. A duplicate links
// to the request the patron already has.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_PATHS, type NewRequestBody, type PortalRequest, type PortalRules, type SearchResponse } from '#shared/portal/wire';
import { api, ApiFailure } from '../api';
import { usePortal } from '../context';
import { errorText } from '../errors';
import { todayInTaipei } from '../format';
import { requestRoute } from '../routes';
import { ErrorBox, PageTitle } from '../ui';
import { RulesCard } from './RulesCard';

type Work = SearchResponse['works'][number];
type Outcome = { kind: 'placed'; request: PortalRequest } | { kind: 'failed'; text: string; existingId: string | null };

export function RequestForm({ work, rules, onBack, onPlaced }: { work: Work; rules: PortalRules; onBack: () => void; onPlaced: () => void }) {
  const { t } = useTranslation();
  const { me } = usePortal();
  const home = rules.pickupLibraries.find((l) => l.id === me.patron.homeLibraryId) ?? rules.pickupLibraries[0];
  const [pickup, setPickup] = useState(home?.id ?? '');
  const [neededBy, setNeededBy] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const body: NewRequestBody = { workId: work.id, pickupLibraryId: pickup, neededBy: neededBy || null, note: note.trim() };
      const request = await api<PortalRequest>('POST', PORTAL_PATHS.requests, body);
      setOutcome({ kind: 'placed', request });
      onPlaced();
    } catch (err) {
      const existing = err instanceof ApiFailure && err.code === 'DUPLICATE_REQUEST' && typeof err.details?.['requestId'] === 'string' ? err.details['requestId'] : null;
      setOutcome({ kind: 'failed', text: errorText(t, err), existingId: existing });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('form.title', { title: work.title })}</PageTitle>
      <p className="muted">{[work.author, work.publisher, work.year].filter(Boolean).join('・')}</p>
      <RulesCard rules={rules} />
      {outcome?.kind === 'placed' ? (
        <div role="status" className="success" data-testid="placed">
          <p>{t('form.placed')}</p>
          <p className="actions">
            <a className="button primary" href={requestRoute(outcome.request.id)}>{t('form.see')}</a>
            <button type="button" className="secondary" onClick={onBack}>{t('form.cancel')}</button>
          </p>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="stack" aria-label={t('form.title', { title: work.title })}>
          <label>{t('form.pickup')}
            <select value={pickup} onChange={(e) => setPickup(e.target.value)} required data-testid="pickup">
              {rules.pickupLibraries.map((l) => <option key={l.id} value={l.id}>{l.name}{l.id === me.patron.homeLibraryId ? t('form.home') : ''}</option>)}
            </select>
          </label>
          <label>{t('form.neededBy')}
            <input type="date" value={neededBy} min={todayInTaipei()} onChange={(e) => setNeededBy(e.target.value)} data-testid="needed-by" />
          </label>
          <label>{t('form.note')}
            <textarea value={note} maxLength={500} rows={3} onChange={(e) => setNote(e.target.value)} data-testid="note" />
          </label>
          <p className="hint">{t('form.check')}</p>
          {outcome?.kind === 'failed' && (
            <ErrorBox text={outcome.text}>
              {outcome.existingId && <p><a href={requestRoute(outcome.existingId)} data-testid="existing-request">{t('form.seeExisting')}</a></p>}
            </ErrorBox>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !pickup} data-testid="confirm-request">{busy ? t('sending') : t('form.confirm')}</button>
            <button type="button" className="secondary" onClick={onBack}>{t('form.cancel')}</button>
          </div>
        </form>
      )}
    </>
  );
}
