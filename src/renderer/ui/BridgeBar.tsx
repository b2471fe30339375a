// The device host's state in the header, beside the sync state: the page
// talks to the central service directly, but printing, the scanner and the
// RFID pad go through the desk host (a WebSocket in a browser, IPC under
// Electron). When that link is down the header says so plainly, and a print
// that failed stays on screen until the next one succeeds or staff dismiss it.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { deskHostConnection, type ConnectionState } from '../bridge';
import { printFailures, useDeskEnv } from './desk-context';
import { fmtTime } from '#renderer/common/format';

function useHostState(): ConnectionState | null {
  const [state, setState] = useState<ConnectionState | null>(() => deskHostConnection()?.state ?? null);
  useEffect(() => deskHostConnection()?.onState(setState), []);
  return state;
}

export function BridgeBar(): React.JSX.Element | null {
  const { t, policy } = useDeskEnv();
  const state = useHostState();
  const failure = useSyncExternalStore((cb) => printFailures.subscribe(cb), () => printFailures.last);
  // Under Electron the bridge is IPC to the same app: always there, nothing to show but print failures.
  const down = state !== null && state !== 'open';
  return (
    <div className="bridge-area">
      {state !== null && (
        <p className={`bridge bridge-${down ? 'down' : 'up'}`} data-testid="bridge-status" data-state={state} role={down ? 'alert' : 'status'}>
          <span className="sync-dot" aria-hidden="true" />
          {state === 'unauthorized' ? t('hostLinkRefused') : down ? t('hostLinkDown') : t('hostLinkUp')}
        </p>
      )}
      {failure && (
        <p className="print-failed" data-testid="print-failed" role="alert">
          {t('printFailedAlert', { time: fmtTime(failure.at, policy().utcOffsetMinutes), message: failure.message })}
          <button type="button" className="btn btn-small" data-testid="print-failed-dismiss" onClick={() => printFailures.clear()}>{t('dismissPrintFailure')}</button>
        </p>
      )}
    </div>
  );
}
