// My requests: each request with where it is now, newest first.
import { useTranslation } from 'react-i18next';
import { PORTAL_PATHS, type PortalRequest } from '#shared/portal/wire';
import { errorText } from '../errors';
import { formatTime } from '../format';
import { requestRoute } from '../routes';
import { ErrorBox, Loading, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { currentEntry, useStepWords } from './Timeline';

export function Requests() {
  const { t } = useTranslation();
  const words = useStepWords();
  const list = useLoad<{ requests: PortalRequest[] }>(PORTAL_PATHS.requests);
  const requests = [...(list.data?.requests ?? [])].sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  return (
    <>
      <PageTitle>{t('requests.title')}</PageTitle>
      {list.loading && <Loading />}
      {list.error !== null && <ErrorBox text={errorText(t, list.error)} onRetry={list.reload} />}
      {list.data && requests.length === 0 && <p className="empty">{t('requests.none')}</p>}
      <ul className="requests">
        {requests.map((r) => {
          const now = currentEntry(r);
          return (
            <li key={r.id} className="card" data-testid="request-row" data-request-id={r.id} data-step={now?.step ?? ''}>
              <h2><a href={requestRoute(r.id)}>{r.title}</a></h2>
              <p className={`status step-${now?.step ?? ''}`}>{now ? words(now, r) : ''}</p>
              <p className="muted">{t('requests.placedAt', { date: formatTime(r.placedAt) })}</p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
