// Code highlighted by the app's lowlight, rendered as React elements (no HTML strings).
// Unknown or missing languages stay plain text.
import type { ElementContent, RootContent } from 'hast';
import { useMemo, type ReactNode } from 'react';
import { lowlight } from '@/lib/lowlight';
import { cx } from '@/lib/cx';

function render(nodes: ReadonlyArray<RootContent | ElementContent>): ReactNode[] {
  return nodes.map((node, index) => {
    if (node.type === 'text') return node.value;
    if (node.type !== 'element') return null;
    const classes = node.properties.className;
    const className = Array.isArray(classes) ? classes.join(' ') : undefined;
    return (
      <span key={index} className={className}>
        {render(node.children)}
      </span>
    );
  });
}

export function HighlightedCode({
  code,
  language,
  className,
}: {
  code: string;
  language?: string | null;
  className?: string;
}) {
  const known = Boolean(language && lowlight.registered(language));
  const children = useMemo(
    () => (known && language ? render(lowlight.highlight(language, code).children) : code),
    [code, language, known],
  );
  return (
    // Focusable so that keyboard users can scroll wide code.
    <pre className={className} tabIndex={0}>
      <code className={cx(known && 'hljs')}>{children}</code>
    </pre>
  );
}
