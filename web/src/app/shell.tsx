// The signed-in frame: skip link, header with navigation and account, then the page; and what
// works on every screen: the keyboard shortcuts, the command palette and the jobs panel.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { Button } from '@/components/button';
import { useLogout } from '@/features/auth';
import { focusComposer } from '@/features/chat';
import { JobsButton } from '@/features/jobs';
import type { User } from '@/lib/api-client';
import { LANGUAGES, setLanguage, type Language } from '@/lib/i18n';
import { setTheme, THEMES, useTheme } from '@/lib/theme';
import { CommandPalette, type PaletteCommand } from './command-palette';
import { useShortcuts } from './shortcuts';
import { ShortcutsDialog } from './shortcuts-dialog';

type Overlay = 'palette' | 'jobs' | 'shortcuts' | null;

export function Shell({ user, actions, children }: { user: User; actions?: ReactNode; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const theme = useTheme();
  const [overlay, setOverlay] = useState<Overlay>(null);
  const close = () => setOverlay(null);

  const signOut = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  const newChat = () => {
    // Already on a new chat: the page stays as it is, so focus its input by hand.
    if (location.pathname === '/') focusComposer();
    else navigate('/');
  };
  // On a chat the input is there; elsewhere, the chat screen opens with its input focused.
  const focusInput = () => {
    if (!focusComposer()) navigate('/');
  };

  // A dialog of a page (a confirmation…) keeps the keyboard: only the palette opens over it.
  const pageDialogOpen = () => overlay === null && document.querySelector('dialog[open]') !== null;
  useShortcuts({
    palette: () => setOverlay((current) => (current === 'palette' ? null : 'palette')),
    newChat: () => {
      if (pageDialogOpen()) return;
      close();
      newChat();
    },
    focusInput: () => {
      if (overlay === null && !pageDialogOpen()) focusInput();
    },
    help: () => {
      if (overlay === null && !pageDialogOpen()) setOverlay('shortcuts');
    },
  });

  const go = (id: string, label: string, to: string): PaletteCommand => ({
    id: `go:${id}`,
    label,
    group: t('palette.groups.go'),
    run: () => navigate(to),
  });
  const commands: PaletteCommand[] = [
    {
      id: 'new-chat',
      label: t('palette.commands.newChat'),
      group: t('palette.groups.action'),
      shortcut: 'Alt+N',
      run: newChat,
    },
    go('chat', t('nav.chat'), '/'),
    go('code', t('nav', { ns: 'code' }), '/code'),
    go('clipboard', t('nav', { ns: 'clipboard' }), '/clipboard'),
    go('settings', t('nav.settings'), '/settings'),
    ...(user.role === 'admin' ? [go('admin', t('nav.admin'), '/admin')] : []),
    { id: 'jobs', label: t('palette.commands.jobs'), group: t('palette.groups.action'), run: () => setOverlay('jobs') },
    ...THEMES.filter((item) => item !== theme).map((item) => ({
      id: `theme:${item}`,
      label: t('palette.commands.theme', { theme: t(`theme.${item}`) }),
      group: t('palette.groups.theme'),
      run: () => setTheme(item),
    })),
    ...LANGUAGES.filter((item: Language) => item !== i18n.language).map((item) => ({
      id: `language:${item}`,
      label: t('palette.commands.language', { language: t(`language.${item}`) }),
      group: t('palette.groups.language'),
      run: () => void setLanguage(item),
    })),
    {
      id: 'shortcuts',
      label: t('palette.commands.shortcuts'),
      group: t('palette.groups.action'),
      shortcut: '?',
      run: () => setOverlay('shortcuts'),
    },
    { id: 'sign-out', label: t('palette.commands.signOut'), group: t('palette.groups.action'), run: signOut },
  ];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="shell__header">
        <NavLink to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            X
          </span>
          {/* The shown name disappears on narrow screens; the hidden copy names the link at every width. */}
          <span className="brand__name" aria-hidden="true">
            {t('appName')}
          </span>
          <span className="visually-hidden">{t('appName')}</span>
        </NavLink>
        <nav aria-label={t('nav.main')} className="shell__nav">
          <NavLink to="/" end className="shell__link">
            {t('nav.chat')}
          </NavLink>
          <NavLink to="/code" className="shell__link">
            {t('nav', { ns: 'code' })}
          </NavLink>
          <NavLink to="/clipboard" className="shell__link">
            {t('nav', { ns: 'clipboard' })}
          </NavLink>
          <NavLink to="/settings" className="shell__link">
            {t('nav.settings')}
          </NavLink>
          {user.role === 'admin' && (
            <NavLink to="/admin" className="shell__link">
              {t('nav.admin')}
            </NavLink>
          )}
        </nav>
        <div className="shell__actions">
          <Button
            size="sm"
            variant="ghost"
            aria-haspopup="dialog"
            aria-keyshortcuts="Control+K Meta+K"
            onClick={() => setOverlay('palette')}
          >
            {t('palette.button')} <kbd className="shell__kbd">Ctrl K</kbd>
          </Button>
          <JobsButton open={overlay === 'jobs'} onOpenChange={(open) => setOverlay(open ? 'jobs' : null)} />
          {actions}
          <span className="shell__user" title={t('nav.signedInAs', { email: user.email })}>
            {user.name ?? user.email}
          </span>
          <Button size="sm" variant="ghost" busy={logout.isPending} onClick={signOut}>
            {t('nav.signOut')}
          </Button>
        </div>
      </header>
      <div className="shell__body">{children}</div>
      <CommandPalette open={overlay === 'palette'} onClose={close} commands={commands} />
      <ShortcutsDialog open={overlay === 'shortcuts'} onClose={close} />
    </div>
  );
}
