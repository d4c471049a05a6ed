import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, type ButtonProps } from './button';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard and says so (politely announced to screen readers). */
export function CopyButton({ text, label, ...props }: { text: string; label?: string } & ButtonProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <Button size="sm" variant="ghost" onClick={() => void copy()} {...props}>
      <span aria-live="polite">
        {state === 'copied'
          ? t('actions.copied')
          : state === 'failed'
            ? t('actions.copyFailed')
            : (label ?? t('actions.copy'))}
      </span>
    </Button>
  );
}
