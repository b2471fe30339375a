// The kiosk's screen: large touch targets, zh-TW first with an English
// switch, the sync state as one plain sentence, and the idle timeout that
// clears everything. All decisions are in KioskCore; this file opens the
// desk core and hands it to KioskScreens.tsx (the frame and screens/).
import { useEffect, useRef, useState } from 'react';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Bridge, DeskConfig as BridgeDeskConfig } from '#shared/bridge/contract';
import { getBridge } from '#renderer/bridge';
import { Desk } from '#desk-core/desk';
import { kt, type Lang } from './i18n-kiosk';
import { KioskCore } from './kiosk-core';
import { bridgeHomeSystem, bridgeKioskDevices, localLastContact } from './kiosk-ports';
import { KioskScreens } from './KioskScreens';
import './kiosk.css';

declare global {
  interface Window {
    /** Only with testHooks=1 (see src/renderer/test-hooks.ts): the kiosk core, for specs and the benchmark. */
    __relayKiosk?: KioskCore;
  }
}

type Boot =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | { phase: 'unpaired'; message: string }
  | { phase: 'ready'; core: KioskCore; bridge: Bridge; config: BridgeDeskConfig };

export interface KioskAppProps {
  config: BridgeDeskConfig;
  /** Called once the desk core is open (test hooks attach here). */
  onDesk?: ((desk: Desk) => void) | undefined;
}


export function KioskApp({ config, onDesk }: KioskAppProps): React.JSX.Element {
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });
  const [lang, setLang] = useState<Lang>(config.locale);
  const langRef = useRef(lang);
  useEffect(() => {
    langRef.current = lang;
  }, [lang]);

  useEffect(() => {
    let cancelled = false;
    let opened: { desk: Desk; core: KioskCore } | null = null;
    (async () => {
      if (!config.deviceToken || !config.deviceId) return setBoot({ phase: 'unpaired', message: config.pairingError ?? '' });
      const bridge = await getBridge();
      const desk = await Desk.open({
        config: { serviceUrl: config.serviceUrl, deviceToken: config.deviceToken, deviceId: config.deviceId, libraryId: config.libraryId, role: 'kiosk' },
        storage: getRxStorageDexie() as never,
      });
      const core = new KioskCore({
        desk,
        devices: bridgeKioskDevices(bridge),
        home: bridgeHomeSystem(bridge),
        ...(config.kiosk ? { device: config.kiosk } : {}),
        lastContact: localLastContact(),
        lang: () => langRef.current,
      });
      core.start();
      opened = { desk, core };
      if (cancelled) return;
      if (onDesk) {
        onDesk(desk);
        window.__relayKiosk = core;
      }
      setBoot({ phase: 'ready', core, bridge, config });
    })().catch((error: unknown) => {
      if (!cancelled) setBoot({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      if (opened) {
        opened.core.stop();
        void opened.desk.close();
      }
    };
  }, [config, onDesk]);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh-TW' ? 'zh-Hant-TW' : 'en';
    document.title = kt(lang, 'title');
  }, [lang]);

  if (boot.phase !== 'ready') {
    return (
      <main className="kiosk kiosk-boot" data-testid="kiosk" data-screen={boot.phase}>
        <h1>{kt(lang, 'title')}</h1>
        {boot.phase === 'loading' && <p role="status">{kt(lang, 'loading')}</p>}
        {boot.phase === 'failed' && <p role="alert">{kt(lang, 'startFailed')}<br /><small>{boot.message}</small></p>}
        {boot.phase === 'unpaired' && <p role="alert">{kt(lang, 'notPaired')}<br /><small>{boot.message}</small></p>}
      </main>
    );
  }
  return <KioskScreens core={boot.core} bridge={boot.bridge} config={boot.config} lang={lang} setLang={setLang} />;
}
