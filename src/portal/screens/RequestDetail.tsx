// One request: its details, the timeline (refreshed every half minute and on
// demand), whether the patron was notified, and cancel while it can be
// cancelled, behind a confirm dialog.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_PATHS, portalPath, type PortalRequest } from '#shared/portal/wire';
import { api } from '../api';
import { ConfirmDialog } from '../ConfirmDialog';
import { usePortal } from '../context';
import { errorText } from '../errors';
import { formatDay } from '../format';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { Timeline } from './Timeline';

const REFRESH_MS = 30_000;

export function RequestDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const { libraryName } = usePortal();
  const req = useLoad<PortalRequest>(portalPath(PORTAL_PATHS.request, id));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [cancelError, setCancelError] = useState('');
  const [cancelled, setCancelled] = useState(false);
  const { reload } = req;
  useEffect(() => {
    const timer = window.setInterval(() => { if (document.visibilityState === 'visible') reload(); }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const cancel = async () => {
    setBusy(true);
    setCancelError('');
    try {
      req.set(await api<PortalRequest>('POST', portalPath(PORTAL_PATHS.cancel, id)));
      setCancelled(true);
    } catch (err) {
      setCancelError(errorText(t, err));
      reload();
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const r = req.data;
  return (
    <>
      <p><a href="#/requests">← {t('requests.back')}</a></p>
      <PageTitle>{r ? r.title : t('requests.title')}</PageTitle>
      {req.loading && <Loading />}
      {req.error !== null && <ErrorBox text={errorText(t, req.error)} onRetry={reload} />}
      {r && (
        <>
          <section className="card" aria-label={r.title}>
            {r.author && <p className="muted">{r.author}</p>}
            <p>{t('requests.pickup', { library: libraryName(r.pickupLibraryId) })}</p>
            {r.lenderLibraryId && <p>{t('requests.lender', { library: libraryName(r.lenderLibraryId) })}</p>}
            {r.neededBy && <p>{t('requests.neededBy', { date: formatDay(r.neededBy) })}</p>}
            {r.note && <p>{t('requests.note', { note: r.note })}</p>}
            <p className={r.notified ? 'ok' : 'muted'} data-testid="notified" data-notified={String(r.notified)}>{r.notified ? `✉ ${t('requests.notified')}` : t('requests.notNotified')}</p>
          </section>
          <section aria-labelledby="timeline-title">
            <div className="row">
              <h2 id="timeline-title">{t('requests.timeline')}</h2>
              <button type="button" className="secondary" onClick={reload} data-testid="refresh">{t('requests.refresh')}</button>
            </div>
            <Timeline request={r} />
          </section>
          {cancelled && <p role="status" className="success">{t('requests.cancelled')}</p>}
          {cancelError && <ErrorBox text={cancelError} />}
          {r.canCancel && <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="cancel-request">{t('requests.cancel')}</button>}
          {confirming && (
            <ConfirmDialog title={t('confirm.title')} body={t('confirm.body', { title: r.title })} keepLabel={t('confirm.keep')} confirmLabel={t('confirm.yes')}
              hint={t('confirm.hint')} busy={busy} onKeep={() => setConfirming(false)} onConfirm={() => void cancel()} />
          )}
        </>
      )}
    </>
  );
}
