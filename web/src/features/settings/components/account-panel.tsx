// Settings → Account: change the password. Other sessions end; this tab stays signed in with the
// session the server returns. Errors are shown at the field they concern.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { PASSWORD_MAX, PASSWORD_MIN, useChangePassword, useMe } from '@/features/auth';
import { ApiError } from '@/lib/api-client';

type Field = 'currentPassword' | 'newPassword' | 'confirmPassword';
type FieldErrors = Partial<Record<Field, string>>;

/** The same rule as the server: not the email address, its local part or the name. */
function isIdentity(password: string, email: string, name: string | null) {
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  return [address, address.split('@')[0], name?.trim().toLowerCase()].some((value) => value && value === lowered);
}

export function AccountPanel() {
  const { t } = useTranslation('settings');
  const me = useMe();
  const change = useChangePassword();
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    confirmPassword: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  const serverErrors = (error: unknown): FieldErrors | undefined => {
    if (!(error instanceof ApiError)) return undefined;
    if (error.code === 'invalid_credentials') return { currentPassword: t('account.errors.currentWrong') };
    if (error.code === 'weak_password') return { newPassword: t('account.errors.weak') };
    if (error.code === 'validation_failed' && Array.isArray(error.body.errors)) {
      const found: FieldErrors = {};
      for (const issue of error.body.errors as Array<{ path?: string }>) {
        if (issue.path?.endsWith('/currentPassword')) found.currentPassword = t('account.errors.currentRequired');
        if (issue.path?.endsWith('/newPassword')) found.newPassword = t('account.errors.length');
      }
      return Object.keys(found).length > 0 ? found : undefined;
    }
    return undefined;
  };
  const fieldErrors = { ...errors, ...(change.error ? serverErrors(change.error) : {}) };
  const unmappedError = change.error && !serverErrors(change.error) ? change.error : null;

  const set = (field: Field) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    change.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { currentPassword, newPassword, confirmPassword } = values;
    const found: FieldErrors = {};
    if (!currentPassword) found.currentPassword = t('account.errors.currentRequired');
    if (newPassword.length < PASSWORD_MIN || newPassword.length > PASSWORD_MAX) {
      found.newPassword = t('account.errors.length');
    } else if (me.data && isIdentity(newPassword, me.data.email, me.data.name)) {
      found.newPassword = t('account.errors.identity');
    }
    if (confirmPassword !== newPassword) found.confirmPassword = t('account.errors.mismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    change.mutate(
      { currentPassword, newPassword },
      { onSuccess: () => setValues({ currentPassword: '', newPassword: '', confirmPassword: '' }) },
    );
  };

  return (
    <section className="settings-section" aria-labelledby="account-title">
      <h2 id="account-title">{t('account.title')}</h2>
      {me.data && <p className="text-muted">{t('account.signedInAs', { email: me.data.email })}</p>}
      <form className="form card" onSubmit={submit} noValidate aria-labelledby="password-title">
        <h3 id="password-title">{t('account.passwordTitle')}</h3>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={me.data?.email ?? ''} readOnly hidden />
        <TextField
          label={t('account.current')}
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          maxLength={PASSWORD_MAX}
          value={values.currentPassword}
          onChange={set('currentPassword')}
          error={fieldErrors.currentPassword}
        />
        <TextField
          label={t('account.new')}
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          hint={t('account.policy', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          value={values.newPassword}
          onChange={set('newPassword')}
          error={fieldErrors.newPassword}
        />
        <TextField
          label={t('account.confirm')}
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          required
          value={values.confirmPassword}
          onChange={set('confirmPassword')}
          error={fieldErrors.confirmPassword}
        />
        <ErrorMessage error={unmappedError} />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={change.isPending}>
            {t('account.submit')}
          </Button>
        </div>
        <div aria-live="polite">
          {change.isSuccess && (
            <p role="status" className="text-success">
              {t('account.changed')}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
