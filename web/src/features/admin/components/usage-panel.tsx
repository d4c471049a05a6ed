// Everyone's usage: totals, the chart per day and model, by model and by user.
import { useTranslation } from 'react-i18next';
import { TableWrap } from '@/components/table-wrap';
import { FigureHeads, UsageReport, useUsagePeriod } from '@/components/usage-report';
import { formatCost, formatNumber } from '@/lib/format';
import { useUsageTotals } from '../api/get-usage-totals';

export function AdminUsagePanel() {
  const { t } = useTranslation('admin');
  const period = useUsagePeriod();
  const usage = useUsageTotals(period.from, period.to);

  return (
    <section className="settings-section" aria-labelledby="admin-usage-title">
      <h2 id="admin-usage-title">{t('usage.title')}</h2>
      <UsageReport period={period} usage={usage}>
        {({ users }) =>
          users.length > 0 && (
            <TableWrap label={t('usage.byUser')}>
              <table className="table">
                <caption className="visually-hidden">{t('usage.byUser')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('usage.user')}</th>
                    <FigureHeads figures={['totalTokens', 'cost', 'calls']} />
                  </tr>
                </thead>
                <tbody>
                  {users.map((user) => (
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
          )
        }
      </UsageReport>
    </section>
  );
}
