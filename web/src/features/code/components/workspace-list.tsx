// The user's workspaces (create, rename, delete) and the way into scratch mode.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { Spinner } from '@/components/spinner';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useCreateWorkspace } from '../api/create-workspace';
import { useDeleteWorkspace } from '../api/delete-workspace';
import { useWorkspaces } from '../api/list-workspaces';
import type { Workspace } from '../api/types';
import { useUpdateWorkspace } from '../api/update-workspace';

function WorkspaceItem({ workspace, onDelete }: { workspace: Workspace; onDelete: (workspace: Workspace) => void }) {
  const { t } = useTranslation('code');
  const rename = useUpdateWorkspace();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(workspace.name);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = name.trim();
    if (!next || next === workspace.name) return setEditing(false);
    rename.mutate({ id: workspace.id, name: next }, { onSuccess: () => setEditing(false) });
  };

  return (
    <li className="card workspace-item">
      {editing ? (
        <form className="inline-form" onSubmit={submit}>
          <label className="visually-hidden" htmlFor={`ws-name-${workspace.id}`}>
            {t('workspaces.newName')}
          </label>
          <input
            id={`ws-name-${workspace.id}`}
            className="input input--sm"
            value={name}
            maxLength={200}
            autoFocus
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
          />
          <Button type="submit" size="sm" variant="primary" busy={rename.isPending}>
            {t('workspaces.save')}
          </Button>
          <Button size="sm" onClick={() => setEditing(false)}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </form>
      ) : (
        <>
          <h3 className="workspace-item__name">
            <Link to={`/code/w/${workspace.id}`}>{workspace.name}</Link>
          </h3>
          {workspace.description && <p className="text-muted">{workspace.description}</p>}
          <p className="text-muted workspace-item__meta">
            {t('workspaces.meta', {
              count: workspace.fileCount,
              files: formatNumber(workspace.fileCount),
              updated: formatDateTime(workspace.updatedAt),
            })}
          </p>
          <div className="workspace-item__actions">
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('workspaces.renameNamed', { name: workspace.name })}
              onClick={() => {
                setName(workspace.name);
                setEditing(true);
              }}
            >
              {t('workspaces.rename')}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('workspaces.deleteNamed', { name: workspace.name })}
              onClick={() => onDelete(workspace)}
            >
              {t('workspaces.delete')}
            </Button>
          </div>
        </>
      )}
      <ErrorMessage error={rename.error} />
    </li>
  );
}

export function WorkspaceList() {
  const { t } = useTranslation('code');
  const workspaces = useWorkspaces();
  const create = useCreateWorkspace();
  const remove = useDeleteWorkspace();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [deleting, setDeleting] = useState<Workspace | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: () => {
          setName('');
          setDescription('');
        },
      },
    );
  };

  return (
    <main id="main" className="page code-home">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="code-home__grid">
        <section className="card" aria-labelledby="scratch-title">
          <h2 id="scratch-title">{t('scratch.title')}</h2>
          <p className="text-muted">{t('scratch.intro')}</p>
          <Link to="/code/scratch" className="btn btn--secondary">
            {t('scratch.open')}
          </Link>
        </section>
        <section className="card" aria-labelledby="new-workspace-title">
          <h2 id="new-workspace-title">{t('workspaces.create')}</h2>
          <form className="form" onSubmit={submit}>
            <TextField
              label={t('workspaces.name')}
              value={name}
              required
              maxLength={200}
              onChange={(event) => setName(event.target.value)}
            />
            <TextField
              label={t('workspaces.description')}
              value={description}
              maxLength={2000}
              onChange={(event) => setDescription(event.target.value)}
            />
            <ErrorMessage error={create.error} />
            <div className="form__actions">
              <Button type="submit" variant="primary" busy={create.isPending}>
                {t('workspaces.createButton')}
              </Button>
            </div>
          </form>
        </section>
      </div>
      <section aria-labelledby="workspaces-title">
        <h2 id="workspaces-title">{t('workspaces.title')}</h2>
        {workspaces.isPending ? (
          <Spinner />
        ) : workspaces.isError ? (
          <ErrorMessage error={workspaces.error} />
        ) : workspaces.data.items.length === 0 ? (
          <p className="text-muted">{t('workspaces.empty')}</p>
        ) : (
          <ul className="workspace-list">
            {workspaces.data.items.map((workspace) => (
              <WorkspaceItem key={workspace.id} workspace={workspace} onDelete={setDeleting} />
            ))}
          </ul>
        )}
      </section>
      <ConfirmDialog
        open={deleting !== null}
        title={t('workspaces.deleteTitle')}
        message={t('workspaces.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('workspaces.delete')}
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
      />
      <ErrorMessage error={remove.error} />
    </main>
  );
}
