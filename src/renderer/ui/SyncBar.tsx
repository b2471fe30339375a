// The sync state, always on screen: online / syncing / offline since HH:MM /
// error with the service's message / revoked by the administrator (syncing
// stopped, the unsent actions kept and counted), how many actions wait to be sent, the
// last complete sync, a clock-drift warning, and the first download's progress.
import type { SyncStatus } from '#desk-core/sync-monitor';
import { useDeskEnv } from './desk-context';
import { fmtWhen } from '#renderer/common/format';

export function SyncBar({ status, now }: { status: SyncStatus; now: number }): React.JSX.Element {
  const { t, policy } = useDeskEnv();
  const offset = policy().utcOffsetMinutes;
  const label = (() => {
    switch (status.phase) {
      case 'starting': return t('syncStarting');
      case 'online': return t('syncOnline');
      case 'syncing': return t('syncSyncing');
      case 'offline': return t('syncOffline', { time: status.offlineSince !== null ? fmtWhen(status.offlineSince, offset, now) : '—' });
      case 'error': return t('syncError', { message: status.error ? `${status.error.message} (${status.error.code})` : '' });
      case 'revoked': return t('syncRevoked');
    }
  })();
  const { initial } = status;
  return (
    <div className="sync-area">
      <div className={`sync sync-${status.phase}`} data-testid="sync-status" data-phase={status.phase} data-unsent={status.unsent} role="status" aria-live="polite">
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-label" data-testid="sync-label">{label}</span>
        <span className={`sync-unsent ${status.unsent > 0 ? 'has-unsent' : ''}`} data-testid="unsent-count">{t('unsent', { n: status.unsent })}</span>
        <span className="sync-last">{status.lastSyncAt !== null ? t('lastSync', { time: fmtWhen(status.lastSyncAt, offset, now) }) : t('neverSynced')}</span>
      </div>
      {status.phase === 'offline' && <p className="sync-offline-note">{t('offlineNote')}</p>}
      {status.phase === 'revoked' && <p className="sync-revoked-note" role="alert" data-testid="sync-revoked">{t('revokedNote', { n: status.unsent })}</p>}
      {status.clockWarning && (
        <p className="clock-warning" role="alert" data-testid="clock-warning">{t('clockWarning', { minutes: Math.round(Math.abs(status.clockOffsetMs) / 60_000) })}</p>
      )}
      {!initial.done && (
        <div className="first-sync" data-testid="first-sync">
          <progress max={initial.total ?? undefined} value={initial.total !== null ? Math.min(initial.received, initial.total) : undefined} aria-label={t('syncSyncing')} />
          <span>{initial.total !== null ? t('firstSync', { received: initial.received, total: initial.total }) : t('firstSyncUnknown', { received: initial.received })}</span>
        </div>
      )}
    </div>
  );
}
