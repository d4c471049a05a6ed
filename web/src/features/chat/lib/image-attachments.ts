// Images sent with a question: the server's limits (checked here first, so that the composer can
// say which file was refused and why), reading files as data URLs, and sending stored images again.
import type { QueryClient } from '@tanstack/react-query';
import { imageQueryOptions } from '../api/get-image';
import type { ImageAttachment } from '../api/types';
import type { MessageImage } from './message-view';

export const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const MAX_IMAGES = 6;
const MIB = 1024 * 1024;
export const MAX_IMAGE_BYTES = 10 * MIB;
export const MAX_TOTAL_IMAGE_BYTES = 20 * MIB;

/** Why a file was not attached: not a supported image, too large, too large with the others, one too many. */
export type ImageRefusal = 'type' | 'size' | 'total' | 'count';

interface FileLike {
  name: string;
  type: string;
  size: number;
}

function refusalOf(file: FileLike, count: number, total: number): ImageRefusal | null {
  if (!IMAGE_TYPES.includes(file.type)) return 'type';
  if (file.size > MAX_IMAGE_BYTES) return 'size';
  if (count >= MAX_IMAGES) return 'count';
  if (total + file.size > MAX_TOTAL_IMAGE_BYTES) return 'total';
  return null;
}

/** Which of `files` fit beside the images already attached (in order), and why the others do not. */
export function checkImages<F extends FileLike>(files: readonly F[], attached: ReadonlyArray<{ size: number }>) {
  const accepted: F[] = [];
  const refused: Array<{ file: F; reason: ImageRefusal }> = [];
  let count = attached.length;
  let total = attached.reduce((sum, image) => sum + image.size, 0);
  for (const file of files) {
    const reason = refusalOf(file, count, total);
    if (reason) {
      refused.push({ file, reason });
    } else {
      accepted.push(file);
      count += 1;
      total += file.size;
    }
  }
  return { accepted, refused };
}

export const readAsDataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(blob);
  });

/** The request field for these images: left out when there are none, so such requests stay as they were. */
export const imagesField = (images: readonly ImageAttachment[]) => (images.length > 0 ? { images: [...images] } : {});

function base64Of(bytes: Uint8Array) {
  let binary = '';
  // In slices: spreading megabytes into one call would exceed the argument limit.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/**
 * A question's images, to send again in a new branch (retry, edit): stored ones fetched through the
 * image cache (usually filled already, as the message shows them), ones just sent as they are.
 */
export function resendableImages(queryClient: QueryClient, images: readonly MessageImage[]) {
  return Promise.all(
    images.map(async (image): Promise<ImageAttachment> => {
      if ('dataUrl' in image) return { dataUrl: image.dataUrl };
      const blob = await queryClient.fetchQuery(imageQueryOptions(image.id));
      // The stored media type, not the blob's: that one is whatever the response said.
      return { dataUrl: `data:${image.mediaType};base64,${base64Of(new Uint8Array(await blob.arrayBuffer()))}` };
    }),
  );
}
