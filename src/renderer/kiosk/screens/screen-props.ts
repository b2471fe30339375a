// What every kiosk screen is given: the core to pass touches to, the language,
// the clock, and the text helpers bound to the current language.
import type { KioskMsgKey, KioskProblem, Lang, Params } from '../i18n-kiosk';
import type { KioskCore } from '../kiosk-core';

export interface ScreenProps {
  core: KioskCore;
  lang: Lang;
  now: number;
  t(key: KioskMsgKey, params?: Params): string;
  problem(p: KioskProblem): string;
  libName(id: string): string;
}
