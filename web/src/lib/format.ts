// Numbers, money and times in the user's language.
import i18next from 'i18next';

const locale = () => (i18next.language === 'de' ? 'de-DE' : 'en-US');

export function formatCost(usd: number | null | undefined) {
  if (usd === null || usd === undefined) return '–';
  const digits = usd === 0 ? 2 : usd < 0.01 ? 4 : usd < 1 ? 3 : 2;
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(usd);
}

export const formatNumber = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : new Intl.NumberFormat(locale()).format(value);

export const formatCompact = (value: number) =>
  new Intl.NumberFormat(locale(), { notation: 'compact', maximumFractionDigits: 1 }).format(value);

export function formatDuration(ms: number | null | undefined) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';

export const formatDate = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso)) : '–';
