import { useTranslation } from 'react-i18next';

/** A busy indicator with a text for screen readers (the visible label is optional). */
export function Spinner({ label, showLabel = false }: { label?: string; showLabel?: boolean }) {
  const { t } = useTranslation();
  const text = label ?? t('status.loading');
  return (
    <span className="spinner" role="status">
      <span className="spinner__dot" aria-hidden="true" />
      <span className={showLabel ? undefined : 'visually-hidden'}>{text}</span>
    </span>
  );
}

export function PageLoading() {
  return (
    <div className="page-loading">
      <Spinner showLabel />
    </div>
  );
}
