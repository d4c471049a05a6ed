import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { useLogin } from '../api/login';
import { AuthCard } from './auth-card';
import { safeNext } from './safe-next';

export function LoginPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }) });
  };

  return (
    <AuthCard title={t('login.title')} subtitle={t('login.subtitle')}>
      <form className="form" onSubmit={submit} noValidate={false}>
        <TextField
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label={t('login.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorMessage error={login.error} />
        <Button type="submit" variant="primary" busy={login.isPending}>
          {t('login.submit')}
        </Button>
      </form>
      <p className="auth-card__switch">
        {t('login.noAccount')} <Link to="/register">{t('login.register')}</Link>
      </p>
    </AuthCard>
  );
}
