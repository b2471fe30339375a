// The end of a visit: the "print a receipt?" question (where the library
// asks) and the goodbye with the receipt's fate, due reminder, hours, contact.
import type { KioskScreen, Visit } from '../kiosk-core';
import type { ScreenProps } from './screen-props';

export function AskReceipt({ core, t }: ScreenProps): React.JSX.Element {
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

export function Goodbye({ core, t, screen, hours, contact }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'goodbye' }>; hours: string; contact: string }): React.JSX.Element {
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
