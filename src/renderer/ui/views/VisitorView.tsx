// 訪客借閱 Visitor lending: a patron of another library (or a partner
// organisation) shows a virtual library card. Its QR code is verified here
// against the consortium's keys and revocations in the replica — offline too —
// and this library's own items are lent to the card up to its limit.
import { useState } from 'react';
import { describeCardError, type CardPayload } from '#shared/cards';
import { policyFor } from '#shared/domain/policy-for';
import { buildPatronReceipt, receiptPlace } from '#shared/slips/patron-receipt';
import { maskCardNumber, maskName } from '#shared/slips/mask';
import { checkVisitorCard, looksLikeCard, type CardRefusal } from '#desk-core/visitor-cards';
import type { ActionResult } from '#desk-core/workflows';
import { todayAtDesk } from '#desk-core/queries';
import { Note, ResultPanel, ScanField, Section, useRefusal, useResult, type ResultView } from '../components';
import { freshPrintKey, useDeskEnv, useNow, useScanHandler, useSession, useViewVersion } from '../desk-context';
import { fmtDate } from '#renderer/common/format';

interface Lent {
  loanId: string;
  barcode: string;
  dueDate: string;
  /** Recorded while the desk could not reach the service. */
  offline: boolean;
}

export function VisitorView(): React.JSX.Element {
  const env = useDeskEnv();
  const { desk, t, lang, scanBus } = env;
  useViewVersion(desk);
  const now = useNow();
  const me = desk.config.libraryId;
  const reader = desk.view.reader;
  const [cardText, setCardText] = useSession<string | null>('visitor.card', null);
  const [card, setCard] = useSession<CardPayload | null>('visitor.payload', null);
  const [lent, setLent] = useSession<Lent[]>('visitor.lent', []);
  const [result, show] = useResult('visitor');
  const refusal = useRefusal();
  const [note, setNote] = useState<string | null>(null);
  const policy = policyFor(reader, { at: me });
  const today = todayAtDesk(reader, me, now);
  const loansHere = card ? reader.activeLoansOf(card.cardId).filter((l) => l.libraryId === me) : [];
  const library = (code: string | null) => {
    const l = code ? reader.get('libraries', code) : undefined;
    return l ? (lang === 'en' ? l.nameEn : l.nameZh) : code ?? '';
  };
  const cardProblem = (r: CardRefusal | { code: CardRefusal['cardCode']; params: CardRefusal['params'] }): ResultView => {
    const d = describeCardError('cardCode' in r ? r.cardCode : r.code, r.params, lang);
    return { state: 'problem', headline: d.message, nextStep: d.nextStep };
  };
  const offline = () => desk.status().phase === 'offline';

  useScanHandler(async ({ code }) => {
    const scanned = code.trim();
    if (looksLikeCard(scanned)) {
      const check = await checkVisitorCard(reader, scanned, me, Date.now());
      // Nothing is kept of a card that does not verify: the previous visitor (if any) is cleared too.
      if (!check.ok) {
        setCardText(null);
        setCard(null);
        setLent([]);
        return show(cardProblem(check));
      }
      setCardText(scanned);
      setCard(check.card);
      setLent([]);
      return show({
        state: 'ok',
        headline: t('visitorCardOk', { name: maskName(check.card.holderName) }),
        detail: [t('loansOf', { n: check.loans.length, limit: check.card.loanLimit }), t('visitorValidUntil', { date: fmtDate(check.card.validUntil, lang) })],
      });
    }
    if (!cardText) return show({ state: 'problem', headline: t('visitorNoCard'), nextStep: t('visitorNoCardNext') });
    const r: ActionResult | CardRefusal = await desk.workflows.visitorCheckout(cardText, scanned);
    if (!r.ok) return show('cardCode' in r ? cardProblem(r) : refusal(r));
    const o = r.outcome;
    if (o.kind !== 'loan') return show({ state: 'ok', headline: t('routeRecorded') });
    show({ state: 'ok', headline: t('visitorLent', { barcode: scanned }), big: fmtDate(o.dueDate, lang), detail: [t('dueOn', { date: fmtDate(o.dueDate, lang), n: o.loanCount, limit: o.loanLimit })] });
    setLent((prev) => [...prev, { loanId: o.loanId, barcode: scanned, dueDate: o.dueDate, offline: offline() }]);
  });

  const printReceipt = async () => {
    if (!card) return;
    const here = reader.get('libraries', me);
    const owed = [...reader.values('fines')].filter((f) => f.patronId === card.cardId && f.state === 'owed').reduce((s, f) => s + f.amount, 0);
    const slip = buildPatronReceipt({
      ...receiptPlace(me, here, policy.utcOffsetMinutes),
      at: new Date().toISOString(),
      patronName: card.holderName,
      cardNumber: card.cardId,
      checkouts: lent.map((l) => ({ title: reader.get('loans', l.loanId)?.title || l.barcode, barcode: l.barcode, dueDate: l.dueDate })),
      returns: [],
      loanCount: loansHere.length,
      finesOwed: owed,
      // The card's own limit at this library, not the library's limit for its own patrons.
      policy: { ...policy, loanLimit: card.loanLimit },
      offline: lent.some((l) => l.offline),
    }, lang);
    setNote((await env.print(freshPrintKey(`visitor-${card.cardId}`), slip)) ?? t('printed'));
    scanBus.focusScan();
  };

  const endVisit = () => {
    setCardText(null);
    setCard(null);
    setLent([]);
    scanBus.focusScan();
  };

  return (
    <div className="screen">
      <div className="screen-top">
        <ScanField label={t('scanVisitorLabel')} onScan={(code) => scanBus.deliver({ code, source: 'keyboard' })} />
        <ResultPanel result={result} />
      </div>
      <Note text={note} />
      <div className="columns">
        <Section title={t('visitorPanel')} testid="visitor-panel">
          {!card ? <p className="empty">{t('visitorNoCard')}</p> : (
            <div className="patron" data-testid="visitor-card" data-card-id={card.cardId}>
              <p className="patron-name" data-testid="visitor-name">{maskName(card.holderName)}</p>
              <dl className="facts">
                <dt>{t('card')}</dt><dd className="mono">{maskCardNumber(card.cardId)}</dd>
                <dt>{card.kind === 'partner' ? t('visitorOrganisation') : t('visitorHome')}</dt>
                <dd data-testid="visitor-home">{card.kind === 'partner' ? card.organisation ?? '' : library(card.homeLibraryId)}</dd>
                <dt>{t('visitorValid')}</dt><dd>{fmtDate(card.validFrom, lang)} – {fmtDate(card.validUntil, lang)}</dd>
                <dt>{t('activeLoans')}</dt><dd data-testid="visitor-loans">{t('loansOf', { n: loansHere.length, limit: card.loanLimit })}</dd>
              </dl>
              <div className="toolbar">
                <button type="button" className="btn" data-testid="visitor-receipt" disabled={lent.length === 0} onClick={() => void printReceipt()}>{t('printReceipt')}</button>
                <button type="button" className="btn" data-testid="visitor-end" onClick={endVisit}>{t('endVisit')}</button>
              </div>
            </div>
          )}
        </Section>
        <Section title={t('visitorLoansHere')} testid="visitor-loans-here">
          {loansHere.length === 0 ? <p className="empty">{t('none')}</p> : (
            <table className="table">
              <thead><tr><th>{t('barcode')}</th><th>{t('due')}</th></tr></thead>
              <tbody>
                {loansHere.map((l) => (
                  <tr key={l.id} data-testid="visitor-loan" data-barcode={l.itemBarcode} className={l.dueDate < today ? 'overdue' : ''}>
                    <td className="mono">{l.title ? `${l.title} ` : ''}{l.itemBarcode}</td>
                    <td>{fmtDate(l.dueDate, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>
    </div>
  );
}
