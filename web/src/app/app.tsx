import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { BrowserRouter } from 'react-router';
import { ErrorBoundary } from '@/components/error-boundary';
import { syncSessionToQueries } from '@/features/auth';
import { AppRoutes } from './routes';

export function App({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => syncSessionToQueries(queryClient), [queryClient]);
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
