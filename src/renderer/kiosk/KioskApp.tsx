// The kiosk's screen: large touch targets, zh-TW first with an English
// switch, the sync state as one plain sentence, and the idle timeout that
// clears everything. All decisions are in KioskCore; this file only shows its
// screens and passes on touches, scans and the pad.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Bridge, DeskConfig as BridgeDeskConfig } from '#shared/bridge/contract';
import { getBridge } from '../bridge';
import { Desk } from '#desk-core/desk';
import { needsAttention, todayAtDesk } from '#desk-core/queries';
import type { SyncStatus } from '#desk-core/sync-monitor';
import { maskName } from '#shared/slips/mask';
import { SEED_MEMBERS } from '#shared/domain/libraries';
import { fmtDate } from '#renderer/common/format';
import { playTone } from '#renderer/common/sounds';
import { describeProblem, kt, type KioskMsgKey, type KioskProblem, type Lang, type Params } from './i18n-kiosk';
import { KioskCore, type KioskScreen, type Visit, type VisitLine } from './kiosk-core';
import { bridgeHomeSystem, bridgeKioskDevices, localLastContact } from './kiosk-ports';
import { waitingHoldsFor } from './pickup-verdict';
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

const GOODBYE_MS = 8000;

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

function useScreen(core: KioskCore): KioskScreen {
  const subscribe = useCallback((cb: () => void) => core.subscribe(cb), [core]);
  return useSyncExternalStore(subscribe, () => core.screen);
}

function useViewVersion(desk: Desk): number {
  const subscribe = useCallback((cb: () => void) => desk.view.subscribe(cb), [desk]);
  return useSyncExternalStore(subscribe, () => desk.view.version);
}

/** The wall clock, ticking every `ms` (render code must not call Date.now()). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function useSyncStatus(desk: Desk): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(() => desk.status());
  useEffect(() => desk.onStatus(setStatus), [desk]);
  return status;
}

interface ScreenProps {
  core: KioskCore;
  lang: Lang;
  now: number;
  t(key: KioskMsgKey, params?: Params): string;
  problem(p: KioskProblem): string;
  libName(id: string): string;
}

function KioskScreens({ core, bridge, config, lang, setLang }: { core: KioskCore; bridge: Bridge; config: BridgeDeskConfig; lang: Lang; setLang(l: Lang): void }): React.JSX.Element {
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

function Welcome({ core, t, problem, describe }: Omit<ScreenProps, 'problem'> & { problem: KioskProblem | null; describe(p: KioskProblem): string }): React.JSX.Element {
  const [card, setCard] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [problem]);
  const submit = () => {
    const code = card;
    setCard('');
    if (code.trim() !== '') void core.identify(code);
  };
  return (
    <section className="kiosk-welcome" aria-labelledby="kiosk-welcome-title">
      <h1 id="kiosk-welcome-title" className="kiosk-big">{t('welcome')}</h1>
      <p className="kiosk-hint">{t('welcomeHint')}</p>
      <div className="kiosk-card-row">
        <label htmlFor="kiosk-card" className="sr-only">{t('cardField')}</label>
        <input
          id="kiosk-card" ref={ref} data-testid="kiosk-card-input" className="kiosk-input" value={card} placeholder={t('cardField')}
          autoComplete="off" autoCorrect="off" autoCapitalize="off" spellCheck={false} inputMode="numeric" enterKeyHint="go"
          onChange={(e) => setCard(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            }
          }}
        />
        <button type="button" className="kbtn kbtn-primary" onClick={submit}>{t('cardGo')}</button>
      </div>
      <p className="kiosk-small">{t('virtualCardHint')}</p>
      {problem && <Problem text={describe(problem)} t={t} />}
      <div className="kiosk-actions">
        <button type="button" className="kbtn kbtn-huge" data-testid="kiosk-return" onClick={() => void core.startReturn()}>
          {t('startReturn')}<span className="kbtn-sub">{t('startReturnHint')}</span>
        </button>
      </div>
    </section>
  );
}

/** A refusal; "please see the desk" follows unless the patron can put it right here (another PIN try). */
function Problem({ text, t, seeDesk = true }: { text: string; t: ScreenProps['t']; seeDesk?: boolean }): React.JSX.Element {
  return (
    <div className="kiosk-problem" role="alert" data-testid="kiosk-problem">
      <p>{text}</p>
      {seeDesk && <p className="kiosk-see-desk">{t('seeDesk')}</p>}
    </div>
  );
}

function PinPad({ core, t, problem, screen }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'pin' }> }): React.JSX.Element {
  const [pin, setPin] = useState('');
  // Another card scanned on this screen opens a PIN screen for that patron
  // while this component stays mounted: the digits the previous patron tapped
  // must not become the start of the next one's PIN (a wasted try, and their
  // digits sent to the library system under someone else's card).
  const [pinFor, setPinFor] = useState(screen.patronId);
  if (pinFor !== screen.patronId) {
    setPinFor(screen.patronId);
    setPin('');
  }
  const press = (d: string) => setPin((p) => (p.length < 12 ? p + d : p));
  const submit = () => {
    const value = pin;
    setPin('');
    void core.enterPin(value);
  };
  return (
    <section className="kiosk-pin" aria-labelledby="kiosk-pin-title">
      <h1 id="kiosk-pin-title" className="kiosk-big">{t('pinTitle')}</h1>
      <p className="kiosk-pin-dots" data-testid="kiosk-pin-dots" aria-live="polite">{'●'.repeat(pin.length) || '\u00a0'}</p>
      <input type="password" className="sr-only" data-testid="kiosk-pin-input" value={pin} aria-label={t('pinTitle')} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))} onKeyDown={(e) => e.key === 'Enter' && submit()} />
      <div className="kiosk-keypad">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => <button key={d} type="button" className="kbtn kbtn-key" onClick={() => press(d)}>{d}</button>)}
        <button type="button" className="kbtn kbtn-key" onClick={() => setPin('')}>{t('pinClear')}</button>
        <button type="button" className="kbtn kbtn-key" onClick={() => press('0')}>0</button>
        <button type="button" className="kbtn kbtn-key kbtn-primary" data-testid="kiosk-pin-ok" disabled={screen.checking} onClick={submit}>{screen.checking ? t('pinChecking') : t('pinOk')}</button>
      </div>
      {screen.problem && <Problem text={problem(screen.problem)} t={t} seeDesk={screen.problem.code !== 'PIN_WRONG'} />}
      <button type="button" className="kbtn" onClick={() => void core.reset()}>{t('cancel')}</button>
    </section>
  );
}

function Blocked({ core, t, problem, screen }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'blocked' }> }): React.JSX.Element {
  const patron = screen.patronId ? core.desk.view.reader.get('patrons', screen.patronId) : undefined;
  return (
    <section className="kiosk-blocked" data-testid="kiosk-blocked" aria-labelledby="kiosk-blocked-title">
      {patron && <p className="kiosk-hello">{t('hello', { name: maskName(patron.name) })}</p>}
      <h1 id="kiosk-blocked-title" className="kiosk-big kiosk-stop">{t('blockedTitle')}</h1>
      <ul className="kiosk-reasons">
        {screen.problems.map((p, i) => <li key={i} data-testid="kiosk-block-reason">{problem(p)}</li>)}
      </ul>
      <p className="kiosk-see-desk kiosk-big-line" data-testid="kiosk-see-desk">{t('seeDesk')}</p>
      <div className="kiosk-actions">
        <button type="button" className="kbtn kbtn-huge" data-testid="kiosk-return" onClick={() => void core.startReturn()}>{t('startReturn')}</button>
        <button type="button" className="kbtn kbtn-huge" data-testid="kiosk-done" onClick={() => void core.reset()}>{t('finish')}</button>
      </div>
    </section>
  );
}

function VisitView({ core, t, lang, now, problem, libName, screen }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'visit' }> }): React.JSX.Element {
  const { visit } = screen;
  const reader = core.desk.view.reader;
  const patron = visit.patronId ? reader.get('patrons', visit.patronId) : undefined;
  const rules = core.rules();
  const loans = patron ? reader.activeLoansOf(patron.id).length : 0;
  const holds = visit.mode === 'pickup' && patron ? waitingHoldsFor(reader, core.me, patron.id) : [];
  const today = todayAtDesk(reader, core.me, now);
  const canReprint = visit.mode === 'pickup' && patron && visit.lines.length === 0 && core.hasPastVisit(patron.id);
  return (
    <section className="kiosk-visit" data-testid="kiosk-visit" data-mode={visit.mode} aria-busy={screen.busy}>
      {visit.mode === 'pickup' && patron && (
        <div className="kiosk-patron" data-testid="kiosk-patron">
          <p className="kiosk-hello" data-testid="kiosk-patron-name">{t('hello', { name: maskName(patron.name) })}</p>
          <p className="kiosk-facts">
            <span data-testid="kiosk-loans">{t('loansOf', { n: loans, limit: rules.loanLimit })}</span>
            <span data-testid="kiosk-fines" className={patron.finesOwed > 0 ? 'kiosk-fine' : ''}>{patron.finesOwed > 0 ? t('finesOwed', { amount: patron.finesOwed }) : t('noFines')}</span>
          </p>
        </div>
      )}
      <h1 className="kiosk-big">{visit.mode === 'pickup' ? t('placeBooks') : t('placeReturns')}</h1>
      {screen.busy && <p className="kiosk-working" role="status" data-testid="kiosk-working">{t('working')}</p>}
      {screen.notice && <Problem text={problem(screen.notice)} t={t} />}
      <div className="kiosk-columns">
        {visit.mode === 'pickup' && (
          <div className="kiosk-panel" data-testid="kiosk-holds">
            <h2>{t('yourHolds')}</h2>
            {holds.length === 0 ? <p className="kiosk-empty">{t('noHolds')}</p> : (
              <ul className="kiosk-list">
                {holds.map((h) => (
                  <li key={h.id} className="kiosk-item" data-testid="kiosk-hold" data-barcode={h.itemBarcode}>
                    <span className="kiosk-item-title">{h.title}</span>
                    <span className={`kiosk-item-sub ${h.pickupBy <= today ? 'kiosk-soon' : ''}`}>{t('pickupBy', { date: fmtDate(h.pickupBy, lang) })}{h.parts > 1 ? ` · ${t('parts', { n: h.parts })}` : ''}</span>
                  </li>
                ))}
              </ul>
            )}
            {canReprint && <button type="button" className="kbtn" data-testid="kiosk-reprint" onClick={() => void core.reprintLast(patron.id)}>{t('reprint')}</button>}
            {screen.reprinted && <p className="kiosk-small" role="status" data-testid="kiosk-reprinted">{t('reprinted')}</p>}
          </div>
        )}
        <div className="kiosk-panel kiosk-panel-wide" data-testid="kiosk-lines">
          <h2>{t('thisVisit')}</h2>
          <ul className="kiosk-list">
            {[...visit.lines].sort((a, b) => b.seq - a.seq).map((l) => <Line key={l.barcode} line={l} t={t} lang={lang} problem={problem} libName={libName} />)}
          </ul>
          {visit.mode === 'pickup' && visit.lines.some((l) => l.kind === 'checked_out') && patron && (
            <p className="kiosk-limit" data-testid="kiosk-limit-after">{t('limitAfter', { n: loans, limit: rules.loanLimit })}</p>
          )}
        </div>
      </div>
      <div className="kiosk-actions">
        <button type="button" className="kbtn kbtn-huge kbtn-primary" data-testid="kiosk-finish" disabled={screen.busy} onClick={() => void core.finish()}>{t('finish')}</button>
      </div>
    </section>
  );
}

function Line({ line, t, lang, problem, libName }: { line: VisitLine; t: ScreenProps['t']; lang: Lang; problem: ScreenProps['problem']; libName: ScreenProps['libName'] }): React.JSX.Element {
  let main: string;
  if (line.kind === 'checked_out') main = t('lineCheckedOut', { date: fmtDate(line.dueDate ?? '', lang) });
  else if (line.kind === 'already') main = t('lineAlready', { date: fmtDate(line.dueDate ?? '', lang) });
  else if (line.kind === 'returned') main = (line.fine ?? 0) > 0 ? t('lineReturnedFine', { days: line.overdueDays ?? 0, amount: line.fine ?? 0 }) : t('lineReturned');
  else if (line.kind === 'waiting_parts') main = t('lineWaitingParts', { parts: line.parts ?? 1, missing: (line.missingParts ?? []).join(', ') });
  else main = line.problem ? problem(line.problem) : '';
  const bad = line.kind === 'refused' || line.securityOk === false;
  return (
    <li className={`kiosk-item kiosk-line-${line.kind} ${bad ? 'kiosk-line-bad' : ''}`} data-testid="kiosk-line" data-barcode={line.barcode} data-kind={line.kind} data-security={line.securityOk === undefined ? '' : String(line.securityOk)}>
      {line.title && <span className="kiosk-item-title">{line.title}</span>}
      <span className="kiosk-item-sub">{main}</span>
      {line.kind !== 'refused' && line.problem && <span className="kiosk-item-sub kiosk-fine">{problem(line.problem)}</span>}
      {bad && <span className="kiosk-item-sub kiosk-see-desk">{t('seeDesk')}</span>}
      {line.kind === 'returned' && (
        <span className="kiosk-item-staff" data-testid="kiosk-staff-shelving">{line.returnTo ? t('staffShelving', { library: libName(line.returnTo) }) : t('staffShelvingUnknown')}</span>
      )}
    </li>
  );
}

function AskReceipt({ core, t }: ScreenProps): React.JSX.Element {
  return (
    <section className="kiosk-ask" data-testid="kiosk-ask-receipt">
      <h1 className="kiosk-big">{t('askReceipt')}</h1>
      <div className="kiosk-actions">
        <button type="button" className="kbtn kbtn-huge kbtn-primary" data-testid="kiosk-receipt-yes" onClick={() => void core.answerReceipt(true)}>{t('yes')}</button>
        <button type="button" className="kbtn kbtn-huge" data-testid="kiosk-receipt-no" onClick={() => void core.answerReceipt(false)}>{t('no')}</button>
      </div>
    </section>
  );
}

function Goodbye({ core, t, screen, hours, contact }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'goodbye' }>; hours: string; contact: string }): React.JSX.Element {
  const r = screen.receipt;
  const visit: Visit = screen.visit;
  const lent = visit.lines.filter((l) => l.kind === 'checked_out').length;
  return (
    <section className="kiosk-goodbye" data-testid="kiosk-goodbye" data-receipt={r.kind}>
      <h1 className="kiosk-big">{t('goodbye')}</h1>
      <p className="kiosk-big-line" data-testid="kiosk-receipt-state">{r.kind === 'printed' ? t('receiptPrinted') : r.kind === 'failed' ? t('receiptFailed', { message: r.message }) : t('receiptNone')}</p>
      {lent > 0 && <p className="kiosk-hint">{t('dueReminder', { fine: core.policy().finePerDay })}</p>}
      {hours && <p className="kiosk-small">{t('hours', { hours })}</p>}
      {contact && <p className="kiosk-small">{t('contact', { contact })}</p>}
      <div className="kiosk-actions">
        <button type="button" className="kbtn kbtn-huge" data-testid="kiosk-done" onClick={() => void core.reset()}>{t('finish')}</button>
      </div>
    </section>
  );
}
