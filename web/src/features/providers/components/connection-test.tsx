import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { useTestProvider } from '../api/test-provider';
import type { ProviderName } from '../api/types';

/** "Test connection" with the stored key, and a clear result. */
export function ConnectionTest({ provider }: { provider: ProviderName }) {
  const { t } = useTranslation('providers');
  const test = useTestProvider();
  const result = test.data;

  return (
    <div className="connection-test">
      <Button onClick={() => test.mutate(provider)} busy={test.isPending}>
        {t('test.button')}
      </Button>
      <div aria-live="polite">
        {result && !test.isPending && (
          <div role="status" className={result.ok ? 'alert alert--success' : 'alert alert--error'}>
            <p>{result.ok ? t('test.ok', { source: t(`test.source_${result.source}`) }) : t('test.failed')}</p>
            {result.models.length > 0 && (
              <p className="alert__detail">
                {t('test.models', { count: result.models.length, list: result.models.slice(0, 8).join(', ') })}
              </p>
            )}
          </div>
        )}
        {test.error && !test.isPending && <ErrorMessage error={test.error} showDetail />}
      </div>
    </div>
  );
}
