// Answers rendered as Markdown, safely: raw HTML is dropped, URLs pass react-markdown's
// allow-list (no javascript: or data:), links open with rel="noopener noreferrer", and remote
// images wait for the user's consent (an injected image URL is a known way to leak data).
import { memo, useMemo, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CopyButton } from '@/components/copy-button';
import { codeOf, languageOf, rehypeHighlightCode, textOf } from '../lib/highlight';
import { remarkCitations, type CitationSource } from '../lib/remark-citations';

const hostOf = (url: string) => {
  try {
    return new URL(url, window.location.href).host;
  } catch {
    return url;
  }
};

function SafeLink({ href, children, title, className, ...props }: ComponentProps<'a'> & ExtraProps) {
  const { t } = useTranslation('chat');
  if (!href) return <span className="link-removed">{children}</span>;
  const citation = (props as Record<string, unknown>)['data-citation'];
  return (
    <a
      href={href}
      title={title}
      className={className}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={citation ? t('message.source', { index: citation, host: hostOf(href) }) : undefined}
    >
      {children}
    </a>
  );
}

function RemoteImage({ src, alt }: ComponentProps<'img'> & ExtraProps) {
  const { t } = useTranslation('chat');
  const [allowed, setAllowed] = useState(false);
  const [failed, setFailed] = useState(false);
  if (typeof src !== 'string' || !src) return alt ? <span>{alt}</span> : null;
  const host = hostOf(src);
  if (!allowed) {
    return (
      <span className="remote-image">
        <span>
          {t('image.blocked', { host })}
          {alt ? `: “${alt}”` : ''}
        </span>
        <button type="button" className="btn btn--sm btn--secondary" onClick={() => setAllowed(true)}>
          {t('image.allow')}
        </button>
      </span>
    );
  }
  // The server's CSP may still refuse a remote image: then offer it in a tab of its own.
  if (failed) {
    return (
      <a href={src} target="_blank" rel="noopener noreferrer">
        {t('image.open')}
        {alt ? `: ${alt}` : ''}
      </a>
    );
  }
  return <img src={src} alt={alt ?? ''} referrerPolicy="no-referrer" loading="lazy" onError={() => setFailed(true)} />;
}

function CodeBlock({ node, children }: ComponentProps<'pre'> & ExtraProps) {
  const { t } = useTranslation('chat');
  const code = codeOf(node);
  const language = languageOf(code);
  return (
    <div className="code-block">
      <div className="code-block__bar">
        <span className="code-block__lang">{language ?? t('code.plain')}</span>
        <CopyButton text={textOf(code).replace(/\n$/, '')} label={t('code.copy')} />
      </div>
      {/* Focusable so that keyboard users can scroll wide code. */}
      <pre tabIndex={0}>{children}</pre>
    </div>
  );
}

const components: Components = { a: SafeLink, img: RemoteImage, pre: CodeBlock };
const rehypePlugins = [rehypeHighlightCode];

export const Markdown = memo(function Markdown({
  text,
  citations,
}: {
  text: string;
  citations?: readonly CitationSource[];
}) {
  const remarkPlugins = useMemo(
    () => [remarkGfm, [remarkCitations, { citations: citations ?? [] }] as [typeof remarkCitations, object]],
    [citations],
  );
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
