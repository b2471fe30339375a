// A patron who may not borrow here now: the reasons, and "please see the desk".
import { maskName } from '#shared/slips/mask';
import type { KioskScreen } from '../kiosk-core';
import type { ScreenProps } from './screen-props';

export function Blocked({ core, t, problem, screen }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'blocked' }> }): React.JSX.Element {
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
