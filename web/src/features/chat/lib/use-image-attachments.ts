// The images attached in the composer, before they are sent: added from the file picker, the
// clipboard or a drop, checked against the server's limits, read as data URLs.
import { useState } from 'react';
import { checkImages, readAsDataUrl, type ImageRefusal } from './image-attachments';

export interface AttachedImage {
  key: string;
  name: string;
  size: number;
  dataUrl: string;
}

/** A file that was not attached, and why ('unreadable': the browser could not read it). */
export interface RefusedImage {
  name: string;
  reason: ImageRefusal | 'unreadable';
}

let counter = 0;

export function useImageAttachments() {
  const [images, setImages] = useState<AttachedImage[]>([]);
  const [refused, setRefused] = useState<RefusedImage[]>([]);

  /** Attaches what fits of `files`; the refusals replace those of the files added before. */
  const add = async (files: readonly File[]) => {
    if (files.length === 0) return;
    const checked = checkImages(files, images);
    const read = await Promise.allSettled(checked.accepted.map((file) => readAsDataUrl(file)));
    const added: AttachedImage[] = [];
    const unreadable: RefusedImage[] = [];
    read.forEach((result, index) => {
      const file = checked.accepted[index]!;
      if (result.status === 'fulfilled') {
        added.push({ key: `image-${++counter}`, name: file.name, size: file.size, dataUrl: result.value });
      } else {
        unreadable.push({ name: file.name, reason: 'unreadable' });
      }
    });
    setRefused([...checked.refused.map(({ file, reason }) => ({ name: file.name, reason })), ...unreadable]);
    setImages((current) => [...current, ...added]);
  };

  return {
    images,
    refused,
    add,
    remove: (key: string) => setImages((current) => current.filter((image) => image.key !== key)),
    /** Empties the list (on sending); the refusals go too. */
    clear: () => {
      setImages([]);
      setRefused([]);
    },
    /** Puts images back in front (the server refused them with their message: to be fixed and sent again). */
    restore: (previous: readonly AttachedImage[]) => setImages((current) => [...previous, ...current]),
  };
}

export type ImageAttachments = ReturnType<typeof useImageAttachments>;
