import type { ButtonHTMLAttributes } from 'react';
import { cx } from '@/lib/cx';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
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
