import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { setupI18n } from './app/i18n';
import { createQueryClient } from './app/query-client';
import { applyTheme } from './lib/theme';
import './styles/global.css';

applyTheme();
setupI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={createQueryClient()} />
  </StrictMode>,
);
