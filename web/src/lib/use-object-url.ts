import { useEffect, useState } from 'react';

/**
 * A blob: URL for `blob` while the component shows it (null until then), revoked when the blob
 * changes or the component unmounts, so that the browser can free the bytes.
 */
export function useObjectUrl(blob: Blob | undefined): string | null {
  const [entry, setEntry] = useState<{ blob: Blob; url: string } | null>(null);
  useEffect(() => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    // The URL is made here, not in render: made in render, a URL React throws away is never revoked.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setEntry({ blob, url });
    return () => URL.revokeObjectURL(url);
  }, [blob]);
  // A URL made for an earlier blob is revoked already: never hand it out.
  return entry && entry.blob === blob ? entry.url : null;
}
