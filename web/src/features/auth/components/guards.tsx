// Route guards: pages behind them see a signed-in user (or an admin).
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorMessage } from '@/components/error-message';
import { PageLoading } from '@/components/spinner';
import type { User } from '@/lib/api-client';
import { useMe } from '../api/get-me';

export function RequireAuth({ children }: { children: (user: User) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading />;
  if (me.isError) return <ErrorMessage error={me.error} className="page-error" />;
  if (!me.data) {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  return <>{children(me.data)}</>;
}

/** The sign-in pages: a signed-in user goes straight to the app. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <PageLoading />;
  if (me.data) return <Navigate to="/" replace />;
  return <>{children}</>;
}

export function RequireAdmin({ user, children }: { user: User; children: ReactNode }) {
  if (user.role !== 'admin') return <Navigate to="/" replace />;
  return <>{children}</>;
}
