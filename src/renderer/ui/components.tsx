// The pieces every screen is built from: the scan field, the large result
// panel (with its tone), a confirmation dialog, and small helpers.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { describeReason, type ReasonCode, type ReasonParams } from '#shared/domain/reasons';
import { useDeskEnv, useSession } from './desk-context';
import { playTone } from '#renderer/common/sounds';
import { localizeParams, type MsgKey } from './i18n';

/** 'repeat': the same code again, already done — neutral, never the problem tone. */
export type ResultState = 'ok' | 'route' | 'problem' | 'repeat';

export interface ResultView {
  state: ResultState;
  headline: string;
  /** Shown very large: a shelf spot, a library code. */
  big?: string;
  detail?: string[];
  /** Something staff must notice even when the scan went through (an item credited to another parcel). */
  warning?: string;
  nextStep?: string;
}

type Shown = ResultView & { seq: number };

/** The last result of a screen (kept across tab switches); show() also plays its tone. */
export function useResult(screen: string): [Shown | null, (r: ResultView) => void] {
  const [result, setResult] = useSession<Shown | null>(`${screen}.result`, null);
  const show = (r: ResultView) => {
    playTone(r.state);
    setResult((prev) => ({ ...r, seq: (prev?.seq ?? 0) + 1 }));
  };
  return [result, show];
}

/** A refusal in the desk's language: the rules' message and what to do next. */
export function useRefusal(): (r: { reason: ReasonCode; params: ReasonParams }) => ResultView {
  const { lang } = useDeskEnv();
  return (r) => {
    const d = describeReason(r.reason, localizeParams(r.params, lang), lang);
    return { state: 'problem', headline: d.message, nextStep: d.nextStep };
  };
}

const ICON: Record<ResultState, string> = { ok: '✓', route: '➜', problem: '✕', repeat: '↻' };
const STATE_KEY: Record<ResultState, MsgKey> = { ok: 'stateOk', route: 'stateRoute', problem: 'stateProblem', repeat: 'stateRepeat' };

export function ResultPanel({ result }: { result: Shown | null }): React.JSX.Element {
  const { t } = useDeskEnv();
  if (!result) {
    return (
      <section className="result result-idle" data-testid="result" data-state="idle" data-seq="0" role="status" aria-live="polite">
        <p className="result-headline">{t('resultReady')}</p>
      </section>
    );
  }
  return (
    <section className={`result result-${result.state}`} data-testid="result" data-state={result.state} data-seq={result.seq} role={result.state === 'problem' ? 'alert' : 'status'} aria-live={result.state === 'problem' ? 'assertive' : 'polite'} aria-atomic="true">
      <div className="result-icon" aria-hidden="true">{ICON[result.state]}</div>
      <div className="result-body">
        <p className="result-state">{t(STATE_KEY[result.state])}</p>
        <p className="result-headline" data-testid="result-headline">{result.headline}</p>
        {result.big && <p className="result-big" data-testid="result-big">{result.big}</p>}
        {result.warning && <p className="result-warning" data-testid="result-warning"><span aria-hidden="true">⚠ </span>{result.warning}</p>}
        {result.detail?.map((d, i) => <p key={i} className="result-detail">{d}</p>)}
        {result.nextStep && (
          <p className="result-next" data-testid="result-next"><strong>{t('nextStep')}：</strong>{result.nextStep}</p>
        )}
      </div>
    </section>
  );
}

/**
 * The one large scan field of a screen. A keyboard-wedge scanner types into it
 * and ends with Enter; a person can type too. The value is cleared at once so
 * the next code can be scanned while the last one is being recorded.
 */
export function ScanField({ label, onScan, hint }: { label: string; onScan: (code: string) => Promise<void> | void; hint?: string }): React.JSX.Element {
  const { scanBus, t } = useDeskEnv();
  const ref = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  useEffect(() => scanBus.onFocusRequest(() => ref.current?.focus()), [scanBus]);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const submit = async () => {
    const code = value;
    setValue('');
    if (code.trim() === '') return;
    try {
      await onScan(code);
    } finally {
      ref.current?.focus();
    }
  };
  return (
    <div className="scan">
      <label className="scan-label" htmlFor="scan-input">{label}</label>
      <div className="scan-row">
        <input
          id="scan-input"
          ref={ref}
          data-testid="scan-input"
          className="scan-input"
          value={value}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="go"
          aria-describedby="scan-hint"
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <button type="button" className="scan-go" onClick={() => void submit()}>{t('scanSubmit')}</button>
      </div>
      <p id="scan-hint" className="scan-hint">{hint ?? t('scanHint')}</p>
    </div>
  );
}

export interface ConfirmRequest {
  message: string;
  confirmLabel: string;
  /** The neutral button that has the focus (default 返回). */
  backLabel?: string;
  onConfirm(): void | Promise<void>;
  /** A code scanned while the dialog is open: handled as a scan (e.g. the missing book arrived), never as a click. */
  onScan?(code: string): void | Promise<void>;
}

/** Keys closer together than this come from a scanner (a person types slower). */
const BURST_MS = 120;

/**
 * A confirmation for a destructive or notifying action. A scanner types a
 * burst of characters ending in Enter, and a person presses Enter by habit:
 * neither may confirm. So the focus starts on the neutral back button, Enter
 * never activates anything here, a burst of characters is taken as a scan
 * (onScan) rather than as keys, and the red button is reached only by the
 * mouse or by Tab and Space.
 */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose(): void }): React.JSX.Element | null {
  const { t, scanBus } = useDeskEnv();
  const backRef = useRef<HTMLButtonElement>(null);
  const typed = useRef({ buffer: '', lastAt: 0 });
  const open = request !== null;
  // On opening only: the request object may be rebuilt on every render (a live list), and focus must not jump.
  useEffect(() => {
    typed.current = { buffer: '', lastAt: 0 };
    if (open) backRef.current?.focus();
    // Gone without a click (its reason went away, e.g. the missing book was scanned): the scan field takes over.
    else scanBus.focusScan();
  }, [open, scanBus]);
  if (!request) return null;
  const close = () => {
    onClose();
    scanBus.focusScan();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const k = typed.current;
    const now = Date.now();
    if (e.key === 'Escape') return close();
    if (e.key === 'Enter') {
      // Never a click: Enter either ends a scan or does nothing.
      e.preventDefault();
      e.stopPropagation();
      const code = k.buffer.trim();
      k.buffer = '';
      k.lastAt = now;
      if (code !== '' && request.onScan) void request.onScan(code);
      return;
    }
    const printable = e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
    if (!printable) return;
    // A space typed on its own (not inside a burst) is a person activating the focused button.
    if (e.key === ' ' && k.buffer === '' && now - k.lastAt > BURST_MS) return;
    e.preventDefault();
    k.buffer = now - k.lastAt > 2_000 ? e.key : k.buffer + e.key;
    k.lastAt = now;
  };
  const confirm = () => {
    // A click arriving inside a burst of keys is not a person's decision.
    if (Date.now() - typed.current.lastAt < BURST_MS * 3 && typed.current.buffer !== '') return;
    onClose();
    void Promise.resolve(request.onConfirm()).finally(() => scanBus.focusScan());
  };
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-msg" aria-describedby="confirm-hint" data-testid="confirm-dialog" onKeyDownCapture={onKey}>
        <p id="confirm-msg" className="modal-msg">{request.message}</p>
        {request.onScan && <p id="confirm-hint" className="modal-hint">{t('confirmKeyHint')}</p>}
        <div className="modal-actions">
          <button type="button" className="btn btn-primary" data-testid="confirm-cancel" ref={backRef} onClick={close}>{request.backLabel ?? t('confirmBackGeneric')}</button>
          <button type="button" className="btn btn-danger" data-testid="confirm-ok" onClick={confirm}>{request.confirmLabel}</button>
        </div>
      </div>
    </div>
  );
}

export function Section({ title, children, count, testid }: { title: string; children: ReactNode; count?: number; testid?: string }): React.JSX.Element {
  return (
    <section className="panel" data-testid={testid}>
      <h2 className="panel-title">{title}{count !== undefined && <span className="count">{count}</span>}</h2>
      {children}
    </section>
  );
}

/** A small line for print status and the like, announced politely. */
export function Note({ text, tone = 'info' }: { text: string | null; tone?: 'info' | 'warn' }): React.JSX.Element {
  return <p className={`note note-${tone}`} role="status" aria-live="polite" data-testid="note">{text ?? ''}</p>;
}
