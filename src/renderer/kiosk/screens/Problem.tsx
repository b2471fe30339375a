// A refusal in plain words, as every screen shows it.
import type { ScreenProps } from './screen-props';

/** A refusal; "please see the desk" follows unless the patron can put it right here (another PIN try). */
export function Problem({ text, t, seeDesk = true }: { text: string; t: ScreenProps['t']; seeDesk?: boolean }): React.JSX.Element {
  return (
    <div className="kiosk-problem" role="alert" data-testid="kiosk-problem">
      <p>{text}</p>
      {seeDesk && <p className="kiosk-see-desk">{t('seeDesk')}</p>}
    </div>
  );
}
