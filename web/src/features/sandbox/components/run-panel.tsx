// The run panel of the Code screen and of chat code blocks: Run (or Ctrl/Cmd+Enter), optional
// stdin, the streamed output, Stop while it runs and Clear after. Where the server cannot run
// the code (no sandbox, no toolchain) it says why instead of offering a Run that fails.
import { useEffect, useId, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { useSandboxLanguages } from '../api/get-languages';
import { SANDBOX_LANGUAGES, type SandboxLanguage, type SandboxLanguages } from '../api/types';
import { isActive } from '../lib/run-output';
import { useSandboxRun } from '../lib/use-sandbox-run';
import { RunOutputView } from './run-output';
import '../sandbox.css';

const FILENAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export interface RunPanelHandle {
  /** Runs the code now, as the Run button would (no-op when it is disabled). */
  run(): void;
}

export interface RunPanelProps {
  code: string;
  /** The language the code looks like; null when its kind cannot be run. */
  language: SandboxLanguage | null;
  /** Let the user pick another language (scratch mode). */
  chooseLanguage?: boolean;
  filename?: string;
  workspaceId?: string;
  /** A heading of its own (the Code screen); chat code blocks name the region instead. */
  heading?: boolean;
  label?: string;
  /** Run once as soon as the panel can (it was opened by a "Run" button). */
  autoRun?: boolean;
  ref?: Ref<RunPanelHandle>;
}

/** Why this language cannot run here, or null when it can (or the server has not said yet). */
function useBlocker(languages: SandboxLanguages | undefined, language: SandboxLanguage | null) {
  const { t } = useTranslation('sandbox');
  if (!language) return t('panel.notRunnable');
  if (!languages) return null;
  if (!languages.available)
    return languages.reason ? t('unavailable.sandbox', { reason: languages.reason }) : t('unavailable.sandboxNoReason');
  const info = languages.languages.find((item) => item.id === language);
  const name = t(`languages.${language}`);
  if (!info) return t('unavailable.languageNoReason', { language: name });
  if (!info.available)
    return info.install
      ? t('unavailable.language', { language: name, install: info.install })
      : t('unavailable.languageNoReason', { language: name });
  return null;
}

export function RunPanel({
  code,
  language: suggested,
  chooseLanguage = false,
  filename,
  workspaceId,
  heading = false,
  label,
  autoRun = false,
  ref,
}: RunPanelProps) {
  const { t } = useTranslation('sandbox');
  const id = useId();
  const languages = useSandboxLanguages();
  const { output, start, stop, clear } = useSandboxRun();
  const [stdin, setStdin] = useState('');
  const [chosen, setChosen] = useState<{ for: SandboxLanguage | null; language: SandboxLanguage | null }>({
    for: suggested,
    language: suggested,
  });
  // A new suggestion (another file, another language in the editor) replaces the user's pick.
  if (chosen.for !== suggested) setChosen({ for: suggested, language: suggested });
  const language = chosen.language;
  const blocker = useBlocker(languages.data, language);
  const running = isActive(output.phase);
  const canRun = !running && !blocker && languages.isSuccess && code.trim() !== '' && language !== null;

  const run = () => {
    if (!canRun) return;
    // A file's own name matters to some languages (C# and Java-like class files, error
    // messages); the server takes it only with the language's extension and safe characters.
    const extension = languages.data.languages.find((item) => item.id === language)?.extension;
    const name = filename && extension && filename.endsWith(extension) && FILENAME.test(filename) ? filename : null;
    void start({
      language,
      code,
      ...(stdin ? { stdin } : {}),
      ...(name ? { filename: name } : {}),
      ...(workspaceId ? { workspaceId } : {}),
    });
  };
  useImperativeHandle(ref, () => ({ run }));
  const autoRan = useRef(false);
  useEffect(() => {
    if (!autoRun || autoRan.current || !canRun) return;
    autoRan.current = true;
    run();
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      run();
    }
  };

  const stdinField = (
    <>
      <label className={heading ? 'field__label' : 'visually-hidden'} htmlFor={`${id}-stdin`}>
        {t('panel.stdin')}
      </label>
      <textarea
        id={`${id}-stdin`}
        className="input run-panel__stdin-input"
        rows={2}
        value={stdin}
        spellCheck={false}
        aria-describedby={`${id}-stdin-hint`}
        onChange={(event) => setStdin(event.target.value)}
      />
      <p className="field__hint" id={`${id}-stdin-hint`}>
        {t('panel.stdinHint')} {t('panel.runHint')}
      </p>
    </>
  );

  const statusText =
    output.phase === 'starting' ||
    output.phase === 'queued' ||
    output.phase === 'compiling' ||
    output.phase === 'running'
      ? t(`status.${output.phase}`)
      : '';

  return (
    <section
      className="run-panel"
      aria-labelledby={heading ? `${id}-title` : undefined}
      aria-label={heading ? undefined : (label ?? t('panel.label'))}
      onKeyDown={onKeyDown}
    >
      <div className="run-panel__bar">
        {heading && (
          <h2 id={`${id}-title`} className="run-panel__title">
            {t('panel.title')}
          </h2>
        )}
        {chooseLanguage && (
          <label className="run-panel__language">
            <span>{t('panel.language')}</span>
            <select
              className="input input--sm"
              value={language ?? ''}
              onChange={(event) =>
                setChosen({ for: suggested, language: (event.target.value || null) as SandboxLanguage | null })
              }
            >
              {language === null && <option value="">–</option>}
              {SANDBOX_LANGUAGES.map((item) => (
                <option key={item} value={item}>
                  {t(`languages.${item}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {running ? (
          <Button
            size="sm"
            variant="danger"
            disabled={output.runId === null}
            busy={output.stopped}
            onClick={() => void stop()}
          >
            {output.stopped ? t('panel.stopping') : t('panel.stop')}
          </Button>
        ) : (
          !blocker && (
            <Button
              size="sm"
              variant="primary"
              disabled={!canRun}
              busy={languages.isPending}
              onClick={run}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              title={t('panel.runHint')}
            >
              {t('panel.run')}
            </Button>
          )
        )}
        <Button size="sm" variant="ghost" disabled={running || output.phase === 'idle'} onClick={clear}>
          {t('panel.clear')}
        </Button>
        <span className="run-panel__status" role="status">
          {statusText}
          {output.reconnecting && ` ${t('status.reconnecting')}`}
        </span>
      </div>
      {blocker && !languages.isPending && (
        <p className="alert alert--info run-panel__blocker" role="note">
          {blocker}
        </p>
      )}
      <ErrorMessage error={languages.error} />
      {!blocker &&
        (heading ? (
          <div className="field run-panel__stdin">{stdinField}</div>
        ) : (
          // Under a chat code block stdin is rarely wanted: keep it folded away.
          <details className="run-panel__stdin">
            <summary>{t('panel.stdin')}</summary>
            {stdinField}
          </details>
        ))}
      {(!blocker || output.phase !== 'idle') && <RunOutputView output={output} />}
    </section>
  );
}
