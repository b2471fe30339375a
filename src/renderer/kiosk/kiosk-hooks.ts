// The React side's subscriptions to the kiosk: its screen, the view's version
// (so a record change re-renders), a ticking clock and the sync status. Kept
// out of the screens so each screen only draws.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Desk } from '#desk-core/desk';
import type { SyncStatus } from '#desk-core/sync-monitor';
import type { KioskCore, KioskScreen } from './kiosk-core';

export function useScreen(core: KioskCore): KioskScreen {
  const subscribe = useCallback((cb: () => void) => core.subscribe(cb), [core]);
  return useSyncExternalStore(subscribe, () => core.screen);
}

export function useViewVersion(desk: Desk): number {
  const subscribe = useCallback((cb: () => void) => desk.view.subscribe(cb), [desk]);
  return useSyncExternalStore(subscribe, () => desk.view.version);
}

/** The wall clock, ticking every `ms` (render code must not call Date.now()). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function useSyncStatus(desk: Desk): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(() => desk.status());
  useEffect(() => desk.onStatus(setStatus), [desk]);
  return status;
}
