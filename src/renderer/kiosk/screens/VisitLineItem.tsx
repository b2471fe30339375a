// One line of a visit: what happened to an item, in the patron's words, and
// for a returned item where staff shelve it.
import { fmtDate } from '#renderer/common/format';
import type { Lang } from '../i18n-kiosk';
import type { VisitLine } from '../kiosk-core';
import type { ScreenProps } from './screen-props';

export function VisitLineItem({ line, t, lang, problem, libName }: { line: VisitLine; t: ScreenProps['t']; lang: Lang; problem: ScreenProps['problem']; libName: ScreenProps['libName'] }): React.JSX.Element {
  let main: string;
  if (line.kind === 'checked_out') main = t('lineCheckedOut', { date: fmtDate(line.dueDate ?? '', lang) });
  else if (line.kind === 'already') main = t('lineAlready', { date: fmtDate(line.dueDate ?? '', lang) });
  else if (line.kind === 'returned') main = (line.fine ?? 0) > 0 ? t('lineReturnedFine', { days: line.overdueDays ?? 0, amount: line.fine ?? 0 }) : t('lineReturned');
  else if (line.kind === 'waiting_parts') main = t('lineWaitingParts', { parts: line.parts ?? 1, missing: (line.missingParts ?? []).join(', ') });
  else main = line.problem ? problem(line.problem) : '';
  const bad = line.kind === 'refused' || line.securityOk === false;
  return (
    <li className={`kiosk-item kiosk-line-${line.kind} ${bad ? 'kiosk-line-bad' : ''}`} data-testid="kiosk-line" data-barcode={line.barcode} data-kind={line.kind} data-security={line.securityOk === undefined ? '' : String(line.securityOk)}>
      {line.title && <span className="kiosk-item-title">{line.title}</span>}
      <span className="kiosk-item-sub">{main}</span>
      {line.kind !== 'refused' && line.problem && <span className="kiosk-item-sub kiosk-fine">{problem(line.problem)}</span>}
      {bad && <span className="kiosk-item-sub kiosk-see-desk">{t('seeDesk')}</span>}
      {line.kind === 'returned' && (
        <span className="kiosk-item-staff" data-testid="kiosk-staff-shelving">{line.returnTo ? t('staffShelving', { library: libName(line.returnTo) }) : t('staffShelvingUnknown')}</span>
      )}
    </li>
  );
}
