// Settings → API keys: every provider with its masked key, change, remove and test.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { formatDate } from '@/lib/format';
import { useDeleteApiKey } from '../api/delete-api-key';
import { useApiKeys } from '../api/list-api-keys';
import { useModels } from '../api/get-models';
import { PROVIDERS, type ApiKeyStatus, type ProviderName } from '../api/types';
import { ConnectionTest } from './connection-test';
import { ProviderKeyForm } from './provider-key-form';

export function ApiKeysPanel() {
  const { t } = useTranslation('providers');
  const keys = useApiKeys();
  const models = useModels();
  const remove = useDeleteApiKey();
  const [editing, setEditing] = useState<ProviderName | null>(null);
  const [removing, setRemoving] = useState<ProviderName | null>(null);

  if (keys.isPending) return <Spinner />;
  if (keys.isError) return <ErrorMessage error={keys.error} />;

  const statusOf = (provider: ProviderName): ApiKeyStatus =>
    keys.data.items.find((item) => item.provider === provider) ?? {
      provider,
      configured: false,
      last4: null,
      baseUrl: null,
      updatedAt: null,
    };

  return (
    <section aria-labelledby="api-keys-title" className="settings-section">
      <h2 id="api-keys-title">{t('keys.title')}</h2>
      <p className="text-muted">{t('keys.intro')}</p>
      <ul className="key-list">
        {PROVIDERS.map((provider) => {
          const status = statusOf(provider);
          const serverKey = models.data?.providers.find((p) => p.provider === provider)?.source === 'server';
          const name = t(`names.${provider}`);
          return (
            <li key={provider} className="key-list__item card">
              <div className="key-list__head">
                <div>
                  <h3 className="key-list__name">{name}</h3>
                  <p className="key-list__status">
                    {status.configured ? (
                      <>
                        <span className="badge badge--success">
                          {status.last4 ? t('keys.masked', { last4: status.last4 }) : t('keys.noKey')}
                        </span>
                        {status.baseUrl && <code className="key-list__url">{status.baseUrl}</code>}
                        {status.updatedAt && (
                          <span className="text-muted">
                            {t('keys.updated', { date: formatDate(status.updatedAt) })}
                          </span>
                        )}
                      </>
                    ) : (
                      <span className="badge">{serverKey ? t('keys.serverKey') : t('keys.notSet')}</span>
                    )}
                  </p>
                </div>
                <div className="key-list__actions">
                  <Button
                    size="sm"
                    aria-expanded={editing === provider}
                    onClick={() => setEditing(editing === provider ? null : provider)}
                  >
                    {status.configured ? t('keys.change') : t('keys.add')}
                    <span className="visually-hidden"> {name}</span>
                  </Button>
                  {status.configured && (
                    <Button size="sm" variant="danger" onClick={() => setRemoving(provider)}>
                      {t('keys.remove')}
                      <span className="visually-hidden"> {name}</span>
                    </Button>
                  )}
                </div>
              </div>
              {editing === provider && (
                <ProviderKeyForm provider={provider} current={status} onSaved={() => setEditing(null)} />
              )}
              {(status.configured || serverKey) && <ConnectionTest provider={provider} />}
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={remove.error} />
      <ConfirmDialog
        open={removing !== null}
        title={t('keys.removeTitle', { provider: removing ? t(`names.${removing}`) : '' })}
        message={t('keys.removeBody', { provider: removing ? t(`names.${removing}`) : '' })}
        confirmLabel={t('keys.remove')}
        danger
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate(removing, { onSettled: () => setRemoving(null) });
        }}
      />
    </section>
  );
}
