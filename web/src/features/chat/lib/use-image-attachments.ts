// The images attached in the composer (or to a question being edited), before they are sent:
// added from the file picker, the clipboard or a drop, checked against the server's limits, read
// as data URLs.
import { useState, type ClipboardEvent, type DragEvent } from 'react';
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

/**
 * `alongside`: images the message keeps besides these (an edited question's stored ones); they
 * count in the limits too.
 */
export function useImageAttachments(alongside: ReadonlyArray<{ size: number }> = []) {
  const [images, setImages] = useState<AttachedImage[]>([]);
  const [refused, setRefused] = useState<RefusedImage[]>([]);

  /** Attaches what fits of `files`; the refusals replace those of the files added before. */
  const add = async (files: readonly File[]) => {
    if (files.length === 0) return;
    const checked = checkImages(files, [...alongside, ...images]);
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

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Attaching images by pasting them into a text box or dropping them on a form: the handlers, and
 * whether files are being dragged over (to show where they go).
 */
export function useImageInput(add: ImageAttachments['add']) {
  const [dropping, setDropping] = useState(false);
  return {
    dropping,
    onPaste: (event: ClipboardEvent) => {
      const files = [...event.clipboardData.files];
      // Copied text often comes with a picture of itself (office documents, spreadsheets): then
      // the text is what was meant. Only a clipboard without text attaches its images.
      if (files.length === 0 || event.clipboardData.types.includes('text/plain')) return;
      event.preventDefault();
      void add(files);
    },
    dropZone: {
      onDragOver: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      },
      onDragLeave: (event: DragEvent) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      },
      onDrop: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDropping(false);
        void add([...event.dataTransfer.files]);
      },
    },
  };
}
