// Stores a key (and optionally a base URL) for one provider. A local server needs its URL;
// the key is optional there.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { useSaveApiKey } from '../api/save-api-key';
import type { ApiKeyStatus, ProviderName } from '../api/types';

export interface ProviderKeyFormProps {
  provider: ProviderName;
  current?: ApiKeyStatus;
  onSaved?: (status: ApiKeyStatus) => void;
}

export function ProviderKeyForm({ provider, current, onSaved }: ProviderKeyFormProps) {
  const { t } = useTranslation('providers');
  const save = useSaveApiKey();
  const isLocal = provider === 'openai-compatible';
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(current?.baseUrl ?? '');
  const hasStoredKey = Boolean(current?.configured && current.last4);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        provider,
        ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      },
      {
        onSuccess: (status) => {
          setApiKey('');
          onSaved?.(status);
        },
      },
    );
  };

  const keyField = (
    <TextField
      label={isLocal ? t('form.apiKeyOptional') : t('form.apiKey')}
      type="password"
      name={`${provider}-api-key`}
      autoComplete="off"
      spellCheck={false}
      required={!isLocal && !hasStoredKey}
      minLength={8}
      maxLength={512}
      pattern="\S+"
      hint={hasStoredKey ? t('form.apiKeyReplaceHint', { last4: current?.last4 }) : t('form.apiKeyHint')}
      value={apiKey}
      onChange={(event) => setApiKey(event.target.value)}
    />
  );

  const urlField = (
    <TextField
      label={isLocal ? t('form.baseUrl') : t('form.customBaseUrl')}
      type="url"
      name={`${provider}-base-url`}
      inputMode="url"
      autoComplete="off"
      spellCheck={false}
      required={isLocal}
      placeholder={isLocal ? 'http://localhost:11434/v1' : undefined}
      hint={isLocal ? t('form.baseUrlHint') : t('form.customBaseUrlHint')}
      value={baseUrl}
      onChange={(event) => setBaseUrl(event.target.value)}
    />
  );

  return (
    <form className="form" onSubmit={submit} aria-label={t(`names.${provider}`)}>
      {isLocal ? (
        <>
          {urlField}
          {keyField}
        </>
      ) : (
        <>
          {keyField}
          <details className="disclosure" open={Boolean(current?.baseUrl)}>
            <summary>{t('form.advanced')}</summary>
            {urlField}
          </details>
        </>
      )}
      <ErrorMessage error={save.error} showDetail />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {t('form.save')}
        </Button>
        {save.isSuccess && (
          <span role="status" className="text-success">
            {t('form.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
