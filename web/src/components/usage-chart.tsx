// Tokens or cost per day, stacked by model: a small SVG chart of our own (no chart library),
// with a table of the same numbers for screen readers and exact values.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCompact, formatCost, formatNumber } from '@/lib/format';

export interface UsageItem {
  day: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  calls: number;
}

export type UsageMetric = 'tokens' | 'cost';

const PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#a855f7', '#14b8a6', '#f97316'];
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 26, left: 52 };

/** Every day from `from` to `to` (YYYY-MM-DD, UTC), inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= end && days.length < 400; time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

const valueOf = (item: UsageItem, metric: UsageMetric) =>
  metric === 'tokens' ? item.inputTokens + item.outputTokens : item.costUsd;

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
function niceMax(value: number) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

export function UsageChart({
  items,
  from,
  to,
  metric,
  title,
}: {
  items: readonly UsageItem[];
  from: string;
  to: string;
  metric: UsageMetric;
  title: string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const days = daysBetween(from, to);
  const models = [...new Set(items.map((item) => item.model))].sort();
  const colorOf = (model: string) => PALETTE[models.indexOf(model) % PALETTE.length]!;
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.day, (totals.get(item.day) ?? 0) + valueOf(item, metric));
  const max = niceMax(Math.max(0, ...totals.values()));
  const format = (value: number) => (metric === 'cost' ? formatCost(value) : formatCompact(value));

  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(days.length, 1);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const labelEvery = Math.ceil(days.length / 8);

  return (
    <figure className="usage-chart">
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{title}</title>
        {[0, 0.25, 0.5, 0.75, 1].map((fraction) => (
          <g key={fraction}>
            <line
              className="chart__grid"
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(max * fraction)}
              y2={y(max * fraction)}
            />
            <text x={PAD.left - 6} y={y(max * fraction) + 4} textAnchor="end">
              {format(max * fraction)}
            </text>
          </g>
        ))}
        {days.map((day, index) => {
          const x = PAD.left + index * slot + (slot - barWidth) / 2;
          let base = 0;
          return (
            <g key={day}>
              {models.map((model) => {
                const value = items
                  .filter((item) => item.day === day && item.model === model)
                  .reduce((sum, item) => sum + valueOf(item, metric), 0);
                if (value <= 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return (
                  <rect key={model} x={x} y={top} width={barWidth} height={Math.max(height, 1)} fill={colorOf(model)}>
                    <title>{`${day} · ${model}: ${metric === 'cost' ? formatCost(value) : formatNumber(value)}`}</title>
                  </rect>
                );
              })}
              {index % labelEvery === 0 && (
                <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {models.length > 0 ? (
        <ul className="chart-legend" aria-label={t('chart.legend')}>
          {models.map((model) => (
            <li key={model}>
              <span className="chart-legend__swatch" style={{ background: colorOf(model) }} aria-hidden="true" />
              {model}
            </li>
          ))}
        </ul>
      ) : (
        <figcaption className="text-muted">{t('chart.noData')}</figcaption>
      )}
    </figure>
  );
}
