// Whether the patron was told, for one request: each notice's kind and
// delivery, asked of the service when the request is opened (notices and
// addresses live there only). Offline, it says so instead of guessing.
import { useEffect, useState } from 'react';
import type { NoticesAnswer } from '#desk-core/notices';
import { effectivePolicy } from '#shared/domain/policy';
import { fmtInstant } from '#renderer/common/format';
import { useDeskEnv, useNow } from '../desk-context';
import type { MsgKey } from '../i18n';

/** `version`: the request's updatedAt — asked again when the request moves (a step may have sent a notice). */
export function RequestNotices({ requestId, version }: { requestId: string; version: string }): React.JSX.Element {
  const { t, desk } = useDeskEnv();
  const now = useNow(30_000);
  const offset = effectivePolicy(desk.config.libraryId, desk.view.reader.policies()).utcOffsetMinutes;
  const [answer, setAnswer] = useState<NoticesAnswer | null>(null);
  useEffect(() => {
    // A new request remounts this (keyed by id); a moved request keeps the last answer until the new one comes.
    let live = true;
    void desk.requestNotices(requestId).then((a) => live && setAnswer(a));
    return () => {
      live = false;
    };
  }, [desk, requestId, version]);
  return (
    <div data-testid="request-notices" data-state={answer === null ? 'loading' : answer.ok ? 'ok' : answer.offline ? 'offline' : 'error'}>
      <h3>{t('noticesTitle')}</h3>
      {answer === null ? <p className="muted">{t('noticesLoading')}</p>
        : !answer.ok ? <p className="muted">{answer.offline ? t('noticesOffline') : t('noticesError', { message: answer.message })}</p>
          : answer.notices.length === 0 ? <p className="empty">{t('noticesNone')}</p>
            : (
              <ul className="plain-list">
                {answer.notices.map((n, i) => (
                  <li key={i} data-testid="notice-row" data-kind={n.kind} data-state={n.state}>
                    {t(`noticeKind_${n.kind}` as MsgKey)} · {t(`noticeState_${n.state}` as MsgKey, { time: n.sentAt ? fmtInstant(n.sentAt, offset, now) : '' })}
                  </li>
                ))}
              </ul>
            )}
    </div>
  );
}
