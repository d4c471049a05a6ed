// The "Keyboard shortcuts" help, opened with `?` or from the command palette.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '@/components/dialog';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t('shortcuts.title')}>
      <dl className="shortcut-list">
        {SHORTCUTS.map(({ action, keys }) => (
          <Fragment key={action}>
            <dt>
              {keys.map((combo, index) => (
                <Fragment key={combo.join('+')}>
                  {index > 0 && <span className="text-muted">{t('shortcuts.or')}</span>}
                  <kbd>{combo.join(' + ')}</kbd>
                </Fragment>
              ))}
            </dt>
            <dd>{t(`shortcuts.actions.${action}`)}</dd>
          </Fragment>
        ))}
        <dt>
          <kbd>Esc</kbd>
        </dt>
        <dd>{t('shortcuts.actions.close')}</dd>
      </dl>
      <p className="text-muted">{t('shortcuts.typingNote')}</p>
    </Dialog>
  );
}
