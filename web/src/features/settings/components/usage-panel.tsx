// Your usage: totals, budget, a chart of tokens or cost per day and model, and a table by model.
import { useTranslation } from 'react-i18next';
import { UsageReport, useUsagePeriod } from '@/components/usage-report';
import { formatCost } from '@/lib/format';
import { useBudget } from '../api/get-budget';
import { useUsage } from '../api/get-usage';

export function UsagePanel() {
  const { t } = useTranslation('settings');
  const period = useUsagePeriod();
  const usage = useUsage(period.from, period.to);
  const budget = useBudget();

  const budgetStat = budget.data && (
    <div className="stat">
      <div className="stat__label">{t('usage.budget')}</div>
      <div className="stat__value">
        {budget.data.monthlyLimitUsd === null ? t('usage.noBudget') : formatCost(budget.data.monthlyLimitUsd)}
      </div>
      <div className="text-muted">
        {budget.data.monthlyLimitUsd === null
          ? t('usage.spentNoLimit', { spent: formatCost(budget.data.spentThisMonthUsd) })
          : t('usage.spent', {
              spent: formatCost(budget.data.spentThisMonthUsd),
              limit: formatCost(budget.data.monthlyLimitUsd),
            })}
      </div>
    </div>
  );

  return (
    <section className="settings-section" aria-labelledby="usage-title">
      <h2 id="usage-title">{t('usage.title')}</h2>
      <UsageReport period={period} usage={usage} extraStat={budgetStat} />
    </section>
  );
}
