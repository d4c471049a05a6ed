// Images for vision models, checked by their content (magic bytes, not the type they claim):
// PNG, JPEG, GIF and WebP, which every vision model of the registry reads. Chat and the gateway
// take them as base64 data: URLs; the gateway also fetches web addresses (gateway/images.ts).
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../platform/errors.js';
import type { ImageInput } from './service.js';

export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const MIB = 1024 * 1024;
const DATA_URL = /^data:([^;,]*)(;base64)?,/;

/** A 400 that names the part of the request at fault (`path`, say body/images/0). */
export const imageRefused = (code: string, path: string, detail: string) =>
  new AppError(code, 400, `${path} ${detail}`, { extra: { path } });

/** Whether `url` is a data: URL (else the caller decides what else it accepts). */
export const isDataUrl = (url: string) => DATA_URL.test(url);

/** The bytes of a base64 data: URL, at most `limit` of them (`tooLarge` says why not). */
export function dataUrlBytes(url: string, path: string, limit: number, tooLarge: () => AppError): Buffer {
  const match = DATA_URL.exec(url);
  if (!match) throw imageRefused('unsupported_image', path, 'must be a data:image/…;base64, URL');
  if (!match[2]) throw imageRefused('unsupported_image', path, 'is a data URL without ;base64');
  // Checked before decoding: base64 takes 4 characters for 3 bytes.
  if (Math.floor(((url.length - match[0].length) * 3) / 4) > limit + 3) throw tooLarge();
  const bytes = Buffer.from(url.slice(match[0].length), 'base64');
  if (bytes.byteLength > limit) throw tooLarge();
  return bytes;
}

/** The bytes as an image of a type vision models read, or a 400 naming what they are instead. */
export async function checkedImage(bytes: Buffer, path: string): Promise<ImageInput> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !IMAGE_TYPES.has(detected.mime)) {
    throw imageRefused(
      'unsupported_image',
      path,
      `is not a PNG, JPEG, GIF or WebP image (its content is ${detected?.mime ?? 'of no known type'})`,
    );
  }
  return { data: bytes, mediaType: detected.mime };
}
