// 派送 Dispatch: pull what other libraries asked for, pack it by scanning
// (the scan must match a request; a mismatch records nothing), seal each
// parcel, hand it to the courier with its tracking number, print labels.
// The short codes on paper act here (issue 17, #desk-core/short-codes): a
// pull slip's code packs its request's item, a routing label's code asks to
// seal its open parcel (a ConfirmDialog: sealing cannot be undone and shows
// the parcel to the receiving library, so no scan or Enter may do it) and,
// once sealed, puts the cursor in its tracking-number field.
import { useEffect, useRef, useState } from 'react';
import { copiesToPull, outgoingParcels, pickList, returnsToPack, todayAtDesk } from '#desk-core/queries';
import type { ParcelRecord, RequestRecord } from '#shared/domain/records';
import type { ActionResult } from '#desk-core/workflows';
import { buildPullSlip, pullSlipInputFromRecords } from '#shared/slips/pull-slip';
import { buildRoutingLabel, routingLabelInputFromRecords } from '#shared/slips/routing-label';
import { buildParcelManifest, parcelManifestInputFromRecords } from '#shared/slips/parcel-manifest';
import { useDeskEnv, useScanHandler, useSession, useViewVersion, useNow, freshPrintKey } from '../desk-context';
import { ConfirmDialog, Note, ResultPanel, ScanField, Section, useRefusal, useResult, type ConfirmRequest, type ResultView } from '../components';
import { alreadyPacked } from '#desk-core/repeats';
import { dispatchScan, type CodeRefusal } from '#desk-core/short-codes';
import { groupShortCode, shortCodeOf } from '#shared/domain/kit/short-code';
import { repeatView } from '../repeat-notice';
import { fmtDate, fmtInstant } from '#renderer/common/format';
import { translateDynamic, type MsgKey } from '../i18n';
import { CODE_PROBLEM_WORDS } from '../i18n-codes';

const COURIERS = ['新竹物流 HCT', '黑貓宅急便 T-CAT', '中華郵政 Chunghwa Post', '嘉里大榮 KERRY TJ'];

/** Keys closer together than this come from a scanner (as in ConfirmDialog); a person types slower. */
const BURST_MS = 120;
/** Read in event handlers only (the React compiler cannot tell them from render). */
const clock = (): number => Date.now();

/** A refused code in the desk's language. */
export function codeRefusalView(r: CodeRefusal, t: (key: MsgKey, params?: Readonly<Record<string, string | number>>) => string): ResultView {
  const [message, next] = CODE_PROBLEM_WORDS[r.codeProblem];
  const params = { ...r.params, ...(r.params.kind ? { kind: t(r.params.kind === 'parcel' ? 'codeKind_parcel' : 'codeKind_request') } : {}) };
  return { state: 'problem', headline: t(message, params), nextStep: t(next, params) };
}

export function DispatchView(): React.JSX.Element {
  const env = useDeskEnv();
  const { desk, t, lang, libName, scanBus } = env;
  const version = useViewVersion(desk);
  const now = useNow();
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const picks = pickList(reader, me);
  const parcels = outgoingParcels(reader, me);
  const returns = returnsToPack(reader, me);
  const [result, show] = useResult('dispatch');
  const refusal = useRefusal();
  const [selected, setSelected] = useSession<string[]>('dispatch.selected', []);
  const [note, setNote] = useState<string | null>(null);
  const [unableFor, setUnableFor] = useState<string | null>(null);
  const [unableReason, setUnableReason] = useState('');
  const [dispatchForm, setDispatchForm] = useSession<Record<string, { courier: string; tracking: string }>>('dispatch.forms', {});
  const [trackingFocus, setTrackingFocus] = useState<string | null>(null);
  const [sealing, setSealing] = useState<ConfirmRequest | null>(null);
  // The parcel whose tracking field should take the cursor once it is on screen (after sealing, or its label scanned).
  const [focusTrackingOf, setFocusTrackingOf] = useState<{ id: string; seq: number } | null>(null);
  const trackingInputs = useRef(new Map<string, HTMLInputElement>());
  const typing = useRef({ lastAt: 0, burst: 0 });
  const today = todayAtDesk(reader, me, now);
  const offset = env.policy().utcOffsetMinutes;

  const focusedSeq = useRef(0);
  useEffect(() => {
    if (!focusTrackingOf || focusedSeq.current === focusTrackingOf.seq) return;
    // After the current task (the confirm dialog hands the focus back to the scan field as it closes), and again on
    // the next view change if the sealed parcel's field is not on screen yet.
    const timer = setTimeout(() => {
      const input = trackingInputs.current.get(focusTrackingOf.id);
      if (!input) return;
      input.focus();
      focusedSeq.current = focusTrackingOf.seq;
    }, 0);
    return () => clearTimeout(timer);
  }, [focusTrackingOf, version]);
  const focusTracking = (id: string) => setFocusTrackingOf((prev) => ({ id, seq: (prev?.seq ?? 0) + 1 }));

  const blankForm = { courier: COURIERS[0]!, tracking: '' };
  const formOf = (id: string) => dispatchForm[id] ?? blankForm;
  // Merge into the latest state, not this render's: a scan and a keystroke can land in one tick.
  const setForm = (id: string, patch: Partial<{ courier: string; tracking: string }>) => setDispatchForm((prev) => ({ ...prev, [id]: { ...(prev[id] ?? blankForm), ...patch } }));

  const codeOf = (p: ParcelRecord) => groupShortCode(shortCodeOf('parcel', p.id));

  const sealParcel = async (p: ParcelRecord) => {
    const r = await desk.workflows.seal(p.id);
    if (!r.ok) return show(refusal(r));
    show({ state: 'ok', headline: t('sealed', { parcel: codeOf(p) }), big: p.toLibraryId, detail: [t('sealedNext', { code: codeOf(p) })] });
    focusTracking(p.id);
  };

  const scan = async (code: string): Promise<void> => {
    const s = await dispatchScan(desk, code);
    if ('codeProblem' in s) return show(codeRefusalView(s, t));
    if (s.kind === 'parcel') {
      const p = s.parcel;
      if (s.next === 'seal') {
        if (p.items.length === 0) return show(refusal({ reason: 'PARCEL_EMPTY', params: {} }));
        // No onScan: a code typed by a wedge scanner into the open dialog is swallowed by it (never a yes), and the
        // dialog's own hint speaks of receiving; ours is in the message.
        const ask: ConfirmRequest = {
          message: `${t('sealConfirm', { code: codeOf(p), to: libName(p.toLibraryId), n: p.items.length })} ${t('sealConfirmHint')}`,
          confirmLabel: t('seal'),
          onConfirm: () => sealParcel(p),
        };
        // Opened after the scan field has taken the cursor back (it does when this handler returns), so that the
        // dialog's neutral button ends up with the focus.
        setTimeout(() => setSealing(ask), 0);
        return;
      }
      if (s.next === 'dispatch') {
        // Sealed already (a repeat, or the label scanned to send it): neutral, and the tracking number is next.
        show({ state: 'repeat', headline: t('sealedAgain', { code: codeOf(p), time: fmtInstant(p.sealedAt ?? p.updatedAt, offset, clock()) }), big: p.toLibraryId, nextStep: t('sealedNext', { code: codeOf(p) }) });
        focusTracking(p.id);
        return;
      }
      return show({ state: 'repeat', headline: t('sentAgain', { code: codeOf(p), time: fmtInstant(p.dispatchedAt ?? p.updatedAt, offset, clock()) }), detail: [t('sentDetail', { courier: p.courier, tracking: p.trackingNumber })], nextStep: t('repeatNothingToDo') });
    }
    const r = s.result;
    const item = s.itemBarcode;
    // The same item again (the scanner repeated, or a second look): say where it already is, neutrally.
    const again = !r.ok && r.reason === 'ITEM_ALREADY_PACKED' ? alreadyPacked(reader, me, item) : null;
    if (again) return show(repeatView(again, env, item));
    if (!r.ok) return show(refusal(r));
    const o = r.outcome;
    if (o.kind !== 'packed') return show({ state: 'ok', headline: t('routeRecorded') });
    show({ state: 'ok', headline: t('packed', { to: libName(o.toLibraryId) }), big: o.toLibraryId, detail: [t('packedDetail', { parcel: o.parcelId, n: o.count }), translateDynamic(lang, 'kind_', o.itemKind)] });
  };

  useScanHandler(async ({ code }) => {
    // A tracking-number field with the cursor in it takes the scan (the courier's barcode); it does not dispatch.
    if (trackingFocus) {
      setForm(trackingFocus, { tracking: code.trim() });
      setNote(t('trackingScanned', { tracking: code.trim() }));
      return;
    }
    await scan(code);
  });

  const dispatchParcel = (p: ParcelRecord) => {
    const f = formOf(p.id);
    if (f.tracking.trim() === '') return;
    void act(() => desk.workflows.dispatch(p.id, f.courier, f.tracking), t('dispatched', { parcel: codeOf(p), courier: f.courier }));
  };

  /**
   * Enter in the tracking field is the explicit submit of a form the person
   * filled in (the parcel chosen by its label, the courier, the number they
   * typed), as a click on 交寄 is: it dispatches. A keyboard-wedge scanner
   * typing the courier's barcode also ends with Enter, though; that Enter
   * arrives inside a burst of keys and only fills the field, so a scan alone
   * never hands a parcel to the courier.
   */
  const onTrackingKey = (p: ParcelRecord, e: React.KeyboardEvent<HTMLInputElement>) => {
    const k = typing.current;
    const at = clock();
    if (e.key === 'Escape') {
      e.preventDefault();
      scanBus.focusScan();
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      const scanned = k.burst >= 4 && at - k.lastAt < BURST_MS;
      k.burst = 0;
      k.lastAt = at;
      if (scanned) {
        setNote(t('trackingScanned', { tracking: e.currentTarget.value.trim() }));
        return;
      }
      dispatchParcel(p);
      return;
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      k.burst = at - k.lastAt < BURST_MS ? k.burst + 1 : 1;
      k.lastAt = at;
    }
  };

  const printPulls = async (requests: RequestRecord[]) => {
    if (requests.length === 0) return;
    const ids = requests.map((r) => r.id);
    const r = await desk.workflows.pullSlipsPrinted(ids);
    if (!r.ok) {
      show(refusal(r));
      return;
    }
    let failure: string | null = null;
    for (const req of requests) {
      const borrower = reader.get('libraries', req.borrowerLibraryId) ?? { id: req.borrowerLibraryId, nameZh: '', nameEn: '' };
      failure = (await env.print(`pull-${req.id}`, buildPullSlip(pullSlipInputFromRecords(req, borrower), lang))) ?? failure;
    }
    setSelected([]);
    setNote(failure ?? t('printed'));
    show({ state: 'ok', headline: t('pullSlipsDone', { n: requests.length }) });
    scanBus.focusScan();
  };

  const lib = (id: string) => reader.get('libraries', id) ?? { id, nameZh: '', nameEn: '' };
  const printParcel = async (p: ParcelRecord, what: 'label' | 'manifest') => {
    const slip = what === 'label'
      ? buildRoutingLabel(routingLabelInputFromRecords(p, lib(p.fromLibraryId), lib(p.toLibraryId), today), lang)
      : buildParcelManifest(parcelManifestInputFromRecords(p, lib(p.fromLibraryId), lib(p.toLibraryId), today), lang);
    setNote((await env.print(freshPrintKey(`${what}-${p.id}`), slip)) ?? t('printed'));
    scanBus.focusScan();
  };

  const act = async (fn: () => Promise<ActionResult>, okText: string) => {
    const r = await fn();
    if (r.ok) show({ state: 'ok', headline: okText });
    else show(refusal(r));
    scanBus.focusScan();
  };

  const unprinted = picks.filter((r) => r.lenderState === 'new');
  const chosen = picks.filter((r) => selected.includes(r.id));
  const toggle = (id: string) => setSelected((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id]));
  const byDest = new Map<string, ParcelRecord[]>();
  for (const p of parcels) byDest.set(p.toLibraryId, [...(byDest.get(p.toLibraryId) ?? []), p]);

  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('scanDispatchLabel')} hint={t('scanDispatchHint')} onScan={scan} />
        <ResultPanel result={result} />
      </div>
      <Note text={note} />
      <div className="columns">
        <Section title={t('pickList')} count={picks.length} testid="pick-list">
          <div className="toolbar">
            <button type="button" className="btn" data-testid="print-selected" disabled={chosen.length === 0} onClick={() => void printPulls(chosen)}>{t('printPullSelected', { n: chosen.length })}</button>
            <button type="button" className="btn" data-testid="print-all" disabled={unprinted.length === 0} onClick={() => void printPulls(unprinted)}>{t('printPullAll', { n: unprinted.length })}</button>
          </div>
          {picks.length === 0 ? <p className="empty">{t('pickListEmpty')}</p> : (
            <table className="table">
              <thead>
                <tr><th scope="col"><span className="sr-only">{t('select')}</span></th><th scope="col">{t('title')}</th><th scope="col">{t('callNumber')}</th><th scope="col">{t('forLibrary')}</th><th scope="col">{t('neededBy')}</th><th scope="col"><span className="sr-only">{t('cannotSupply')}</span></th></tr>
              </thead>
              <tbody>
                {picks.map((r) => { const copies = copiesToPull(r); return (
                  <tr key={r.id} data-testid="pick-row" data-request-id={r.id} data-code={shortCodeOf('request', r.id)} data-barcode={r.item.barcode} data-printed={r.lenderState === 'pull_slip_printed' ? 'yes' : 'no'}>
                    <td><input type="checkbox" aria-label={`${t('select')} ${r.item.title}`} checked={selected.includes(r.id)} onChange={() => toggle(r.id)} /></td>
                    <td>
                      <div className="strong">{r.item.title}</div>
                      <div className="muted mono">{r.item.barcode || (copies.length > 0 && t('anyCopyOf', { copies: copies.map((c) => c.barcode ?? c.callNumber).join(' / ') }))}{r.lenderState === 'pull_slip_printed' && <span className="tag">{t('slipPrinted')}</span>}</div>
                      {unableFor === r.id && (
                        <div className="inline-form" data-testid="cannot-supply-form">
                          <label>{t('cannotSupplyReason')}{' '}
                            <select data-testid="cannot-supply-reason" value={unableReason} onChange={(e) => setUnableReason(e.target.value)}>
                              <option value="">—</option>
                              {t('cannotSupplyReasons').split('|').map((x) => <option key={x} value={x}>{x}</option>)}
                            </select>
                          </label>
                          <button type="button" className="btn btn-danger" data-testid="cannot-supply-confirm" disabled={unableReason === ''} onClick={() => {
                            const reason = unableReason;
                            setUnableFor(null);
                            setUnableReason('');
                            void act(() => desk.workflows.cannotSupply(r.id, reason), t('cannotSupplyDone', { title: r.item.title }));
                          }}>{t('confirm')}</button>
                          <button type="button" className="btn" onClick={() => { setUnableFor(null); scanBus.focusScan(); }}>{t('cancel')}</button>
                        </div>
                      )}
                    </td>
                    <td><div className="mono">{r.item.callNumber || copies[0]?.callNumber}</div><div className="muted">{r.item.location || copies[0]?.location}</div></td>
                    <td>{libName(r.borrowerLibraryId)}</td>
                    <td>{r.neededBy ? fmtDate(r.neededBy, lang) : '—'}</td>
                    <td><button type="button" className="btn btn-small" data-testid="cannot-supply-button" onClick={() => { setUnableFor(r.id); setUnableReason(''); }}>{t('cannotSupply')}</button></td>
                  </tr>
                ); })}
              </tbody>
            </table>
          )}
          {returns.length > 0 && (
            <>
              <h3 className="sub-title">{t('returnsToPack')} <span className="count">{returns.length}</span></h3>
              <ul className="plain-list">
                {returns.map((r) => <li key={r.id} data-testid="return-to-pack" data-barcode={r.item.barcode}><span className="mono">{r.item.barcode}</span> {r.item.title} → {r.lenderLibraryId}</li>)}
              </ul>
            </>
          )}
        </Section>
        <Section title={t('outgoing')} count={parcels.length} testid="outgoing">
          {parcels.length === 0 && <p className="empty">{t('outgoingEmpty')}</p>}
          {[...byDest.entries()].map(([dest, list]) => (
            <div key={dest} className="dest-group" data-testid="dest-group" data-to={dest}>
              <h3 className="dest-title"><span className="dest-code">{dest}</span> {t('toLibrary', { to: libName(dest) })}</h3>
              {list.map((p) => (
                <article key={p.id} className={`parcel parcel-${p.state}`} data-testid="parcel" data-parcel-id={p.id} data-code={shortCodeOf('parcel', p.id)} data-state={p.state} data-to={p.toLibraryId}>
                  <header className="parcel-head">
                    <span className="mono" title={p.id}><span className="sr-only">{t('shortCode')} </span>{codeOf(p)}</span>
                    <span className={`badge badge-${p.state}`}>{translateDynamic(lang, 'parcelState_', p.state)}</span>
                    <span>{t('items', { n: p.items.length })}</span>
                  </header>
                  <ul className="plain-list">
                    {p.items.map((i) => (
                      <li key={i.barcode} data-testid="parcel-item" data-barcode={i.barcode}>
                        <span className="mono">{i.barcode}</span> {i.title} <span className="tag">{translateDynamic(lang, 'kind_', i.kind)}</span>
                        {p.state === 'open' && <button type="button" className="btn btn-small" onClick={() => void act(() => desk.workflows.unpack(p.id, i.barcode), t('unpacked', { barcode: i.barcode }))}>{t('unpack')}</button>}
                      </li>
                    ))}
                  </ul>
                  <div className="toolbar">
                    {p.state === 'open' && <button type="button" className="btn btn-primary" data-testid="seal-button" disabled={p.items.length === 0} onClick={() => void sealParcel(p)}>{t('seal')}</button>}
                    <button type="button" className="btn" data-testid="print-label" onClick={() => void printParcel(p, 'label')}>{t('printLabel')}</button>
                    <button type="button" className="btn" data-testid="print-manifest" onClick={() => void printParcel(p, 'manifest')}>{t('printManifest')}</button>
                  </div>
                  {p.state === 'sealed' && (
                    <div className="dispatch-form">
                      <label>{t('courier')}
                        <select data-testid="courier-input" value={formOf(p.id).courier} onChange={(e) => setForm(p.id, { courier: e.target.value })}>
                          {COURIERS.map((c) => <option key={c} value={c}>{c}</option>)}
                        </select>
                      </label>
                      <label>{t('tracking')}
                        <input data-testid="tracking-input" className="mono" value={formOf(p.id).tracking} autoComplete="off" spellCheck={false}
                          enterKeyHint="send" aria-describedby={`tracking-hint-${p.id}`}
                          ref={(el) => { if (el) trackingInputs.current.set(p.id, el); else trackingInputs.current.delete(p.id); }}
                          onFocus={() => setTrackingFocus(p.id)} onBlur={() => setTrackingFocus(null)}
                          onChange={(e) => setForm(p.id, { tracking: e.target.value })}
                          onKeyDown={(e) => onTrackingKey(p, e)} />
                      </label>
                      <span id={`tracking-hint-${p.id}`} className="muted">{t('trackingHint')}</span>
                      <button type="button" className="btn btn-primary" data-testid="dispatch-button" disabled={formOf(p.id).tracking.trim() === ''} onClick={() => dispatchParcel(p)}>{t('dispatch')}</button>
                    </div>
                  )}
                </article>
              ))}
            </div>
          ))}
        </Section>
      </div>
      <ConfirmDialog request={sealing} onClose={() => setSealing(null)} />
    </div>
  );
}
