// A request's steps in the patron's words: what is done (with when), where it
// is now, what is to come. The hold shelf says where and until when, a loan
// its due date, an unfilled request what the patron can do next.
import { useTranslation } from 'react-i18next';
import type { PortalRequest, TimelineEntry } from '#shared/portal/wire';
import { usePortal } from '../context';
import { formatDay, formatTime } from '../format';

export function useStepWords(): (e: TimelineEntry, r: PortalRequest) => string {
  const { t } = useTranslation();
  const { libraryName } = usePortal();
  return (e, r) => {
    if (e.step === 'sent_to_lender') {
      const lib = e.libraryId ?? r.lenderLibraryId;
      return lib ? t('step.sent_to_lender', { library: libraryName(lib) }) : t('step.sent_to_lender_unknown');
    }
    return t(`step.${e.step}`);
  };
}

/** The step a request is at now: the current one, else the last one done. */
export function currentEntry(r: PortalRequest): TimelineEntry | undefined {
  return r.timeline.find((e) => e.state === 'current') ?? r.timeline.filter((e) => e.state === 'done').at(-1);
}

export function Timeline({ request }: { request: PortalRequest }) {
  const { t } = useTranslation();
  const words = useStepWords();
  const now = currentEntry(request);
  return (
    <ol className="timeline" data-testid="timeline">
      {request.timeline.map((e) => {
        const isNow = e === now;
        return (
          <li key={e.step} className={`${e.state}${isNow ? ' now' : ''}`} data-step={e.step} data-state={e.state} aria-current={isNow ? 'step' : undefined}>
            <span className="dot" aria-hidden="true" />
            <div>
              <p className="step">{words(e, request)}{isNow && <span className="badge">{t('requests.now')}</span>}</p>
              {e.at && e.state !== 'upcoming' && <p className="muted"><time dateTime={e.at}>{formatTime(e.at)}</time></p>}
              {e.step === 'on_hold_shelf' && request.hold && e.state !== 'upcoming' && (
                <p className="detail" data-testid="hold-detail">{t('step.holdDetail', { spot: request.hold.shelfSpot, date: formatDay(request.hold.pickupBy) })}</p>
              )}
              {e.step === 'checked_out' && request.dueOn && e.state !== 'upcoming' && <p className="detail">{t('step.dueDetail', { date: formatDay(request.dueOn) })}</p>}
              {e.step === 'unfilled' && e.state !== 'upcoming' && <p className="detail">{t('step.unfilledNext')}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
