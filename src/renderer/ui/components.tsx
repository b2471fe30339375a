// The pieces every screen is built from: the scan field, the large result
// panel (with its tone), a confirmation dialog, and small helpers.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { describeReason, type ReasonCode, type ReasonParams } from '../../shared/domain/reasons';
import { useDeskEnv, useSession } from './desk-context';
import { playTone } from './sounds';
import { localizeParams, type MsgKey } from './i18n';

export type ResultState = 'ok' | 'route' | 'problem';

export interface ResultView {
  state: ResultState;
  headline: string;
  /** Shown very large: a shelf spot, a library code. */
  big?: string;
  detail?: string[];
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

const ICON: Record<ResultState, string> = { ok: '✓', route: '➜', problem: '✕' };
const STATE_KEY: Record<ResultState, MsgKey> = { ok: 'stateOk', route: 'stateRoute', problem: 'stateProblem' };

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
  onConfirm(): void | Promise<void>;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose(): void }): React.JSX.Element | null {
  const { t, scanBus } = useDeskEnv();
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (request) okRef.current?.focus();
  }, [request]);
  if (!request) return null;
  const close = () => {
    onClose();
    scanBus.focusScan();
  };
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-msg" data-testid="confirm-dialog" onKeyDown={(e) => e.key === 'Escape' && close()}>
        <p id="confirm-msg" className="modal-msg">{request.message}</p>
        <div className="modal-actions">
          <button type="button" className="btn" data-testid="confirm-cancel" onClick={close}>{t('cancel')}</button>
          <button type="button" className="btn btn-danger" data-testid="confirm-ok" ref={okRef} onClick={() => {
            onClose();
            void Promise.resolve(request.onConfirm()).finally(() => scanBus.focusScan());
          }}>{request.confirmLabel}</button>
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
