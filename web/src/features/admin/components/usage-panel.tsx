// Everyone's usage: totals, the chart per day and model, by model and by user.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { TableWrap } from '@/components/table-wrap';
import {
  UsageByModel,
  UsageChartView,
  UsageControls,
  UsageTotalsView,
  useUsagePeriod,
} from '@/components/usage-report';
import { formatCost, formatNumber } from '@/lib/format';
import { useUsageTotals } from '../api/get-usage-totals';

export function AdminUsagePanel() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const period = useUsagePeriod();
  const usage = useUsageTotals(period.from, period.to);

  return (
    <section className="settings-section" aria-labelledby="admin-usage-title">
      <h2 id="admin-usage-title">{t('usage.title')}</h2>
      <UsageControls period={period} />
      {usage.isPending ? (
        <Spinner />
      ) : usage.isError ? (
        <ErrorMessage error={usage.error} />
      ) : (
        <>
          <UsageTotalsView total={usage.data.total} />
          <div className="card">
            <UsageChartView items={usage.data.items} period={period} />
          </div>
          <UsageByModel items={usage.data.items} />
          {usage.data.users.length > 0 && (
            <TableWrap label={t('usage.byUser')}>
              <table className="table">
                <caption className="visually-hidden">{t('usage.byUser')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('usage.user')}</th>
                    <th scope="col" className="num">
                      {tc('usage.totalTokens')}
                    </th>
                    <th scope="col" className="num">
                      {tc('usage.cost')}
                    </th>
                    <th scope="col" className="num">
                      {tc('usage.calls')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {usage.data.users.map((user) => (
                    <tr key={user.userId}>
                      <th scope="row">{user.email}</th>
                      <td className="num">{formatNumber(user.inputTokens + user.outputTokens)}</td>
                      <td className="num">{formatCost(user.costUsd)}</td>
                      <td className="num">{formatNumber(user.calls)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </section>
  );
}
