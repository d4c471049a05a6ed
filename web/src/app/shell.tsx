// The signed-in frame: skip link, header with navigation and account, then the page.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { Button } from '@/components/button';
import { useLogout } from '@/features/auth';
import type { User } from '@/lib/api-client';

export function Shell({ user, actions, children }: { user: User; actions?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="shell__header">
        <NavLink to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            X
          </span>
          {/* The shown name disappears on narrow screens; the hidden copy names the link at every width. */}
          <span className="brand__name" aria-hidden="true">
            {t('appName')}
          </span>
          <span className="visually-hidden">{t('appName')}</span>
        </NavLink>
        <nav aria-label={t('nav.main')} className="shell__nav">
          <NavLink to="/" end className="shell__link">
            {t('nav.chat')}
          </NavLink>
          <NavLink to="/code" className="shell__link">
            {t('nav', { ns: 'code' })}
          </NavLink>
          <NavLink to="/clipboard" className="shell__link">
            {t('nav', { ns: 'clipboard' })}
          </NavLink>
          <NavLink to="/settings" className="shell__link">
            {t('nav.settings')}
          </NavLink>
          {user.role === 'admin' && (
            <NavLink to="/admin" className="shell__link">
              {t('nav.admin')}
            </NavLink>
          )}
        </nav>
        <div className="shell__actions">
          {actions}
          <span className="shell__user" title={t('nav.signedInAs', { email: user.email })}>
            {user.name ?? user.email}
          </span>
          <Button
            size="sm"
            variant="ghost"
            busy={logout.isPending}
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
          >
            {t('nav.signOut')}
          </Button>
        </div>
      </header>
      <div className="shell__body">{children}</div>
    </div>
  );
}
