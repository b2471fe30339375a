// The desk application: boots the desk core from the bridge's settings, then
// shows the header (library, desk, sync state, language) and the tabs.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Bridge, DeskConfig as BridgeDeskConfig, RfidTagView } from '#shared/bridge/contract';
import { getBridge } from '../bridge';
import { bridgeIlsPort } from '../bridge/ils-port';
import { Desk } from '#desk-core/desk';
import { needsAttention } from '#desk-core/queries';
import { DeskContext, makeEnv, ScanBus, useDeskEnv, useNow, useSyncStatus, useViewVersion, type DeskEnv } from './desk-context';
import { LANGS, translate, type Lang, type MsgKey } from './i18n';
import { SyncBar } from './SyncBar';
import { BridgeBar } from './BridgeBar';
import { BridgeCallError } from '../bridge/errors';
import { DispatchView } from './views/DispatchView';
import { ReceiveView } from './views/ReceiveView';
import { HoldShelfView } from './views/HoldShelfView';
import { ReturnsView } from './views/ReturnsView';
import { PickupView } from './views/PickupView';
import { AttentionView } from './views/AttentionView';
import { SettingsView } from './views/SettingsView';
import { VisitorView } from './views/VisitorView';
import { RequestsView } from './views/RequestsView';
import { FairView } from './views/fair/FairView';

type TabId = 'dispatch' | 'receive' | 'holds' | 'returns' | 'pickup' | 'attention' | 'settings' | 'visitor' | 'requests' | 'fair';

const TABS: ReadonlyArray<{ id: TabId; label: MsgKey; View: () => React.JSX.Element }> = [
  { id: 'dispatch', label: 'tabDispatch', View: DispatchView },
  { id: 'receive', label: 'tabReceive', View: ReceiveView },
  { id: 'holds', label: 'tabHolds', View: HoldShelfView },
  { id: 'returns', label: 'tabReturns', View: ReturnsView },
  { id: 'pickup', label: 'tabPickup', View: PickupView },
  { id: 'attention', label: 'tabAttention', View: AttentionView },
  { id: 'settings', label: 'tabSettings', View: SettingsView },
  // Last, so the F-keys staff already know stay where they were.
  { id: 'visitor', label: 'tabVisitor', View: VisitorView },
  { id: 'requests', label: 'tabRequests', View: RequestsView },
  { id: 'fair', label: 'tabFair', View: FairView },
];

const LANG_KEY = 'relay.lang';

function storedLang(): Lang | null {
  try {
    const v = window.localStorage.getItem(LANG_KEY);
    return v === 'zh-TW' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

type Boot =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string; refused?: boolean }
  | { phase: 'unpaired'; message: string; config: BridgeDeskConfig }
  | { phase: 'kiosk'; config: BridgeDeskConfig }
  | { phase: 'ready'; desk: Desk; bridge: Bridge; config: BridgeDeskConfig };

export interface AppProps {
  /** Called once the desk core is open (test hooks attach here). */
  onDesk?: (desk: Desk) => void;
  /**
   * The self-service screens for a device paired as a kiosk. Handed in by the
   * composition root (main.tsx): the staff desk and the kiosk are separate rooms.
   */
  kiosk: (config: BridgeDeskConfig) => React.JSX.Element;
}

export function App({ onDesk, kiosk }: AppProps): React.JSX.Element {
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });
  const [lang, setLangState] = useState<Lang>(() => storedLang() ?? 'zh-TW');

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const bridge = await getBridge();
      const config = await bridge['desk.config']({});
      if (!storedLang()) setLangState(config.locale);
      if (!config.deviceToken || !config.deviceId) return setBoot({ phase: 'unpaired', message: config.pairingError ?? '', config });
      if (config.role !== 'staff') return setBoot({ phase: 'kiosk', config });
      const desk = await Desk.open({
        config: { serviceUrl: config.serviceUrl, deviceToken: config.deviceToken, deviceId: config.deviceId, libraryId: config.libraryId, role: config.role },
        storage: getRxStorageDexie() as never,
        // The library-system connector is always there; with SIP2 switched off it skips every op.
        ils: bridgeIlsPort(bridge),
      });
      if (cancelled) return void desk.close();
      onDesk?.(desk);
      setBoot({ phase: 'ready', desk, bridge, config });
    })().catch((error: unknown) => {
      // A refused token (the desk host restarted, or an old URL): say in the desk's language what to do.
      if (!cancelled) setBoot({ phase: 'failed', message: error instanceof Error ? error.message : String(error), refused: error instanceof BridgeCallError && error.code === 'UNAUTHORIZED' });
    });
    return () => {
      cancelled = true;
    };
  }, [onDesk]);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh-TW' ? 'zh-Hant-TW' : 'en';
    document.title = translate(lang, 'appTitle');
  }, [lang]);

  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      window.localStorage.setItem(LANG_KEY, l);
    } catch {
      // Not remembered, still switched.
    }
  }, []);

  // A device paired as a kiosk runs the self-service screens (src/renderer/kiosk).
  if (boot.phase === 'kiosk') return kiosk(boot.config);
  if (boot.phase !== 'ready') {
    const t = (k: MsgKey) => translate(lang, k);
    return (
      <main className="boot" data-testid="boot" data-phase={boot.phase}>
        <h1>{t('appTitle')}</h1>
        {boot.phase === 'loading' && <p role="status">{t('loading')}</p>}
        {boot.phase === 'failed' && !boot.refused && <div role="alert"><h2>{t('startFailed')}</h2><p>{boot.message}</p></div>}
        {boot.phase === 'failed' && boot.refused && <div role="alert" data-testid="host-refused"><h2>{t('hostRefusedTitle')}</h2><p>{t('hostRefusedWhat')}</p></div>}
        {boot.phase === 'unpaired' && <div role="alert"><h2>{t('notPaired')}</h2><p>{boot.message}</p></div>}
      </main>
    );
  }
  return <Ready desk={boot.desk} bridge={boot.bridge} config={boot.config} lang={lang} setLang={setLang} />;
}

/** The owning library named on an RFID tag (ISIL "TW-NKUST" or the bare code), if the consortium knows it. */
function ownerFromTag(desk: Desk, owner: string): string | null {
  if (!owner) return null;
  for (const lib of desk.view.reader.values('libraries')) if (lib.isil === owner || lib.id === owner) return lib.id;
  return null;
}

function Ready({ desk, bridge, config, lang, setLang }: { desk: Desk; bridge: Bridge; config: BridgeDeskConfig; lang: Lang; setLang(l: Lang): void }): React.JSX.Element {
  const [scanBus] = useState(() => new ScanBus());
  const [session] = useState(() => new Map<string, unknown>());
  const env: DeskEnv = useMemo(() => makeEnv({ desk, bridge, config, lang, setLang, scanBus, session }), [desk, bridge, config, lang, setLang, scanBus, session]);

  useEffect(() => {
    const offScan = bridge.on('scan', ({ code }) => void scanBus.deliver({ code, source: 'scanner' }));
    const offTags = bridge.on('rfid.tags', ({ present, arrived }) => {
      const fresh = new Set(arrived);
      // A stack on the pad: every item tag that just arrived, once per item (a set's parts share one id).
      const byItem = new Map<string, RfidTagView>();
      for (const tag of present) if (fresh.has(tag.uid) && tag.item && !byItem.has(tag.item.primaryItemId)) byItem.set(tag.item.primaryItemId, tag);
      void (async () => {
        for (const [code, tag] of byItem) await scanBus.deliver({ code, source: 'rfid', ownerLibraryId: ownerFromTag(desk, tag.item?.owner ?? '') });
      })();
    });
    return () => {
      offScan();
      offTags();
    };
  }, [bridge, desk, scanBus]);

  return (
    <DeskContext.Provider value={env}>
      <Shell />
    </DeskContext.Provider>
  );
}

function Shell(): React.JSX.Element {
  const { desk, config, t, lang, setLang, libName, scanBus } = useDeskEnv();
  const [tab, setTab] = useState<TabId>('dispatch');
  const status = useSyncStatus(desk);
  const now = useNow(15_000);
  useViewVersion(desk);
  const attention = needsAttention(desk.view.reader, config.libraryId, desk.config.deviceId).length;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const fn = /^F([1-9]|10)$/.exec(e.key); // F10: the tenth tab (曬書祭), as its label says
      const alt = e.altKey && !e.ctrlKey && !e.metaKey ? /^Digit([1-9])$/.exec(e.code) : null;
      const n = fn?.[1] ?? alt?.[1];
      if (n) {
        e.preventDefault();
        const next = TABS[Number(n) - 1];
        if (next) setTab(next.id);
        return;
      }
      // A scanner typing while a button or the page has focus: send it to the scan field.
      const el = document.activeElement;
      const typing = (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type)) || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
      const printable = e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey;
      if (!typing && printable && !document.querySelector('[aria-modal="true"]')) scanBus.focusScan();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [scanBus]);

  const active = TABS.find((x) => x.id === tab) ?? TABS[0]!;
  const View = active.View;
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1 className="brand-title">{t('appTitle')}</h1>
          <span className="brand-library" data-testid="library-name">{libName(config.libraryId)}</span>
          <span className="brand-desk" data-testid="desk-name">{config.deskName}</span>
        </div>
        <SyncBar status={status} now={now} />
        <BridgeBar />
        <div className="lang" role="group" aria-label={t('language')}>
          {LANGS.map((l) => (
            <button key={l} type="button" className={`btn btn-small ${l === lang ? 'btn-on' : ''}`} aria-pressed={l === lang} data-testid={`lang-${l}`} onClick={() => { setLang(l); scanBus.focusScan(); }}>
              {l === 'zh-TW' ? '中文' : 'English'}
            </button>
          ))}
        </div>
      </header>
      {/* The tab list inside a nav landmark (a <nav> given role=tablist is no landmark), the panel inside <main>. */}
      <nav aria-label={t('shortcutsHint')}><div className="tabs" role="tablist" aria-label={t('shortcutsHint')}>
        {TABS.map((x, i) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`tab-${x.id}`}
            aria-selected={x.id === tab}
            aria-controls="tab-panel"
            aria-keyshortcuts={`F${i + 1} Alt+${i + 1}`}
            data-testid={`tab-${x.id}`}
            className={`tab ${x.id === tab ? 'tab-on' : ''}`}
            onClick={() => setTab(x.id)}
          >
            <span className="tab-key">F{i + 1}</span> {t(x.label)}
            {x.id === 'attention' && attention > 0 && <span className="tab-badge" data-testid="attention-badge">{attention}</span>}
          </button>
        ))}
      </div></nav>
      <main className="tab-panel" data-tab={active.id}>
        <div id="tab-panel" role="tabpanel" aria-labelledby={`tab-${active.id}`}>
          <View key={active.id} />
        </div>
      </main>
    </div>
  );
}
