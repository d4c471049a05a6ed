import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand brand--large" aria-hidden="true">
          <span className="brand__mark">X</span> {t('appName')}
        </p>
        <h1 className="auth-card__title">{title}</h1>
        {subtitle && <p className="auth-card__subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}
