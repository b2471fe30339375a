// 曬書祭 Swap fair: at the fair's entry (a desk, or a laptop running the desk)
// staff scan each patron's reservation slip; the hand-over is recorded at once
// through the desk core — offline too — and the screen says, large, which
// book to fetch from which cabinet spot. A slip scanned again is a neutral
// notice saying when it was handed over. The desk also prints a patron's
// reservation slip (one left at home) and the cabinet's shelf labels.
import { useState } from 'react';
import { countsOf, fairsOf, itemsOfFair, reservationsOfFair, type FairScan } from '#desk-core/fairs';
import { todayAtDesk } from '#desk-core/queries';
import type { FairItemRecord, FairRecord, FairReservationRecord } from '#shared/domain/records';
import { isPastHold } from '#shared/domain/fairs/hold';
import { buildFairReservationSlip, buildFairShelfLabel, groupedSlipCode } from '#shared/slips/fair-slips';
import { fmtDate, fmtInstant } from '#renderer/common/format';
import { Note, ResultPanel, ScanField, Section, useRefusal, useResult, type ResultView } from '#renderer/ui/components';
import { freshPrintKey, useDeskEnv, useNow, useScanHandler, useSession, useViewVersion, type DeskEnv } from '#renderer/ui/desk-context';
import type { MsgKey } from '#renderer/ui/i18n';

const STATE_WORD: Record<FairReservationRecord['state'] | FairItemRecord['state'], MsgKey> = {
  reserved: 'fairStateReserved', handed_over: 'fairStateHandedOver', lapsed: 'fairStateLapsed', cancelled: 'fairStateCancelled', withdrawn: 'fairStateWithdrawn', available: 'fairStateAvailable',
};

function scanView(r: Extract<FairScan, { ok: true }>, env: DeskEnv, offline: boolean): ResultView {
  const { t, desk } = env;
  const res = r.reservation;
  const detail = [t('fairHandedOverDetail', { patron: res.patronMasked || '—', slip: groupedSlipCode(res.id) })];
  if (r.kind === 'repeat') {
    const time = fmtInstant(res.handedOverAt ?? res.updatedAt, env.policy().utcOffsetMinutes, Date.now());
    const where = res.handedOverBy === desk.config.deviceId ? t('fairRepeatHere') : t('fairRepeatElsewhere');
    return { state: 'repeat', headline: t('fairRepeat', { time, where }), detail: [res.title, ...detail], nextStep: t('repeatNothingToDo') };
  }
  return { state: 'ok', headline: t('fairHandedOver', { title: res.title }), ...(res.shelfMark ? { big: res.shelfMark } : {}), detail, ...(offline ? { warning: t('fairOfflineWarning') } : {}) };
}

export function FairView(): React.JSX.Element {
  const env = useDeskEnv();
  const { desk, t, lang, scanBus } = env;
  useViewVersion(desk);
  const now = useNow();
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const [result, show] = useResult('fair');
  const refusal = useRefusal();
  const [note, setNote] = useState<string | null>(null);
  const fairs = fairsOf(reader, me, todayAtDesk(reader, me, now));
  const [chosen, setChosen] = useSession<string | null>('fair.chosen', null);
  const fair: FairRecord | undefined = fairs.find((f) => f.id === chosen) ?? fairs[0];
  const offset = env.policy().utcOffsetMinutes;

  useScanHandler(async ({ code }) => {
    const r = await desk.fairs.scan(code);
    if (!r.ok) return show(refusal(r));
    // The fair of the slip just scanned is the one shown.
    if (r.reservation.fairId !== fair?.id) setChosen(r.reservation.fairId);
    show(scanView(r, env, desk.status().phase === 'offline'));
  });

  const print = async (key: string, slip: Parameters<DeskEnv['print']>[1]) => {
    setNote((await env.print(freshPrintKey(key), slip)) ?? t('printed'));
    scanBus.focusScan();
  };
  const printSlip = (f: FairRecord, r: FairReservationRecord) => void print(`fair-slip-${r.id}`, buildFairReservationSlip(f, r, lang, offset));
  const printLabel = (f: FairRecord, i: FairItemRecord) => void print(`shelf-${i.id}`, buildFairShelfLabel(f, i, lang));
  const printAllLabels = async (f: FairRecord, items: readonly FairItemRecord[]) => {
    let failure: string | null = null;
    for (const i of items) failure = (await env.print(freshPrintKey(`shelf-${i.id}`), buildFairShelfLabel(f, i, lang))) ?? failure;
    setNote(failure ?? t('printed'));
    scanBus.focusScan();
  };

  const reservations = fair ? reservationsOfFair(reader, fair.id) : [];
  const items = fair ? itemsOfFair(reader, fair.id) : [];
  const counts = fair ? countsOf(reader, fair.id, now) : null;
  // A reservation past its hold that the service has not swept yet is shown lapsed already.
  const stateOf = (r: FairReservationRecord) => (r.state === 'reserved' && isPastHold(r.holdUntil, now) ? 'lapsed' : r.state);

  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('fairScanLabel')} hint={t('fairScanHint')} onScan={(code) => scanBus.deliver({ code, source: 'keyboard' })} />
        <ResultPanel result={result} />
      </div>
      <Note text={note} />
      {!fair ? <p className="empty" data-testid="fair-none">{t('fairNone')}</p> : (
        <>
          <div className="columns">
            <Section title={t('fairInfo')} testid="fair-info">
              {fairs.length > 1 && (
                <p>
                  <label htmlFor="fair-choose">{t('fairChoose')} </label>
                  <select id="fair-choose" data-testid="fair-choose" value={fair.id} onChange={(e) => setChosen(e.target.value)}>
                    {fairs.map((f) => <option key={f.id} value={f.id}>{f.title}（{fmtDate(f.startsOn, lang)}）</option>)}
                  </select>
                </p>
              )}
              <p className="patron-name" data-testid="fair-title">{fair.title}</p>
              <dl className="facts">
                <dt>{t('fairPlace')}</dt><dd>{fair.place}</dd>
                <dt>{t('fairDates')}</dt><dd>{fmtDate(fair.startsOn, lang)} – {fmtDate(fair.endsOn, lang)}</dd>
                {fair.rules && <><dt>{t('fairRules')}</dt><dd>{fair.rules}</dd></>}
              </dl>
              {counts && <p data-testid="fair-counts">{t('fairCounts', { reserved: counts.reserved, handedOver: counts.handedOver, lapsed: counts.lapsed, books: counts.books })}</p>}
            </Section>
            <Section title={t('fairBooks')} count={items.length} testid="fair-books">
              <div className="toolbar">
                <button type="button" className="btn" data-testid="fair-print-labels" disabled={items.length === 0} onClick={() => void printAllLabels(fair, items)}>{t('fairPrintAllLabels')}</button>
              </div>
              {items.length === 0 ? <p className="empty">{t('none')}</p> : (
                <table className="table">
                  <thead><tr><th>{t('fairShelf')}</th><th>{t('title')}</th><th>{t('fairState')}</th><th><span className="sr-only">{t('fairPrintLabel')}</span></th></tr></thead>
                  <tbody>
                    {items.map((i) => (
                      <tr key={i.id} data-testid="fair-book" data-item-id={i.id} data-state={i.state}>
                        <td className="mono">{i.shelfMark}</td>
                        <td>{i.title}{i.author ? ` / ${i.author}` : ''}</td>
                        <td>{t(STATE_WORD[i.state])}</td>
                        <td><button type="button" className="btn btn-small" aria-label={`${t('fairPrintLabel')}：${i.title}`} onClick={() => printLabel(fair, i)}>{t('fairPrintLabel')}</button></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Section>
          </div>
          <Section title={t('fairReservations')} count={reservations.length} testid="fair-reservations">
            {reservations.length === 0 ? <p className="empty">{t('none')}</p> : (
              <table className="table">
                <thead><tr><th>{t('fairSlip')}</th><th>{t('title')}</th><th>{t('fairShelf')}</th><th>{t('fairPatron')}</th><th>{t('fairHoldUntil')}</th><th>{t('fairState')}</th><th><span className="sr-only">{t('fairPrintSlip')}</span></th></tr></thead>
                <tbody>
                  {reservations.map((r) => {
                    const state = stateOf(r);
                    return (
                      <tr key={r.id} data-testid="fair-reservation" data-slip={r.id} data-state={state}>
                        <td className="mono">{groupedSlipCode(r.id)}</td>
                        <td>{r.title}</td>
                        <td className="mono">{r.shelfMark}</td>
                        <td>{r.patronMasked}</td>
                        <td>{fmtInstant(r.holdUntil, offset, now)}</td>
                        <td>{t(STATE_WORD[state])}</td>
                        <td>{state === 'reserved' && <button type="button" className="btn btn-small" aria-label={`${t('fairPrintSlip')}：${groupedSlipCode(r.id)}`} onClick={() => printSlip(fair, r)}>{t('fairPrintSlip')}</button>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
