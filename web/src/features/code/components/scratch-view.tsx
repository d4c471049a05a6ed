// Scratch mode: review or run a pasted snippet without a workspace. Code sent from a chat
// answer ("Review this") arrives in the router state and is reviewed straight away.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button } from '@/components/button';
import { SelectField } from '@/components/field';
import { Spinner } from '@/components/spinner';
import { RunPanel, sandboxLanguageOf, type RunPanelHandle } from '@/features/sandbox';
import { useReview } from '../api/get-review';
import type { AppliedFix, Finding } from '../api/types';
import { editorLanguageOf, REVIEW_LANGUAGES, SNIPPET_EXTENSION, type ReviewLanguage } from '../lib/languages';
import { readScratchState } from '../lib/scratch-link';
import { useReviewRun } from '../lib/use-review-run';
import { FixDialog } from './fix-dialog';
import { ReviewPanel } from './review-panel';
import { useDiagnosticLabels } from './use-diagnostic-labels';

const CodeEditor = lazy(() => import('./code-editor'));

export function ScratchView() {
  const { t } = useTranslation('code');
  const location = useLocation();
  const navigate = useNavigate();
  const [incoming] = useState(() => readScratchState(location.state));
  const [language, setLanguage] = useState<ReviewLanguage>(incoming?.language ?? 'javascript');
  const [text, setText] = useState(incoming?.content ?? '');
  const [loadId, setLoadId] = useState(0);
  const [jumpTo, setJumpTo] = useState<Finding | null>(null);
  const [fixing, setFixing] = useState<Finding | null>(null);
  const { run, start } = useReviewRun();
  const review = useReview(run.reviewId, run.phase === 'complete');
  const labels = useDiagnosticLabels();
  const started = useRef(false);
  const runPanel = useRef<RunPanelHandle>(null);
  const runCode = useCallback(() => runPanel.current?.run(), []);
  const clearJump = useCallback(() => setJumpTo(null), []);
  const reviewing = run.phase === 'starting' || run.phase === 'queued' || run.phase === 'running';

  const reviewSnippet = useCallback(
    (content: string, lang: ReviewLanguage) =>
      start({
        snippet: { content, language: lang, filename: `snippet.${SNIPPET_EXTENSION[lang]}` },
        title: t('scratch.reviewTitle'),
      }),
    [start, t],
  );

  useEffect(() => {
    if (!incoming || started.current) return;
    started.current = true;
    // Forget the state, so that a reload does not review the same code again.
    navigate(location.pathname, { replace: true, state: null });
    void reviewSnippet(incoming.content, incoming.language);
  }, [incoming, navigate, location.pathname, reviewSnippet]);

  const onApplied = (result: AppliedFix) => {
    setText(result.content);
    setLoadId((id) => id + 1);
  };

  return (
    <div
      className="code-workspace code-workspace--scratch"
      onKeyDown={(event) => {
        // The editor and the run panel handle their own Ctrl/Cmd+Enter; this covers the rest.
        if (!event.defaultPrevented && (event.ctrlKey || event.metaKey) && event.key === 'Enter') {
          event.preventDefault();
          runCode();
        }
      }}
    >
      <header className="code-workspace__header">
        <Link to="/code" className="code-workspace__back">
          {t('workspace.back')}
        </Link>
        <h1 className="code-workspace__title">{t('scratch.title')}</h1>
      </header>
      <main id="main" className="code-panel code-main">
        <div className="code-main__bar">
          <SelectField
            label={t('scratch.language')}
            className="code-main__language"
            value={language}
            onChange={(event) => setLanguage(event.target.value as ReviewLanguage)}
          >
            {REVIEW_LANGUAGES.map((item) => (
              <option key={item} value={item}>
                {t(`languages.${item}`)}
              </option>
            ))}
          </SelectField>
          <p className="text-muted code-main__hint">{t('scratch.hint')}</p>
        </div>
        <Suspense fallback={<Spinner label={t('editor.loading')} showLabel />}>
          <CodeEditor
            value={text}
            docKey={`scratch#${loadId}`}
            language={editorLanguageOf(language)}
            label={t('scratch.editorLabel')}
            onChange={setText}
            onRun={runCode}
            findings={review.data?.findings}
            labels={labels}
            onFix={setFixing}
            jumpTo={jumpTo}
            onJumped={clearJump}
          />
        </Suspense>
        <div className="code-run">
          <RunPanel ref={runPanel} code={text} language={sandboxLanguageOf(language)} chooseLanguage heading />
        </div>
      </main>
      <aside className="code-panel code-review">
        <ReviewPanel
          run={run}
          detail={review.data}
          detailError={review.error}
          onJump={setJumpTo}
          onFix={setFixing}
          actions={
            <Button
              variant="primary"
              size="sm"
              disabled={!text.trim() || reviewing}
              onClick={() => void reviewSnippet(text, language)}
            >
              {t('scratch.review')}
            </Button>
          }
        />
      </aside>
      {run.reviewId && (
        <FixDialog reviewId={run.reviewId} finding={fixing} onClose={() => setFixing(null)} onApplied={onApplied} />
      )}
    </div>
  );
}
