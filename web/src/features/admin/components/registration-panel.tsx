import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { useServerSettings } from '../api/get-server-settings';
import { usePutServerSettings } from '../api/put-server-settings';
import type { RegistrationMode } from '../api/types';

const MODES: RegistrationMode[] = ['open', 'invite', 'closed'];

function RegistrationForm({ current }: { current: RegistrationMode }) {
  const { t } = useTranslation('admin');
  const save = usePutServerSettings();
  const [mode, setMode] = useState(current);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(mode);
  };

  return (
    <form className="form card" onSubmit={submit}>
      <fieldset>
        <legend>{t('registration.title')}</legend>
        <div className="radio-stack">
          {MODES.map((option) => (
            <label key={option}>
              <input type="radio" name="registration" checked={mode === option} onChange={() => setMode(option)} />
              {t(`registration.modes.${option}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorMessage error={save.error} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {t('registration.save')}
        </Button>
        {save.isSuccess && (
          <span role="status" className="text-success">
            {t('registration.saved')}
          </span>
        )}
      </div>
    </form>
  );
}

export function RegistrationPanel() {
  const { t } = useTranslation('admin');
  const settings = useServerSettings();
  return (
    <section className="settings-section" aria-labelledby="registration-title">
      <h2 id="registration-title">{t('registration.title')}</h2>
      <p className="text-muted">{t('registration.intro')}</p>
      {settings.isPending ? (
        <Spinner />
      ) : settings.isError ? (
        <ErrorMessage error={settings.error} />
      ) : (
        <RegistrationForm current={settings.data.registration} />
      )}
    </section>
  );
}
