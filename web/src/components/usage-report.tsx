// The usage report that Settings and Admin share: period and metric pickers, the totals, the
// chart and a table by model.
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCost, formatDuration, formatNumber } from '@/lib/format';
import { ErrorMessage } from './error-message';
import { SelectField } from './field';
import { Spinner } from './spinner';
import { UsageChart, type UsageItem, type UsageMetric } from './usage-chart';
import { TableWrap } from './table-wrap';

export const USAGE_PERIODS = [7, 30, 90] as const;

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The chosen period (days back from today, UTC) and metric. */
export function useUsagePeriod(initialDays: (typeof USAGE_PERIODS)[number] = 30) {
  const [days, setDays] = useState<number>(initialDays);
  const [metric, setMetric] = useState<UsageMetric>('tokens');
  // "Today" as of opening the report: stable across re-renders.
  const [now] = useState(() => Date.now());
  return { days, setDays, metric, setMetric, from: isoDay(now - (days - 1) * 86_400_000), to: isoDay(now) };
}

export type UsagePeriod = ReturnType<typeof useUsagePeriod>;

interface UsageData {
  total: { inputTokens: number; outputTokens: number; costUsd: number; calls: number };
  items: ReadonlyArray<UsageItem & { avgLatencyMs?: number }>;
}

function UsageControls({ period }: { period: UsagePeriod }) {
  const { t } = useTranslation();
  return (
    <div className="toolbar">
      <SelectField
        label={t('usage.range')}
        value={String(period.days)}
        onChange={(event) => period.setDays(Number(event.target.value))}
      >
        {USAGE_PERIODS.map((days) => (
          <option key={days} value={days}>
            {t('usage.days', { count: days })}
          </option>
        ))}
      </SelectField>
      <fieldset className="radio-row" aria-label={t('usage.metric')}>
        <legend className="visually-hidden">{t('usage.metric')}</legend>
        {(['tokens', 'cost'] as const).map((metric) => (
          <label key={metric}>
            <input
              type="radio"
              name="usage-metric"
              checked={period.metric === metric}
              onChange={() => period.setMetric(metric)}
            />
            {t(`usage.${metric}`)}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

function UsageTotalsView({ total, extra }: { total: UsageData['total']; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="stats">
      <div className="stat">
        <div className="stat__label">{t('usage.totalTokens')}</div>
        <div className="stat__value">{formatNumber(total.inputTokens + total.outputTokens)}</div>
      </div>
      <div className="stat">
        <div className="stat__label">{t('usage.totalCost')}</div>
        <div className="stat__value">{formatCost(total.costUsd)}</div>
      </div>
      <div className="stat">
        <div className="stat__label">{t('usage.calls')}</div>
        <div className="stat__value">{formatNumber(total.calls)}</div>
      </div>
      {extra}
    </div>
  );
}

/** The pickers, then the report once loaded: totals, the chart and the table by model. */
export function UsageReport<Usage extends UsageData>({
  period,
  usage,
  extraStat,
  children,
}: {
  period: UsagePeriod;
  usage: UseQueryResult<Usage>;
  /** A stat shown next to the totals. */
  extraStat?: ReactNode;
  /** More of the report, below the table by model. */
  children?: (data: Usage) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <UsageControls period={period} />
      {usage.isPending ? (
        <Spinner />
      ) : usage.isError ? (
        <ErrorMessage error={usage.error} />
      ) : (
        <>
          <UsageTotalsView total={usage.data.total} extra={extraStat} />
          <div className="card">
            <UsageChart
              items={usage.data.items}
              from={period.from}
              to={period.to}
              metric={period.metric}
              title={t('usage.chartTitle', { metric: t(`usage.${period.metric}`), from: period.from, to: period.to })}
            />
          </div>
          <UsageByModel items={usage.data.items} />
          {children?.(usage.data)}
        </>
      )}
    </>
  );
}

function UsageByModel({ items }: { items: UsageData['items'] }) {
  const { t } = useTranslation();
  const rows = new Map<string, UsageItem & { latencySum: number }>();
  for (const item of items) {
    const key = `${item.provider}/${item.model}`;
    const row = rows.get(key) ?? { ...item, inputTokens: 0, outputTokens: 0, costUsd: 0, calls: 0, latencySum: 0 };
    row.inputTokens += item.inputTokens;
    row.outputTokens += item.outputTokens;
    row.costUsd += item.costUsd;
    row.calls += item.calls;
    row.latencySum += (item.avgLatencyMs ?? 0) * item.calls;
    rows.set(key, row);
  }
  if (rows.size === 0) return null;
  return (
    <TableWrap label={t('usage.byModel')}>
      <table className="table">
        <caption className="visually-hidden">{t('usage.byModel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('usage.model')}</th>
            <th scope="col">{t('usage.provider')}</th>
            <FigureHeads figures={['input', 'output', 'cost', 'calls', 'latency']} />
          </tr>
        </thead>
        <tbody>
          {[...rows.values()]
            .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls)
            .map((row) => (
              <tr key={`${row.provider}/${row.model}`}>
                <th scope="row">{row.model}</th>
                <td>{row.provider}</td>
                <td className="num">{formatNumber(row.inputTokens)}</td>
                <td className="num">{formatNumber(row.outputTokens)}</td>
                <td className="num">{formatCost(row.costUsd)}</td>
                <td className="num">{formatNumber(row.calls)}</td>
                <td className="num">{row.calls > 0 ? formatDuration(row.latencySum / row.calls) : '–'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Right-aligned column heads for the figures of a usage table. */
export function FigureHeads({
  figures,
}: {
  figures: ReadonlyArray<'input' | 'output' | 'totalTokens' | 'cost' | 'calls' | 'latency'>;
}) {
  const { t } = useTranslation();
  return figures.map((figure) => (
    <th key={figure} scope="col" className="num">
      {t(`usage.${figure}`)}
    </th>
  ));
}
