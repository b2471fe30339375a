// The PIN pad, where the library asks for one.
import { useState } from 'react';
import type { KioskScreen } from '../kiosk-core';
import { Problem } from './Problem';
import type { ScreenProps } from './screen-props';

export function PinPad({ core, t, problem, screen }: ScreenProps & { screen: Extract<KioskScreen, { kind: 'pin' }> }): React.JSX.Element {
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
