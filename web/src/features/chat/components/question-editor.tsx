// A question being edited in place, to be sent again in a new branch (the session itself stays):
// its text, and its images, which can be removed and added to as in the composer.
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { cx } from '@/lib/cx';
import type { StoredImage } from '../lib/message-view';
import type { EditedQuestion } from '../lib/use-branch';
import { useImageAttachments, useImageInput } from '../lib/use-image-attachments';
import { AttachedImages, AttachImageButton, RefusedImages } from './attached-images';

// Kept images share the thumbnail list with the attached ones: keys that cannot clash with theirs.
const storedKey = (image: StoredImage) => `stored-${image.id}`;

export function QuestionEditor({
  initial,
  images,
  busy,
  disabled,
  onSend,
  onCancel,
}: {
  initial: string;
  /** The images the question was sent with: kept (sent again) unless removed. */
  images: readonly StoredImage[];
  busy: boolean;
  /** An answer is being written in this session, or another branch is being made. */
  disabled: boolean;
  onSend: (edited: EditedQuestion) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('chat');
  const [content, setContent] = useState(initial);
  const [kept, setKept] = useState(images);
  const attachments = useImageAttachments(kept);
  const imageInput = useImageInput(attachments.add);
  const input = useRef<HTMLTextAreaElement>(null);
  const inputId = useId();
  const question = content.trim();
  const hasImages = kept.length + attachments.images.length > 0;

  const send = () => {
    if ((!question && !hasImages) || busy || disabled) return;
    onSend({ question, images: [...kept, ...attachments.images.map(({ dataUrl }) => ({ dataUrl }))] });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      if (!busy) onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };

  const removeImage = (key: string) => {
    setKept((current) => current.filter((image) => storedKey(image) !== key));
    attachments.remove(key);
    // The remove button is gone: keep the focus in the editor.
    input.current?.focus();
  };

  return (
    <form
      className={cx('question-editor', imageInput.dropping && 'question-editor--dropping')}
      onSubmit={submit}
      {...imageInput.dropZone}
    >
      <RefusedImages refused={attachments.refused} />
      <AttachedImages
        images={[...kept.map((image) => ({ ...image, key: storedKey(image) })), ...attachments.images]}
        onRemove={removeImage}
      />
      <label htmlFor={inputId} className="visually-hidden">
        {t('message.editLabel')}
      </label>
      <textarea
        ref={input}
        id={inputId}
        className="question-editor__input input"
        rows={3}
        maxLength={200_000}
        value={content}
        autoFocus
        onChange={(event) => setContent(event.target.value)}
        onKeyDown={onKeyDown}
        onPaste={imageInput.onPaste}
      />
      <div className="question-editor__bar">
        <AttachImageButton onFiles={(files) => void attachments.add(files)} />
        <Button size="sm" onClick={onCancel} disabled={busy}>
          {t('actions.cancel', { ns: 'common' })}
        </Button>
        <Button type="submit" size="sm" variant="primary" busy={busy} disabled={(!question && !hasImages) || disabled}>
          {t('message.sendInBranch')}
        </Button>
      </div>
    </form>
  );
}
