import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { ErrorMessage } from '@/components/error-message';
import { PageLoading } from '@/components/spinner';
import { useModels } from '../api/get-models';

/** The chat needs a provider: on a first run, go to the setup screen instead. */
export function RequireProvider({ children }: { children: ReactNode }) {
  const models = useModels();
  if (models.isPending) return <PageLoading />;
  if (models.isError) return <ErrorMessage error={models.error} className="page-error" />;
  if (!models.data.configured) return <Navigate to="/setup" replace />;
  return <>{children}</>;
}
