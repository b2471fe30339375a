// The kiosk's frame once the desk core is open: the header (library, language
// switch), the offline banner, the screen the core shows, and the wiring that
// feeds the core — the pad and the scanner, tones, the idle timeout, touches.
// All decisions are in KioskCore; the screens are in screens/.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bridge, DeskConfig as BridgeDeskConfig } from '#shared/bridge/contract';
import { needsAttention } from '#desk-core/queries';
import { SEED_MEMBERS } from '#shared/domain/libraries';
import { playTone } from '#renderer/common/sounds';
import { describeProblem, kt, type KioskProblem, type Lang } from './i18n-kiosk';
import type { KioskCore } from './kiosk-core';
import { useNow, useScreen, useSyncStatus, useViewVersion } from './kiosk-hooks';
import { Blocked } from './screens/Blocked';
import { PinPad } from './screens/PinPad';
import type { ScreenProps } from './screens/screen-props';
import { AskReceipt, Goodbye } from './screens/VisitEnd';
import { VisitView } from './screens/VisitView';
import { Welcome } from './screens/Welcome';

/** How long the goodbye stays (shorter than the idle time where that is shorter). */
const GOODBYE_MS = 8000;

export function KioskScreens({ core, bridge, config, lang, setLang }: { core: KioskCore; bridge: Bridge; config: BridgeDeskConfig; lang: Lang; setLang(l: Lang): void }): React.JSX.Element {
  const screen = useScreen(core);
  const desk = core.desk;
  useViewVersion(desk);
  const status = useSyncStatus(desk);
  const now = useNow(10_000);
  const [lastTouch, setLastTouch] = useState(() => Date.now());
  const touch = useCallback(() => setLastTouch(Date.now()), []);

  // The pad and the scanner: every tag list goes to the core; a scan is a card (or a virtual card's QR).
  useEffect(() => {
    const offTags = bridge.on('rfid.tags', ({ present }) => {
      touch();
      void core.padChanged(present);
    });
    const offScan = bridge.on('scan', ({ code }) => {
      touch();
      void core.identify(code);
    });
    return () => {
      offTags();
      offScan();
    };
  }, [bridge, core, touch]);

  // Tones: ok when something was lent or returned, a problem tone for a refusal
  // (a card or QR refused, a wrong PIN, a notice during the visit) — once per refusal.
  const lastLines = useRef(0);
  const lastProblem = useRef<KioskProblem | null>(null);
  useEffect(() => {
    const problem = screen.kind === 'welcome' || screen.kind === 'pin' ? screen.problem : screen.kind === 'visit' ? screen.notice : null;
    if (problem && problem !== lastProblem.current) playTone('problem');
    lastProblem.current = problem;
    if (screen.kind === 'blocked') playTone('problem');
    if (screen.kind !== 'visit') {
      lastLines.current = 0;
      return;
    }
    const lines = screen.visit.lines;
    if (lines.length <= lastLines.current) return;
    const fresh = lines.slice(lastLines.current);
    lastLines.current = lines.length;
    playTone(fresh.some((l) => l.kind === 'refused' || l.securityOk === false) ? 'problem' : 'ok');
  }, [screen]);

  // The idle timeout: anything but the welcome screen clears after the policy's seconds without a touch, a key or a tag.
  const idleMs = core.rules().idleMs;
  useEffect(() => {
    if (screen.kind === 'welcome') return;
    const wait = screen.kind === 'goodbye' ? Math.min(GOODBYE_MS, idleMs) : idleMs;
    const timer = setTimeout(() => void core.timeout(), Math.max(0, lastTouch + wait - Date.now()));
    return () => clearTimeout(timer);
  }, [core, screen, lastTouch, idleMs]);

  // Each patron starts in the kiosk's own language.
  useEffect(() => {
    if (screen.kind === 'welcome') setLang(config.locale);
  }, [screen.kind, config.locale, setLang]);

  useEffect(() => {
    const onAny = () => touch();
    window.addEventListener('pointerdown', onAny, true);
    window.addEventListener('keydown', onAny, true);
    const noMenu = (e: Event) => e.preventDefault();
    window.addEventListener('contextmenu', noMenu);
    return () => {
      window.removeEventListener('pointerdown', onAny, true);
      window.removeEventListener('keydown', onAny, true);
      window.removeEventListener('contextmenu', noMenu);
    };
  }, [touch]);

  const props: ScreenProps = {
    core,
    lang,
    now,
    t: (key, params) => kt(lang, key, params),
    problem: (p) => describeProblem(lang, p),
    libName: (id) => {
      const rec = desk.view.reader.get('libraries', id);
      const seed = SEED_MEMBERS.find((m) => m.code === id);
      const name = lang === 'zh-TW' ? rec?.nameZh || seed?.nameZh || rec?.nameEn : rec?.nameEn || seed?.nameEn || rec?.nameZh;
      return name ? `${name}（${id}）` : id;
    },
  };
  const rules = core.rules();
  const offlineSince = core.offlineSince();
  const offlineTooLong = offlineSince !== null && (rules.offlineMaxMs <= 0 || now - offlineSince > rules.offlineMaxMs);
  const here = desk.view.reader.get('libraries', config.libraryId);
  const staffItems = needsAttention(desk.view.reader, config.libraryId, desk.config.deviceId).length;

  return (
    <div className="kiosk" data-testid="kiosk" data-screen={screen.kind} data-sync={status.phase} lang={lang === 'zh-TW' ? 'zh-Hant-TW' : 'en'}>
      <header className="kiosk-header">
        <div className="kiosk-brand">
          <span className="kiosk-title">{props.t('title')}</span>
          <span className="kiosk-library" data-testid="kiosk-library">{props.libName(config.libraryId)}</span>
        </div>
        <div className="kiosk-lang" role="group" aria-label={props.t('language')}>
          {(['zh-TW', 'en'] as const).map((l) => (
            <button key={l} type="button" className={`kbtn kbtn-lang ${l === lang ? 'kbtn-on' : ''}`} aria-pressed={l === lang} data-testid={`kiosk-lang-${l}`} onClick={() => setLang(l)}>
              {l === 'zh-TW' ? '中文' : 'English'}
            </button>
          ))}
        </div>
      </header>
      {offlineSince !== null && (
        <p className="kiosk-offline" role="status" data-testid="kiosk-offline">
          {offlineTooLong ? props.t('offlineClosed', { hours: Math.round(rules.offlineMaxMs / 3_600_000) }) : props.t('offlineBanner', { n: rules.offlineMaxCheckoutsPerPatron })}
        </p>
      )}
      <main className="kiosk-main">
        {screen.kind === 'welcome' && <Welcome {...props} problem={screen.problem} describe={props.problem} />}
        {screen.kind === 'pin' && <PinPad {...props} screen={screen} />}
        {screen.kind === 'blocked' && <Blocked {...props} screen={screen} />}
        {screen.kind === 'visit' && <VisitView {...props} screen={screen} />}
        {screen.kind === 'ask_receipt' && <AskReceipt {...props} />}
        {screen.kind === 'goodbye' && <Goodbye {...props} screen={screen} hours={here?.hours ?? ''} contact={here?.contact ?? ''} />}
      </main>
      {staffItems > 0 && screen.kind === 'welcome' && <p className="kiosk-staff" data-testid="kiosk-staff-notice">{props.t('staffNotice', { n: staffItems })}</p>}
    </div>
  );
}
