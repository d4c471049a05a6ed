// Never a blank screen: a render error shows a message and a reload button instead.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

function Fallback() {
  const { t } = useTranslation();
  return (
    <div role="alert" className="error-screen">
      <h1>{t('errorBoundary.title')}</h1>
      <p>{t('errorBoundary.body')}</p>
      <Button variant="primary" onClick={() => window.location.reload()}>
        {t('errorBoundary.reload')}
      </Button>
    </div>
  );
}

export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('render failed', error, info.componentStack);
  }

  override render() {
    return this.state.failed ? <Fallback /> : this.props.children;
  }
}
