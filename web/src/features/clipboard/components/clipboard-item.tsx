// One snippet on the Clipboard page: title, language, time, a highlighted preview, and its actions.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '@/components/button';
import { CopyButton } from '@/components/copy-button';
import { Dialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { HighlightedCode } from '@/components/highlighted-code';
import { SCRATCH_PATH, scratchReviewState } from '@/features/code';
import { formatDateTime } from '@/lib/format';
import type { ClipboardItem as Item } from '../api/types';
import { useUpdateItem } from '../api/update-item';
import { SnippetForm, type SnippetValues } from './snippet-form';

const PREVIEW_LINES = 12;

function preview(content: string) {
  const lines = content.split('\n');
  return { text: lines.slice(0, PREVIEW_LINES).join('\n'), cut: lines.length > PREVIEW_LINES };
}

function RenameForm({ item, onDone }: { item: Item; onDone: () => void }) {
  const { t } = useTranslation('clipboard');
  const update = useUpdateItem();
  const [title, setTitle] = useState(item.title);
  const inputId = `clip-title-${item.id}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = title.trim();
    if (!next || next === item.title) return onDone();
    update.mutate({ id: item.id, title: next }, { onSuccess: onDone });
  };

  return (
    <>
      <form className="inline-form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={inputId}>
          {t('item.newTitle')}
        </label>
        <input
          id={inputId}
          className="input input--sm"
          value={title}
          maxLength={200}
          autoFocus
          onChange={(event) => setTitle(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
          }}
        />
        <Button type="submit" size="sm" variant="primary" busy={update.isPending}>
          {t('item.save')}
        </Button>
        <Button size="sm" onClick={onDone}>
          {t('actions.cancel', { ns: 'common' })}
        </Button>
      </form>
      <ErrorMessage error={update.error} />
    </>
  );
}

function EditDialog({ item, open, onClose }: { item: Item; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('clipboard');
  const update = useUpdateItem();
  const save = (values: SnippetValues) =>
    update.mutate(
      { id: item.id, title: values.title, content: values.content, language: values.language || null },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} title={t('form.editTitle')} className="clipboard-dialog">
      {open && (
        <SnippetForm
          initial={{ title: item.title, language: item.language ?? '', content: item.content }}
          titleRequired
          submitLabel={t('form.save')}
          busy={update.isPending}
          error={update.error}
          onSubmit={save}
          onCancel={onClose}
        />
      )}
    </Dialog>
  );
}

export function ClipboardItem({ item, onDelete }: { item: Item; onDelete: (item: Item) => void }) {
  const { t } = useTranslation('clipboard');
  const update = useUpdateItem();
  const [renaming, setRenaming] = useState(false);
  const [editing, setEditing] = useState(false);
  const shown = preview(item.content);
  const named = { title: item.title };
  const headingId = `clip-${item.id}`;

  return (
    <li className="card clip" data-pinned={item.pinned || undefined}>
      <div className="clip__header">
        {renaming ? (
          <RenameForm item={item} onDone={() => setRenaming(false)} />
        ) : (
          <h2 className="clip__title" id={headingId}>
            {item.title}
          </h2>
        )}
        <div className="clip__meta">
          {item.pinned && <span className="badge badge--success">{t('item.pinned')}</span>}
          <span className="badge clip__lang">{item.language ?? t('item.plain')}</span>
          <time className="text-muted" dateTime={item.updatedAt}>
            {t('item.changed', { time: formatDateTime(item.updatedAt) })}
          </time>
        </div>
      </div>
      <HighlightedCode code={shown.text} language={item.language} className="clip__preview" />
      {shown.cut && <p className="text-muted clip__cut">{t('item.previewCut', { lines: PREVIEW_LINES })}</p>}
      <div className="clip__actions">
        <CopyButton text={item.content} aria-label={t('item.copyNamed', named)} />
        <Button
          size="sm"
          variant="ghost"
          busy={update.isPending}
          aria-label={t(item.pinned ? 'item.unpinNamed' : 'item.pinNamed', named)}
          onClick={() => update.mutate({ id: item.id, pinned: !item.pinned })}
        >
          {item.pinned ? t('item.unpin') : t('item.pin')}
        </Button>
        <Button size="sm" variant="ghost" aria-label={t('item.renameNamed', named)} onClick={() => setRenaming(true)}>
          {t('item.rename')}
        </Button>
        <Button size="sm" variant="ghost" aria-label={t('item.editNamed', named)} onClick={() => setEditing(true)}>
          {t('item.edit')}
        </Button>
        <Link
          to={SCRATCH_PATH}
          state={scratchReviewState(item.content, item.language)}
          className="btn btn--sm btn--ghost"
          aria-label={t('item.reviewNamed', named)}
        >
          {t('item.review')}
        </Link>
        {item.source && (
          <Link
            to={`/chat/${encodeURIComponent(item.source.sessionId)}`}
            className="btn btn--sm btn--ghost"
            aria-label={t('item.openChatNamed', named)}
          >
            {t('item.openChat')}
          </Link>
        )}
        <Button size="sm" variant="ghost" aria-label={t('item.deleteNamed', named)} onClick={() => onDelete(item)}>
          {t('item.delete')}
        </Button>
      </div>
      <ErrorMessage error={update.error} />
      <EditDialog item={item} open={editing} onClose={() => setEditing(false)} />
    </li>
  );
}
