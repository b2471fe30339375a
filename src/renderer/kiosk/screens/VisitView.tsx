// The visit: the patron's facts and waiting holds (pickup), what happened to
// each item put on the pad, and the finish button.
import { todayAtDesk } from '#desk-core/queries';
import { maskName } from '#shared/slips/mask';
import { fmtDate } from '#renderer/common/format';
import type { KioskScreen } from '../kiosk-core';
import { waitingHoldsFor } from '../pickup-verdict';
import { Problem } from './Problem';
import type { ScreenProps } from './screen-props';
import { VisitLineItem } from './VisitLineItem';

export function VisitView({ core, t, lang, now, problem, libName, screen }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'visit' }> }): React.JSX.Element {
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
            {[...visit.lines].sort((a, b) => b.seq - a.seq).map((l) => <VisitLineItem key={l.barcode} line={l} t={t} lang={lang} problem={problem} libName={libName} />)}
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
