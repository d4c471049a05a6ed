// The fields of a snippet (title, language, content), for a new one and for editing one.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { FieldShell, TextField } from '@/components/field';
import { LANGUAGE_PATTERN } from '../api/types';

export interface SnippetValues {
  title: string;
  language: string;
  content: string;
}

const CONTENT_MAX = 256 * 1024;

export function SnippetForm({
  initial = { title: '', language: '', content: '' },
  titleRequired = false,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: SnippetValues;
  /** An existing snippet keeps a title; a new one may take its first line. */
  titleRequired?: boolean;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (values: SnippetValues) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('clipboard');
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState(false);
  const language = values.language.trim();
  const languageInvalid = language !== '' && !LANGUAGE_PATTERN.test(language);
  const contentMissing = values.content.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (languageInvalid || contentMissing || (titleRequired && !values.title.trim())) return;
    onSubmit({ title: values.title.trim(), language, content: values.content });
  };
  const set = (field: keyof SnippetValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label={titleRequired ? t('form.title') : t('form.titleOptional')}
        hint={titleRequired ? undefined : t('form.titleHint')}
        value={values.title}
        required={titleRequired}
        maxLength={200}
        error={touched && titleRequired && !values.title.trim() ? t('form.required') : undefined}
        onChange={set('title')}
      />
      <TextField
        label={t('form.language')}
        hint={t('form.languageHint')}
        value={values.language}
        maxLength={32}
        autoCapitalize="off"
        spellCheck={false}
        error={languageInvalid ? t('filters.languageInvalid') : undefined}
        onChange={set('language')}
      />
      <FieldShell label={t('form.content')} error={touched && contentMissing ? t('form.required') : undefined}>
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            className="input clipboard-form__content"
            value={values.content}
            required
            rows={10}
            maxLength={CONTENT_MAX}
            spellCheck={false}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={set('content')}
          />
        )}
      </FieldShell>
      <ErrorMessage error={error} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('actions.cancel', { ns: 'common' })}</Button>}
      </div>
    </form>
  );
}
