// Errors as friendly, translated sentences, with the request id to quote when reporting one.
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api-client';
import { cx } from '@/lib/cx';

export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 0) return t('errors.network');
      const codes = t('errors.codes', { returnObjects: true }) as Record<string, string>;
      return codes[error.code] ?? (error.detail || t('errors.generic'));
    }
    return t('errors.generic');
  };
}

export function ErrorMessage({
  error,
  className,
  showDetail = false,
}: {
  error: unknown;
  className?: string;
  /** Also show the server's own words (useful where they name the cause, e.g. a provider's reply). */
  showDetail?: boolean;
}) {
  const { t } = useTranslation();
  const text = useErrorText();
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div role="alert" className={cx('alert alert--error', className)}>
      <p>{text(error)}</p>
      {showDetail && error instanceof ApiError && error.detail && error.detail !== text(error) && (
        <p className="alert__detail">{error.detail}</p>
      )}
      {requestId && <p className="alert__meta">{t('errors.requestId', { id: requestId })}</p>}
    </div>
  );
}
