// Images in an API caller's messages (OpenAI's `image_url` parts). Each is read here, checked by
// its content (magic bytes, not the type it claims) and size, and handed to the provider as bytes:
// a web address is fetched through the outbound guard, so that no model server (a vLLM the
// operator runs, say) is made to fetch an internal address for a caller, and servers that cannot
// fetch images (Ollama) get them too.
import { isAppError } from '../../platform/errors.js';
import type { OutboundGuard } from '../../platform/outbound/guard.js';
import {
  IMAGE_TYPES,
  MIB,
  checkedImage,
  dataUrlBytes,
  imageRefused as refused,
  isDataUrl,
} from '../providers/images.js';
import type { ImageInput } from '../providers/service.js';

export const MAX_IMAGE_BYTES = 20 * MIB;
/** A call's images are held in memory until the provider has them: bounded per call. */
export const MAX_IMAGES_PER_CALL = 20;
export const MAX_IMAGES_BYTES_PER_CALL = 50 * MIB;
const FETCH_TIMEOUT_MS = 15_000;

export interface ImagePart {
  url: string;
  detail?: string | null;
}

/** An image part waiting to be read, and where its bytes go. */
export interface PendingImage {
  images: ImageInput[];
  at: number;
  part: ImagePart;
  path: string;
}

const tooLarge = (path: string, limit: number) =>
  limit < MAX_IMAGE_BYTES
    ? refused('image_too_large', path, `takes the images of this call past ${MAX_IMAGES_BYTES_PER_CALL / MIB} MiB`)
    : refused('image_too_large', path, `is larger than ${MAX_IMAGE_BYTES / MIB} MiB`);

/** The bytes behind a web address, at most `limit` of them. */
async function download(url: string, path: string, limit: number, fetch: OutboundGuard['fetch'], signal: AbortSignal) {
  const timeout = AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
  let response: Response;
  try {
    response = await fetch(url, { signal: timeout, headers: { accept: [...IMAGE_TYPES].join(', ') } });
  } catch (error) {
    // The guard's refusals (an internal address) say what is wrong and what to do.
    if (isAppError(error)) throw error;
    throw refused('image_unreachable', path, `could not be fetched (${(error as Error).message})`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw refused('image_unreachable', path, `could not be fetched: its server answered ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early (the throw) cancels the body: the rest is never downloaded.
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(path, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** One image part as bytes of a known image type, at most `limit`; a 400 naming the part otherwise. */
async function readImage(
  { part, path }: PendingImage,
  limit: number,
  fetch: OutboundGuard['fetch'],
  signal: AbortSignal,
): Promise<ImageInput> {
  let bytes: Buffer;
  if (isDataUrl(part.url)) {
    bytes = dataUrlBytes(part.url, path, limit, () => tooLarge(path, limit));
  } else if (/^https?:\/\//i.test(part.url)) {
    bytes = await download(part.url, path, limit, fetch, signal);
  } else {
    throw refused('unsupported_image', path, 'must be an https:// address or a data:image/…;base64, URL');
  }
  const image = await checkedImage(bytes, path);
  const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : undefined;
  return { ...image, ...(detail ? { detail } : {}) };
}

/**
 * Reads a call's images one after another into their turns, within the per-call total (so that
 * a call holds at most that much image data, however many addresses it names).
 */
export async function readImages(pending: readonly PendingImage[], fetch: OutboundGuard['fetch'], signal: AbortSignal) {
  let left = MAX_IMAGES_BYTES_PER_CALL;
  for (const image of pending) {
    const read = await readImage(image, Math.min(MAX_IMAGE_BYTES, left), fetch, signal);
    image.images[image.at] = read;
    left -= read.data.byteLength;
  }
}
