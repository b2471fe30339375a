// The rules in numbers, shown before a patron asks and again on the request
// form: the survey's patrons did not know the limit, the loan period's start,
// the hold period, the fines or that the service is free.
import { useTranslation } from 'react-i18next';
import type { PortalRules } from '#shared/portal/wire';

export const usedOf = (r: PortalRules): number => r.current.loans + r.current.openRequests;

export function RulesCard({ rules }: { rules: PortalRules }) {
  const { t } = useTranslation();
  const used = usedOf(rules);
  return (
    <section className="card rules" aria-labelledby="rules-title" data-testid="rules">
      <h2 id="rules-title">{t('rules.title')}</h2>
      <p data-testid="rules-text">{t('rules.text', { limit: rules.loanLimit, used, loanDays: rules.loanDays, pickupDays: rules.pickupDays, fine: rules.finePerDay, maxFine: rules.maxFinePerItem })}</p>
      {rules.renewals > 0 && <p>{t('rules.renewals', { count: rules.renewals, days: rules.renewalDays })}</p>}
      <meter min={0} max={rules.loanLimit} value={used} aria-label={`${used} / ${rules.loanLimit}`} />
      {used >= rules.loanLimit && <p className="warn">{t('rules.full')}</p>}
    </section>
  );
}
