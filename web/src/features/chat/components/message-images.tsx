// The images of a question, as thumbnails above its text. Stored ones are fetched with the API
// client (an <img src> cannot send the Bearer token) and shown through a blob: URL; one just sent
// shows from its data URL until the stored message replaces it.
import { useTranslation } from 'react-i18next';
import { useObjectUrl } from '@/lib/use-object-url';
import { useImage } from '../api/get-image';
import type { MessageImage } from '../lib/message-view';

function StoredImage({ id, alt }: { id: string; alt: string }) {
  const { t } = useTranslation('chat');
  const image = useImage(id);
  const url = useObjectUrl(image.data);
  if (image.isError) {
    return (
      <span className="message-image message-image--unavailable" role="img" aria-label={alt}>
        {t('images.unavailable')}
      </span>
    );
  }
  if (!url) return <span className="message-image message-image--loading" role="img" aria-label={alt} aria-busy />;
  return (
    <a className="message-image" href={url} target="_blank" rel="noopener" title={t('images.open')}>
      <img className="message-image__img" src={url} alt={alt} />
    </a>
  );
}

export function MessageImages({ images }: { images: readonly MessageImage[] }) {
  const { t } = useTranslation('chat');
  if (images.length === 0) return null;
  return (
    <ul className="message-images">
      {images.map((image, index) => {
        const alt = t('images.alt', { index: index + 1 });
        return (
          <li key={'id' in image ? image.id : index}>
            {'id' in image ? (
              <StoredImage id={image.id} alt={alt} />
            ) : (
              <span className="message-image">
                <img className="message-image__img" src={image.dataUrl} alt={alt} />
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
