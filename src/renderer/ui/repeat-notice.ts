// The neutral answer to a repeat scan: what already happened and when
// ("03:12 已歸還"), with the repeat tone, never the problem tone.
import type { Repeat } from '#desk-core/repeats';
import { maskName } from '#shared/slips/mask';
import type { ResultView } from './components';
import type { DeskEnv } from './desk-context';
import { fmtInstant } from '#renderer/common/format';

export function repeatView(rep: Repeat, env: DeskEnv, code: string): ResultView {
  const { t, desk } = env;
  const time = fmtInstant(rep.at, env.policy().utcOffsetMinutes, Date.now());
  const detail = [rep.title, code];
  switch (rep.kind) {
    case 'packed':
      return { state: 'repeat', headline: t('repeatPacked', { time, parcel: rep.parcelId }), detail, nextStep: t('repeatNothingToDo') };
    case 'returned':
      return { state: 'repeat', headline: t('repeatReturned', { time }), detail, nextStep: t('repeatNothingToDo') };
    case 'checked_out': {
      const patron = desk.view.reader.get('patrons', rep.patronId);
      return { state: 'repeat', headline: t('repeatCheckedOut', { time, patron: maskName(patron?.name ?? '') || rep.patronId }), detail, nextStep: t('repeatNothingToDo') };
    }
  }
}
