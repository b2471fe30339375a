// The welcome screen: a card field (scanners type into it too), the virtual
// card hint, the last refusal, and the way into self-return.
import { useEffect, useRef, useState } from 'react';
import type { KioskProblem } from '../i18n-kiosk';
import { Problem } from './Problem';
import type { ScreenProps } from './screen-props';

export function Welcome({ core, t, problem, describe }: Omit<ScreenProps, 'problem'> & { problem: KioskProblem | null; describe(p: KioskProblem): string }): React.JSX.Element {
  const [card, setCard] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [problem]);
  const submit = () => {
    const code = card;
    setCard('');
    if (code.trim() !== '') void core.identify(code);
  };
  return (
    <section className="kiosk-welcome" aria-labelledby="kiosk-welcome-title">
      <h1 id="kiosk-welcome-title" className="kiosk-big">{t('welcome')}</h1>
      <p className="kiosk-hint">{t('welcomeHint')}</p>
      <div className="kiosk-card-row">
        <label htmlFor="kiosk-card" className="sr-only">{t('cardField')}</label>
        <input
          id="kiosk-card" ref={ref} data-testid="kiosk-card-input" className="kiosk-input" value={card} placeholder={t('cardField')}
          autoComplete="off" autoCorrect="off" autoCapitalize="off" spellCheck={false} inputMode="numeric" enterKeyHint="go"
          onChange={(e) => setCard(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            }
          }}
        />
        <button type="button" className="kbtn kbtn-primary" onClick={submit}>{t('cardGo')}</button>
      </div>
      <p className="kiosk-small">{t('virtualCardHint')}</p>
      {problem && <Problem text={describe(problem)} t={t} />}
      <div className="kiosk-actions">
        <button type="button" className="kbtn kbtn-huge" data-testid="kiosk-return" onClick={() => void core.startReturn()}>
          {t('startReturn')}<span className="kbtn-sub">{t('startReturnHint')}</span>
        </button>
      </div>
    </section>
  );
}
