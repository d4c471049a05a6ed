import type { ComponentProps } from 'react';
import { cx } from '@/lib/cx';

// ComponentProps, not the HTML attributes alone: it includes `ref` (a plain prop since React 19).
export interface ButtonProps extends ComponentProps<'button'> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'sm' | 'md';
  /** Shows a busy state and blocks clicks while an action runs. */
  busy?: boolean;
}

export function Button({ variant = 'secondary', size = 'md', busy, className, disabled, type, ...props }: ButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      className={cx('btn', `btn--${variant}`, size === 'sm' && 'btn--sm', className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...props}
    />
  );
}
