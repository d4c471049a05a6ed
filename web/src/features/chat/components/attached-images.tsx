// The images of a message being written (in the composer, or a question being edited): the
// attach button (with its hidden file picker), the thumbnails of the attached images, each with a
// remove button, and why a file was not attached.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { useObjectUrl } from '@/lib/use-object-url';
import { useImage } from '../api/get-image';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES, MAX_TOTAL_IMAGE_BYTES } from '../lib/image-attachments';
import type { StoredImage } from '../lib/message-view';
import type { AttachedImage, RefusedImage } from '../lib/use-image-attachments';

const MIB = 1024 * 1024;

export function AttachImageButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const { t } = useTranslation('chat');
  const picker = useRef<HTMLInputElement>(null);
  const label = t('attachments.attach');
  return (
    <>
      <Button
        className="btn--icon"
        aria-label={label}
        title={t('attachments.attachHint', { max: MAX_IMAGES })}
        disabled={disabled}
        onClick={() => picker.current?.click()}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </Button>
      <input
        ref={picker}
        type="file"
        accept={IMAGE_TYPES.join(',')}
        multiple
        hidden
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          // Picking the same file again (after removing it) must fire a change again.
          event.target.value = '';
        }}
      />
    </>
  );
}

/** An image the edited question was sent with: its bytes come from the server (and its cache). */
function StoredThumbnail({ id, alt }: { id: string; alt: string }) {
  const { t } = useTranslation('chat');
  const image = useImage(id);
  const url = useObjectUrl(image.data);
  if (!url) {
    return (
      <span
        className="attachments__thumbnail attachments__thumbnail--blank"
        role="img"
        aria-label={alt}
        aria-busy={!image.isError || undefined}
        title={image.isError ? t('images.unavailable') : undefined}
      />
    );
  }
  return <img className="attachments__thumbnail" src={url} alt={alt} />;
}

/** A thumbnail: an image just attached, or one kept from the question being edited. */
export type AttachedThumbnail = AttachedImage | (StoredImage & { key: string });

export function AttachedImages({
  images,
  onRemove,
}: {
  images: readonly AttachedThumbnail[];
  onRemove: (key: string) => void;
}) {
  const { t } = useTranslation('chat');
  if (images.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t('attachments.list')}>
      {images.map((image, index) => (
        <li key={image.key} className="attachments__item">
          {'id' in image ? (
            <StoredThumbnail id={image.id} alt={t('attachments.storedThumbnail', { index: index + 1 })} />
          ) : (
            <img
              className="attachments__thumbnail"
              src={image.dataUrl}
              alt={t('attachments.thumbnail', { index: index + 1, name: image.name })}
            />
          )}
          <button
            type="button"
            className="attachments__remove"
            aria-label={t('attachments.remove', { index: index + 1 })}
            title={t('attachments.remove', { index: index + 1 })}
            onClick={() => onRemove(image.key)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function RefusedImages({ refused }: { refused: readonly RefusedImage[] }) {
  const { t } = useTranslation('chat');
  if (refused.length === 0) return null;
  const limits = {
    count: MAX_IMAGES,
    size: MAX_IMAGE_BYTES / MIB,
    total: MAX_TOTAL_IMAGE_BYTES / MIB,
  };
  return (
    <div role="alert" className="alert alert--error">
      {refused.map(({ name, reason }, index) => (
        <p key={index}>
          {t(`attachments.refused.${reason}`, {
            name: name || t('attachments.unnamed'),
            max: reason === 'count' ? limits.count : reason === 'size' ? limits.size : limits.total,
          })}
        </p>
      ))}
    </div>
  );
}
