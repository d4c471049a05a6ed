// The list of chats: search (titles and message text), rename, delete, load more.
import { Fragment, useDeferredValue, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { cx } from '@/lib/cx';
import { useDeleteSession } from '../api/delete-session';
import { useUpdateSession } from '../api/update-session';
import { useSessions } from '../api/list-sessions';
import type { ChatSession, ChatSessionListItem, SessionMatch } from '../api/types';
import { fromFirstMatch, markMatches } from '../lib/mark-matches';
import { sessionPath } from '../lib/session-path';

/** Under a search result's title: who wrote the message found, and the text around what was searched for. */
function MatchExcerpt({ match, query }: { match: SessionMatch; query: string }) {
  const { t } = useTranslation('chat');
  return (
    <span className="session-item__excerpt">
      {match.role === 'user' ? t('sidebar.matchYou') : t('sidebar.matchAssistant')}{' '}
      {fromFirstMatch(markMatches(match.excerpt, query)).map((piece, index) =>
        piece.match ? <mark key={index}>{piece.text}</mark> : <Fragment key={index}>{piece.text}</Fragment>,
      )}
    </span>
  );
}

function SessionItem({
  session,
  query,
  active,
  onDelete,
}: {
  session: ChatSessionListItem;
  /** What the list was searched for ('' when it was not). */
  query: string;
  active: boolean;
  onDelete: (session: ChatSession) => void;
}) {
  const { t } = useTranslation('chat');
  const rename = useUpdateSession();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(session.title);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = title.trim();
    if (!next || next === session.title) return setEditing(false);
    rename.mutate({ id: session.id, title: next }, { onSuccess: () => setEditing(false) });
  };

  if (editing) {
    return (
      <li className="session-item session-item--editing">
        <form onSubmit={submit} className="inline-form">
          <label className="visually-hidden" htmlFor={`rename-${session.id}`}>
            {t('sidebar.renameLabel')}
          </label>
          <input
            id={`rename-${session.id}`}
            className="input input--sm"
            value={title}
            maxLength={200}
            autoFocus
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
          />
          <Button type="submit" size="sm" variant="primary" busy={rename.isPending}>
            {t('sidebar.rename')}
          </Button>
        </form>
        <ErrorMessage error={rename.error} />
      </li>
    );
  }

  return (
    <li className={cx('session-item', active && 'session-item--active')}>
      <NavLink
        to={sessionPath(session.id, session.match?.messageId)}
        className="session-item__link"
        aria-current={active ? 'page' : undefined}
      >
        <span className="session-item__text">
          <span className="session-item__title">{session.title}</span>
          {/* A space for the link's name (title, then excerpt); the grid leaves it out of the layout. */}
          {session.match && ' '}
          {session.match && <MatchExcerpt match={session.match} query={query} />}
        </span>
        {session.forkedFrom && <span className="badge badge--small">{t('sidebar.forkedFrom')}</span>}
      </NavLink>
      <details className="menu menu--end">
        <summary
          className="btn btn--sm btn--ghost session-item__more"
          aria-label={t('sidebar.actions', { title: session.title })}
        >
          ⋯
        </summary>
        <div className="menu__items">
          <button
            type="button"
            className="menu__item"
            onClick={(event) => {
              event.currentTarget.closest('details')?.removeAttribute('open');
              setTitle(session.title);
              setEditing(true);
            }}
          >
            {t('sidebar.rename')}
          </button>
          <button
            type="button"
            className="menu__item menu__item--danger"
            onClick={(event) => {
              event.currentTarget.closest('details')?.removeAttribute('open');
              onDelete(session);
            }}
          >
            {t('sidebar.delete')}
          </button>
        </div>
      </details>
    </li>
  );
}

export function SessionSidebar({ activeId, open }: { activeId?: string; open: boolean }) {
  const { t } = useTranslation('chat');
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const sessions = useSessions(deferredQuery);
  const remove = useDeleteSession();
  const [deleting, setDeleting] = useState<ChatSession | null>(null);
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <aside className={cx('sidebar', open && 'sidebar--open')} aria-label={t('sidebar.title')}>
      <div className="sidebar__top">
        <Button variant="primary" className="sidebar__new" onClick={() => navigate('/')}>
          {t('sidebar.newChat')}
        </Button>
        <label className="visually-hidden" htmlFor="session-search">
          {t('sidebar.search')}
        </label>
        <input
          id="session-search"
          type="search"
          className="input input--sm"
          placeholder={t('sidebar.searchPlaceholder')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <nav className="sidebar__list" aria-label={t('sidebar.title')}>
        {sessions.isPending ? (
          <Spinner />
        ) : sessions.isError ? (
          <ErrorMessage error={sessions.error} />
        ) : items.length === 0 ? (
          <p className="text-muted sidebar__empty">
            {deferredQuery.trim() ? t('sidebar.noResults', { q: deferredQuery.trim() }) : t('sidebar.empty')}
          </p>
        ) : (
          <ul>
            {items.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                query={deferredQuery.trim()}
                active={session.id === activeId}
                onDelete={setDeleting}
              />
            ))}
          </ul>
        )}
        {sessions.hasNextPage && (
          <Button
            size="sm"
            variant="ghost"
            busy={sessions.isFetchingNextPage}
            onClick={() => void sessions.fetchNextPage()}
          >
            {t('actions.loadMore', { ns: 'common' })}
          </Button>
        )}
      </nav>
      <ConfirmDialog
        open={deleting !== null}
        title={t('sidebar.deleteTitle')}
        message={t('sidebar.deleteBody', { title: deleting?.title ?? '' })}
        confirmLabel={t('sidebar.delete')}
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          const id = deleting.id;
          remove.mutate(id, {
            onSettled: () => setDeleting(null),
            onSuccess: () => {
              if (id === activeId) navigate('/');
            },
          });
        }}
      />
    </aside>
  );
}
