import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { ApiError } from '@/lib/api-client';
import { useRegister } from '../api/register';
import { AuthCard } from './auth-card';

// The server says a setup token (or an invitation) is needed with these refusals.
const NEEDS_SETUP_TOKEN = new Set(['registration_closed', 'invitation_required', 'invalid_setup_token']);

export function RegisterPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const inviteToken = params.get('invite') ?? undefined;
  const registration = useRegister();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [setupToken, setSetupToken] = useState('');
  const [wantsSetupToken, setWantsSetupToken] = useState(false);

  const refusedForToken =
    registration.error instanceof ApiError && NEEDS_SETUP_TOKEN.has(registration.error.code) && !inviteToken;
  const showSetupToken = wantsSetupToken || refusedForToken;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    registration.mutate(
      {
        email,
        password,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(inviteToken ? { inviteToken } : {}),
        ...(showSetupToken && setupToken.trim() ? { setupToken: setupToken.trim() } : {}),
      },
      { onSuccess: () => navigate('/', { replace: true }) },
    );
  };

  return (
    <AuthCard title={t('register.title')} subtitle={t('register.subtitle')}>
      {inviteToken && <p className="alert alert--info">{t('register.invited')}</p>}
      <form className="form" onSubmit={submit}>
        <TextField
          label={t('register.name')}
          name="name"
          autoComplete="name"
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <TextField
          label={t('register.email')}
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label={t('register.password')}
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          hint={t('register.passwordHint')}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {showSetupToken ? (
          <TextField
            label={t('register.setupToken')}
            name="setup-token"
            autoComplete="off"
            spellCheck={false}
            required={refusedForToken}
            hint={refusedForToken ? t('register.setupTokenNeeded') : t('register.setupTokenHint')}
            value={setupToken}
            onChange={(event) => setSetupToken(event.target.value)}
          />
        ) : (
          !inviteToken && (
            <Button variant="ghost" size="sm" className="align-start" onClick={() => setWantsSetupToken(true)}>
              {t('register.haveSetupToken')}
            </Button>
          )
        )}
        <ErrorMessage error={registration.error} />
        <Button type="submit" variant="primary" busy={registration.isPending}>
          {t('register.submit')}
        </Button>
      </form>
      <p className="auth-card__switch">
        {t('register.haveAccount')} <Link to="/login">{t('register.signIn')}</Link>
      </p>
    </AuthCard>
  );
}
