// The Clipboard page: search and filter the user's snippets, page through them, add new ones.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { Spinner } from '@/components/spinner';
import { useCreateItem } from '../api/create-item';
import { useDeleteItem } from '../api/delete-item';
import { useItems } from '../api/list-items';
import { LANGUAGE_PATTERN, type ClipboardItem as Item } from '../api/types';
import '../clipboard.css';
import { useDebouncedValue } from '../lib/use-debounced-value';
import { ClipboardItem } from './clipboard-item';
import { SnippetForm, type SnippetValues } from './snippet-form';

const SEARCH_DELAY_MS = 300;
/** Offered in the language filter; any fence name can be typed. */
const COMMON_LANGUAGES = ['bash', 'c', 'cpp', 'css', 'go', 'java', 'js', 'json', 'py', 'rust', 'sql', 'ts', 'yaml'];

function NewSnippet({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('clipboard');
  const create = useCreateItem();
  const add = (values: SnippetValues) =>
    create.mutate(
      {
        content: values.content,
        ...(values.title ? { title: values.title } : {}),
        ...(values.language ? { language: values.language } : {}),
      },
      { onSuccess: onDone },
    );
  return (
    <section className="card clipboard__new" aria-labelledby="new-snippet-title">
      <h2 id="new-snippet-title">{t('form.newTitle')}</h2>
      <SnippetForm
        submitLabel={t('form.create')}
        busy={create.isPending}
        error={create.error}
        onSubmit={add}
        onCancel={onDone}
      />
    </section>
  );
}

export default function ClipboardPage() {
  const { t } = useTranslation('clipboard');
  const [search, setSearch] = useState('');
  const [language, setLanguage] = useState('');
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Item | null>(null);
  const remove = useDeleteItem();

  const languageInvalid = language.trim() !== '' && !LANGUAGE_PATTERN.test(language.trim());
  const q = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const fence = useDebouncedValue(languageInvalid ? '' : language.trim(), SEARCH_DELAY_MS);
  const filter = { q: q || undefined, language: fence || undefined };
  const items = useItems(filter);
  const list = items.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filter.q || filter.language);

  return (
    <main id="main" className="page clipboard">
      <div className="clipboard__head">
        <div>
          <h1>{t('title')}</h1>
          <p className="lead">{t('intro')}</p>
        </div>
        {!adding && (
          <Button variant="primary" onClick={() => setAdding(true)}>
            {t('form.new')}
          </Button>
        )}
      </div>
      {adding && <NewSnippet onDone={() => setAdding(false)} />}

      <div role="search" className="clipboard__filters" aria-label={t('filters.label')}>
        <TextField
          type="search"
          label={t('filters.search')}
          placeholder={t('filters.searchPlaceholder')}
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
        <TextField
          label={t('filters.language')}
          placeholder={t('filters.languagePlaceholder')}
          list="clipboard-languages"
          value={language}
          maxLength={32}
          autoCapitalize="off"
          spellCheck={false}
          error={languageInvalid ? t('filters.languageInvalid') : undefined}
          onChange={(event) => setLanguage(event.target.value)}
        />
        <datalist id="clipboard-languages">
          {COMMON_LANGUAGES.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>

      {items.isPending ? (
        <Spinner />
      ) : !items.data ? (
        <ErrorMessage error={items.error} />
      ) : list.length === 0 ? (
        filtered ? (
          <p className="text-muted">{t('empty.noMatch')}</p>
        ) : (
          <div className="card clipboard__empty">
            <h2>{t('empty.title')}</h2>
            <p className="text-muted">{t('empty.body')}</p>
          </div>
        )
      ) : (
        <>
          <ul className="clipboard__list" aria-label={t('list.label')} aria-busy={items.isFetching || undefined}>
            {list.map((item) => (
              <ClipboardItem key={item.id} item={item} onDelete={setDeleting} />
            ))}
          </ul>
          <p className="visually-hidden" role="status">
            {t('list.shown', { count: list.length })}
          </p>
          {/* A failed next page (or refresh) keeps the pages already shown. */}
          <ErrorMessage error={items.error} />
          {items.hasNextPage && (
            <div className="clipboard__more">
              <Button busy={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>
                {t('list.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}

      <ConfirmDialog
        open={deleting !== null}
        title={t('item.deleteTitle')}
        message={t('item.deleteBody', { title: deleting?.title ?? '' })}
        confirmLabel={t('item.delete')}
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
      />
      <ErrorMessage error={remove.error} />
    </main>
  );
}
