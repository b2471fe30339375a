// 取書 Pickup: scan the patron's card — the panel shows who it is (masked),
// loans against the limit, blocks and fines, and the holds waiting here —
// then scan each item to check it out. Refusals (limit, blocks, a hold for
// someone else) come from the same rules the service runs.
import { useRef, useState } from 'react';
import type { HomeCheck } from '#desk-core/home-check';
import { todayAtDesk } from '#desk-core/queries';
import { patronRefusal } from '#shared/domain/patrons/reducer';
import { policyFor } from '#shared/domain/policy-for';
import type { PatronRecord } from '#shared/domain/records';
import { maskCardNumber, maskName } from '#shared/slips/mask';
import { buildPatronReceipt, receiptPlace } from '#shared/slips/patron-receipt';
import { Note, ResultPanel, ScanField, Section, useRefusal, useResult } from '../components';
import { justCheckedOut } from '#desk-core/repeats';
import { repeatView } from '../repeat-notice';
import { useDeskEnv, useNow, useScanHandler, useSession, useViewVersion, freshPrintKey } from '../desk-context';
import { fmtDate } from '#renderer/common/format';
import { translateDynamic } from '../i18n';
import { FinesPanel } from './FinesPanel';

interface Checkout {
  loanId: string;
  title: string;
  barcode: string;
  dueDate: string;
}

export function PickupView(): React.JSX.Element {
  const env = useDeskEnv();
  const { desk, t, lang, scanBus } = env;
  useViewVersion(desk);
  const now = useNow();
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const [patronId, setPatronId] = useSession<string | null>('pickup.patron', null);
  const [checkouts, setCheckouts] = useSession<Checkout[]>('pickup.checkouts', []);
  const [result, show] = useResult('pickup');
  const refusal = useRefusal();
  const [note, setNote] = useState<string | null>(null);
  // What the library's own system said about the patron on the panel ('checking' while it is asked).
  const [home, setHome] = useSession<{ patronId: string; check: HomeCheck | 'checking' } | null>('pickup.home', null);
  // The patron on the panel, for answers that arrive after staff moved on (set where the patron changes).
  const current = useRef<string | null>(patronId);
  const policy = policyFor(reader, { at: me });
  const today = todayAtDesk(reader, me, now);
  const patron = patronId ? reader.get('patrons', patronId) : undefined;
  const holds = patron ? [...reader.values('holds')].filter((h) => h.patronId === patron.id && h.libraryId === me && h.state === 'waiting') : [];
  const loans = patron ? reader.activeLoansOf(patron.id) : [];
  const problem = patron ? patronRefusal(reader, patron, today, { countLoans: false, at: me }) : null;

  const selectPatron = async (p: PatronRecord, waiting: number, card: string) => {
    setPatronId(p.id);
    current.current = p.id;
    setCheckouts([]);
    const issue = patronRefusal(reader, p, today, { countLoans: true, at: me });
    const found = t('patronFound', { name: maskName(p.name), n: waiting });
    if (issue && !issue.ok) show({ ...refusal(issue), detail: [found] });
    else show({ state: 'ok', headline: found });
    setHome({ patronId: p.id, check: 'checking' });
    const check = await desk.workflows.checkAtHome(p, card);
    // Another card may have been scanned while the system answered.
    if (current.current !== p.id) return;
    setHome({ patronId: p.id, check });
    if (check.kind === 'refused') show({ ...refusal(check), detail: [found] });
    else if (check.kind === 'unreachable' && !(issue && !issue.ok)) show({ state: 'ok', headline: found, detail: [t('homeUnreachable')] });
  };

  useScanHandler(async ({ code }) => {
    const scanned = code.trim();
    // A card always switches the patron, even in the middle of a visit.
    const byCard = reader.patronByCard(scanned);
    // A book just checked out, scanned again: it is already lent, say so neutrally.
    const again = byCard ? null : justCheckedOut(reader, me, scanned);
    if (again) return show(repeatView(again, env, scanned));
    if (byCard || !patronId) {
      const found = desk.workflows.findPatron(scanned);
      if (!found.ok) return show(refusal(found));
      return selectPatron(found.patron, found.holds.length, scanned);
    }
    // Neither a card nor an item waiting here: say that, not "no holds for <the code>".
    if (![...reader.values('holds')].some((h) => h.itemBarcode === scanned && h.libraryId === me && h.state === 'waiting')) {
      return show({ state: 'problem', headline: t('holdNotFound', { barcode: scanned }), nextStep: t('pickupNotHeldNext') });
    }
    const r = await desk.workflows.checkoutScan(patronId, scanned);
    if (!r.ok) return show(refusal(r));
    const o = r.outcome;
    if (o.kind !== 'loan') return show({ state: 'ok', headline: t('routeRecorded') });
    show({ state: 'ok', headline: t('checkedOut', { title: o.title }), big: fmtDate(o.dueDate, lang), detail: [t('dueOn', { date: fmtDate(o.dueDate, lang), n: o.loanCount, limit: o.loanLimit })] });
    setCheckouts((prev) => [...prev, { loanId: o.loanId, title: o.title, barcode: scanned, dueDate: o.dueDate }]);
  });

  const checkoutHold = async (holdId: string) => {
    if (!patronId) return;
    const r = await desk.workflows.checkout(patronId, holdId);
    if (!r.ok) show(refusal(r));
    else if (r.outcome.kind === 'loan') {
      const o = r.outcome;
      const hold = reader.get('holds', holdId);
      show({ state: 'ok', headline: t('checkedOut', { title: o.title }), big: fmtDate(o.dueDate, lang), detail: [t('dueOn', { date: fmtDate(o.dueDate, lang), n: o.loanCount, limit: o.loanLimit })] });
      setCheckouts((prev) => [...prev, { loanId: o.loanId, title: o.title, barcode: hold?.itemBarcode ?? '', dueDate: o.dueDate }]);
    }
    scanBus.focusScan();
  };

  const renew = async (loanId: string) => {
    const r = await desk.workflows.renew(loanId);
    if (!r.ok) show(refusal(r));
    else if (r.outcome.kind === 'loan') show({ state: 'ok', headline: t('renewed', { date: fmtDate(r.outcome.dueDate, lang) }), big: fmtDate(r.outcome.dueDate, lang) });
    scanBus.focusScan();
  };

  const printReceipt = async () => {
    if (!patron) return;
    const here = reader.get('libraries', me);
    const slip = buildPatronReceipt({
      ...receiptPlace(me, here, policy.utcOffsetMinutes),
      at: new Date().toISOString(),
      patronName: patron.name,
      cardNumber: patron.cardNumbers[0] ?? '',
      checkouts: checkouts.map((c) => ({ title: c.title, barcode: c.barcode, dueDate: c.dueDate })),
      returns: [],
      loanCount: loans.length,
      finesOwed: patron.finesOwed,
      policy,
    }, lang);
    setNote((await env.print(freshPrintKey(`receipt-${patron.id}`), slip)) ?? t('printed'));
    scanBus.focusScan();
  };

  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('scanPickupLabel')} onScan={(code) => scanBus.deliver({ code, source: 'keyboard' })} />
        <ResultPanel result={result} />
      </div>
      <Note text={note} />
      <div className="columns">
        <Section title={t('patronPanel')} testid="patron-panel">
          {!patron ? <p className="empty">{t('noPatron')}</p> : (
            <div className="patron" data-testid="patron" data-patron-id={patron.id}>
              <p className="patron-name" data-testid="patron-name">{maskName(patron.name)}</p>
              <dl className="facts">
                <dt>{t('card')}</dt><dd className="mono">{maskCardNumber(patron.cardNumbers[0] ?? '')}</dd>
                <dt>{t('library')}</dt><dd>{patron.homeLibraryId} · {translateDynamic(lang, 'status_', patron.status)}</dd>
                <dt>{t('activeLoans')}</dt><dd data-testid="patron-loans">{t('loansOf', { n: loans.length, limit: policy.loanLimit })}</dd>
                <dt>NT$</dt><dd data-testid="patron-fines" className={patron.finesOwed > 0 ? 'fine' : ''}>{t('finesOwed', { amount: patron.finesOwed })}</dd>
                {home && home.patronId === patron.id && home.check !== 'checking' && home.check.kind === 'off' ? null : (
                  <>
                    <dt>{t('homeSystem')}</dt>
                    <dd data-testid="home-check" data-state={!home || home.patronId !== patron.id ? 'unknown' : home.check === 'checking' ? 'checking' : home.check.kind}>
                      {!home || home.patronId !== patron.id ? '—' : home.check === 'checking' ? t('homeChecking')
                        : home.check.kind === 'valid' ? t('homeValid')
                          : home.check.kind === 'unreachable' ? t('homeUnreachable')
                            : home.check.kind === 'refused' ? refusal(home.check).headline : ''}
                    </dd>
                  </>
                )}
                <dt>{t('blocks')}</dt>
                <dd data-testid="patron-blocks">{patron.blocks.length === 0 ? t('none') : patron.blocks.map((b) => `${translateDynamic(lang, 'block_', b.code)}${b.note ? `（${b.note}）` : ''}`).join('；')}</dd>
              </dl>
              {problem && !problem.ok && <p className="warn-box" role="alert" data-testid="patron-problem">{refusal(problem).headline} {refusal(problem).nextStep}</p>}
              <div className="toolbar">
                <button type="button" className="btn" data-testid="print-receipt" disabled={checkouts.length === 0} onClick={() => void printReceipt()}>{t('printReceipt')}</button>
                <button type="button" className="btn" data-testid="end-visit" onClick={() => { setPatronId(null); current.current = null; setCheckouts([]); scanBus.focusScan(); }}>{t('endVisit')}</button>
              </div>
            </div>
          )}
        </Section>
        <Section title={t('waitingHolds')} count={holds.length} testid="patron-holds">
          {patron && holds.length === 0 && <p className="empty">{t('noWaitingHolds')}</p>}
          <ul className="card-list">
            {holds.map((h) => (
              <li key={h.id} className="card" data-testid="patron-hold" data-barcode={h.itemBarcode}>
                <div><span className="spot">{h.shelfSpot}</span> {h.title}</div>
                <div className="muted mono">{h.itemBarcode} · {t('pickupBy')} {fmtDate(h.pickupBy, lang)}</div>
                {/* Past its pickup-by day the hold is the shelf's to expire: the rules refuse the loan, so no button offers it. */}
                {h.pickupBy < today
                  ? <p className="warn-box" data-testid="hold-past-pickup">{t('holdPastPickup')}</p>
                  : <button type="button" className="btn btn-small" onClick={() => void checkoutHold(h.id)}>{t('checkout')}</button>}
              </li>
            ))}
          </ul>
          {checkouts.length > 0 && (
            <>
              <h3 className="sub-title">{t('checkedOutNow')}</h3>
              <ul className="plain-list">
                {checkouts.map((c) => <li key={c.loanId} data-testid="checkout-row" data-barcode={c.barcode}>{c.title} · {t('due')} {fmtDate(c.dueDate, lang)}</li>)}
              </ul>
            </>
          )}
          {loans.length > 0 && (
            <>
              <h3 className="sub-title">{t('activeLoans')}</h3>
              <ul className="plain-list">
                {loans.map((l) => (
                  <li key={l.id} data-testid="loan-row" data-barcode={l.itemBarcode}>
                    {l.title} · {t('due')} <span className={l.dueDate < today ? 'fine' : ''}>{fmtDate(l.dueDate, lang)}</span>
                    {/* An overdue loan cannot be renewed (the rules refuse it): no button. */}
                    {l.libraryId === me && l.dueDate >= today && <button type="button" className="btn btn-small" onClick={() => void renew(l.id)}>{t('renew')}</button>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      </div>
      {patron && <FinesPanel patronId={patron.id} finesOwed={patron.finesOwed} show={show} />}
    </div>
  );
}
