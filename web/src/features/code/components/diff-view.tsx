import { cx } from '@/lib/cx';

/** A unified diff with added and removed lines marked (by colour and by their +/− sign). */
export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff-view" tabIndex={0} aria-label={label}>
      <code>
        {lines.map((line, index) => (
          <span
            key={index}
            className={cx(
              'diff-view__line',
              line.startsWith('@@') && 'diff-view__line--hunk',
              line.startsWith('+') && !line.startsWith('+++') && 'diff-view__line--added',
              line.startsWith('-') && !line.startsWith('---') && 'diff-view__line--removed',
            )}
          >
            {line}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
}
