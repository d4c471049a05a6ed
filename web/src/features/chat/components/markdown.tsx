// Answers rendered as Markdown, safely: raw HTML is dropped, URLs pass react-markdown's
// allow-list (no javascript: or data:), links open with rel="noopener noreferrer", and remote
// images wait for the user's consent (an injected image URL is a known way to leak data).
import { createContext, memo, useContext, useMemo, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import { Link, useInRouterContext } from 'react-router';
import remarkGfm from 'remark-gfm';
import { CopyButton } from '@/components/copy-button';
import { SaveToClipboardButton } from '@/features/clipboard';
import { SCRATCH_PATH, scratchReviewState } from '@/features/code';
import { useCodeBlockRun } from '@/features/sandbox';
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

/** The chat answer being rendered, so that a saved code block remembers where it came from. */
const AnswerSourceContext = createContext<{ sessionId: string; messageId?: string | null } | undefined>(undefined);

function CodeBlock({ node, children }: ComponentProps<'pre'> & ExtraProps) {
  const { t } = useTranslation('chat');
  // Outside a router (an answer rendered on its own) there is no Code screen to go to.
  const routed = useInRouterContext();
  const source = useContext(AnswerSourceContext);
  const code = codeOf(node);
  const language = languageOf(code);
  const text = textOf(code).replace(/\n$/, '');
  // Offered only where the sandbox can run this language; the output opens under the block.
  const run = useCodeBlockRun(text, language);
  return (
    <div className="code-block">
      <div className="code-block__bar">
        <span className="code-block__lang">{language ?? t('code.plain')}</span>
        <span className="code-block__actions">
          {run.toggle}
          {routed && text.trim() && (
            <Link
              to={SCRATCH_PATH}
              state={scratchReviewState(text, language)}
              className="btn btn--sm btn--ghost code-block__review"
            >
              {t('chat.review', { ns: 'code' })}
            </Link>
          )}
          {text.trim() && <SaveToClipboardButton content={text} language={language} source={source} />}
          <CopyButton text={text} label={t('code.copy')} />
        </span>
      </div>
      {/* Focusable so that keyboard users can scroll wide code. */}
      <pre tabIndex={0}>{children}</pre>
      {run.panel}
    </div>
  );
}

const components: Components = { a: SafeLink, img: RemoteImage, pre: CodeBlock };
const rehypePlugins = [rehypeHighlightCode];

export const Markdown = memo(function Markdown({
  text,
  citations,
  sessionId,
  messageId,
}: {
  text: string;
  citations?: readonly CitationSource[];
  /** The answer's session and message: code saved to the clipboard links back to them. */
  sessionId?: string;
  messageId?: string | null;
}) {
  const source = useMemo(() => (sessionId ? { sessionId, messageId } : undefined), [sessionId, messageId]);
  const remarkPlugins = useMemo(
    () => [remarkGfm, [remarkCitations, { citations: citations ?? [] }] as [typeof remarkCitations, object]],
    [citations],
  );
  return (
    <div className="markdown">
      <AnswerSourceContext value={source}>
        <ReactMarkdown skipHtml remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
          {text}
        </ReactMarkdown>
      </AnswerSourceContext>
    </div>
  );
});
