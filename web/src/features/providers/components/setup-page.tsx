// First run: no provider is configured yet. Pick one, store a key or a local server URL, test it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '@/components/button';
import { useApiKeys } from '../api/list-api-keys';
import { useModels } from '../api/get-models';
import { PROVIDERS, type ProviderName } from '../api/types';
import { ConnectionTest } from './connection-test';
import { ProviderKeyForm } from './provider-key-form';

export function SetupPage() {
  const { t } = useTranslation('providers');
  const navigate = useNavigate();
  const models = useModels();
  const keys = useApiKeys();
  const [provider, setProvider] = useState<ProviderName>('openai');
  const [savedFor, setSavedFor] = useState<ProviderName | null>(null);
  const configured = models.data?.configured ?? false;
  const current = keys.data?.items.find((item) => item.provider === provider);

  return (
    <main id="main" className="page page--narrow">
      <h1>{t('setup.title')}</h1>
      <p className="lead">{t('setup.intro')}</p>
      <fieldset className="provider-choice">
        <legend>{t('setup.choose')}</legend>
        {PROVIDERS.map((name) => (
          <label key={name} className="provider-choice__option">
            <input
              type="radio"
              name="provider"
              value={name}
              checked={provider === name}
              onChange={() => setProvider(name)}
            />
            <span>
              <strong>{t(`names.${name}`)}</strong>
              <span className="provider-choice__description">{t(`descriptions.${name}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <section className="card" aria-label={t(`names.${provider}`)}>
        <ProviderKeyForm key={provider} provider={provider} current={current} onSaved={() => setSavedFor(provider)} />
        {(savedFor === provider || current?.configured) && (
          <ConnectionTest key={`test-${provider}`} provider={provider} />
        )}
      </section>
      <div className="form__actions">
        <Button variant="primary" disabled={!configured} onClick={() => navigate('/')}>
          {t('setup.continue')}
        </Button>
        {!configured && <span className="text-muted">{t('setup.notYet')}</span>}
      </div>
    </main>
  );
}
