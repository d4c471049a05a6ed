// Server-wide provider keys: they serve every user without a key of their own. A key set here
// overrides the server's environment; removing it falls back to the environment again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { Spinner } from '@/components/spinner';
import { PROVIDERS, type ProviderName } from '@/features/providers';
import { formatDate } from '@/lib/format';
import { useDeleteProviderKey } from '../api/delete-provider-key';
import { useProviderKeys } from '../api/list-provider-keys';
import { useSaveProviderKey } from '../api/save-provider-key';
import { useTestProviderKey } from '../api/test-provider-key';
import type { ServerKeyStatus } from '../api/types';

function ServerKeyForm({ status, onSaved }: { status: ServerKeyStatus; onSaved: () => void }) {
  const { t } = useTranslation(['admin', 'providers']);
  const save = useSaveProviderKey();
  const { provider } = status;
  const isLocal = provider === 'openai-compatible';
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(status.source === 'admin' ? (status.baseUrl ?? '') : '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        provider,
        ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      },
      { onSuccess: onSaved },
    );
  };

  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label={t('providerKeys.formLabel', { provider: t(`providers:names.${provider}`) })}
    >
      <TextField
        label={isLocal ? t('providerKeys.apiKeyOptional') : t('providerKeys.apiKey')}
        type="password"
        name={`server-${provider}-api-key`}
        autoComplete="off"
        spellCheck={false}
        required={!isLocal}
        minLength={8}
        maxLength={512}
        pattern="\S+"
        hint={t('providerKeys.apiKeyHint')}
        value={apiKey}
        onChange={(event) => setApiKey(event.target.value)}
      />
      <TextField
        label={isLocal ? t('providerKeys.baseUrl') : t('providerKeys.baseUrlOptional')}
        type="url"
        name={`server-${provider}-base-url`}
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required={isLocal}
        maxLength={2048}
        placeholder={isLocal ? 'http://localhost:11434/v1' : undefined}
        hint={t('providerKeys.baseUrlHint')}
        value={baseUrl}
        onChange={(event) => setBaseUrl(event.target.value)}
      />
      <ErrorMessage error={save.error} showDetail />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {t('providerKeys.save')}
        </Button>
      </div>
    </form>
  );
}

function ServerKeyTest({ provider }: { provider: ProviderName }) {
  const { t } = useTranslation('admin');
  const test = useTestProviderKey();
  const result = test.data;
  return (
    <div className="connection-test">
      <Button onClick={() => test.mutate(provider)} busy={test.isPending}>
        {t('providerKeys.test')}
      </Button>
      <div aria-live="polite">
        {result && !test.isPending && !test.error && (
          <div role="status" className="alert alert--success">
            <p>{t('providerKeys.testOk', { source: t(`providerKeys.sources.${result.source}`) })}</p>
            {result.models.length > 0 && (
              <p className="alert__detail">
                {t('providerKeys.testModels', {
                  count: result.models.length,
                  list: result.models.slice(0, 8).join(', '),
                })}
              </p>
            )}
          </div>
        )}
        {test.error && !test.isPending && <ErrorMessage error={test.error} showDetail />}
      </div>
    </div>
  );
}

export function ProviderKeysPanel() {
  const { t } = useTranslation(['admin', 'providers']);
  const keys = useProviderKeys();
  const remove = useDeleteProviderKey();
  const [editing, setEditing] = useState<ProviderName | null>(null);
  const [saved, setSaved] = useState<ProviderName | null>(null);
  const [removing, setRemoving] = useState<ProviderName | null>(null);
  const nameOf = (provider: ProviderName) => t(`providers:names.${provider}`);

  return (
    <section className="settings-section" aria-labelledby="provider-keys-title">
      <h2 id="provider-keys-title">{t('providerKeys.title')}</h2>
      <p className="text-muted">{t('providerKeys.intro')}</p>
      {keys.isPending ? (
        <Spinner />
      ) : keys.isError ? (
        <ErrorMessage error={keys.error} />
      ) : (
        <ul className="key-list">
          {PROVIDERS.map((provider) => {
            const status = keys.data.items.find((item) => item.provider === provider) ?? {
              provider,
              configured: false,
              source: null,
              last4: null,
              baseUrl: null,
              updatedAt: null,
            };
            const name = nameOf(provider);
            return (
              <li key={provider} className="key-list__item card">
                <div className="key-list__head">
                  <div>
                    <h3 className="key-list__name">{name}</h3>
                    <p className="key-list__status">
                      <span className={status.source ? 'badge badge--success' : 'badge'}>
                        {status.source ? t(`providerKeys.sources.${status.source}`) : t('providerKeys.notSet')}
                      </span>
                      {status.last4 && <span>{t('providerKeys.masked', { last4: status.last4 })}</span>}
                      {status.baseUrl && <code className="key-list__url">{status.baseUrl}</code>}
                      {status.updatedAt && (
                        <span className="text-muted">
                          {t('providerKeys.updated', { date: formatDate(status.updatedAt) })}
                        </span>
                      )}
                    </p>
                  </div>
                  <div className="key-list__actions">
                    <Button
                      size="sm"
                      aria-expanded={editing === provider}
                      onClick={() => {
                        setSaved(null);
                        setEditing(editing === provider ? null : provider);
                      }}
                    >
                      {status.source === 'admin' ? t('providerKeys.replace') : t('providerKeys.set')}
                      <span className="visually-hidden"> {name}</span>
                    </Button>
                    {status.source === 'admin' && (
                      <Button size="sm" variant="danger" onClick={() => setRemoving(provider)}>
                        {t('providerKeys.remove')}
                        <span className="visually-hidden"> {name}</span>
                      </Button>
                    )}
                  </div>
                </div>
                {editing === provider && (
                  <ServerKeyForm
                    status={status}
                    onSaved={() => {
                      setEditing(null);
                      setSaved(provider);
                    }}
                  />
                )}
                {saved === provider && (
                  <p role="status" className="text-success">
                    {t('providerKeys.saved')}
                  </p>
                )}
                {status.configured && <ServerKeyTest provider={provider} />}
              </li>
            );
          })}
        </ul>
      )}
      <ErrorMessage error={remove.error} />
      <ConfirmDialog
        open={removing !== null}
        title={t('providerKeys.removeTitle', { provider: removing ? nameOf(removing) : '' })}
        message={t('providerKeys.removeBody')}
        confirmLabel={t('providerKeys.remove')}
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
