import { Fragment, memo, useEffect, useLayoutEffect, useRef, useState, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { CopyButton } from '@/components/copy-button';
import { ErrorMessage, useErrorText } from '@/components/error-message';
import { ApiError } from '@/lib/api-client';
import { cx } from '@/lib/cx';
import { formatCost, formatDuration, formatNumber } from '@/lib/format';
import { isRunning, isStoredImage, type MessageView } from '../lib/message-view';
import type { EditedQuestion } from '../lib/use-branch';
import { Markdown } from './markdown';
import { MessageImages } from './message-images';
import { QuestionEditor } from './question-editor';

export interface MessageActions {
  onFork?: (messageId: string) => void;
  /**
   * Answers the last question again, in place. Resolves once the new answer has started; rejects
   * with the refusal.
   */
  onRegenerate?: () => Promise<unknown>;
  onStop?: (runId: string) => void;
  /**
   * Asks the question at this message (a question, or the answer to one) again in a new branch,
   * as `edited` when given. Resolves once the answer has started there; rejects with the refusal.
   */
  onBranch?: (messageId: string, edited?: EditedQuestion) => Promise<unknown>;
  /** Shows another version (0-based) of the answers to the question this answer is one of. */
  onShowVersion?: (messageKey: string, version: number) => void;
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

function AnswerMeta({ message }: { message: MessageView }) {
  const { t } = useTranslation('chat');
  const parts: string[] = [];
  if (message.inputTokens !== null && message.outputTokens !== null) {
    parts.push(
      t('message.tokens', { input: formatNumber(message.inputTokens), output: formatNumber(message.outputTokens) }) +
        (message.estimated ? ` (${t('message.estimated')})` : ''),
    );
  }
  if (message.costUsd !== null) parts.push(formatCost(message.costUsd));
  if (message.durationMs !== null) parts.push(t('message.duration', { time: formatDuration(message.durationMs) }));

  if (!message.model && parts.length === 0) return null;
  return (
    <div className="message__meta">
      {message.model && (
        <span className="message__model">
          {t('message.answeredBy', { model: message.model })}
          {message.thinking && ` · ${t('message.modelThinks')}`}
          {message.agent && <span className="text-muted"> · {t('message.agent', { agent: message.agent })}</span>}
        </span>
      )}
      {parts.length > 0 && <span className="message__usage">{parts.join(' · ')}</span>}
      {message.reason && (
        <details className="message__why">
          <summary>{t('message.why')}</summary>
          <p>{message.reason}</p>
          {message.contextDropped > 0 && <p>{t('message.contextDropped', { count: message.contextDropped })}</p>}
        </details>
      )}
    </div>
  );
}

function Sources({ citations }: { citations: MessageView['citations'] }) {
  const { t } = useTranslation('chat');
  if (citations.length === 0) return null;
  return (
    <nav className="message__sources" aria-label={t('message.sources')}>
      <h3 className="message__sources-title">{t('message.sources')}</h3>
      <ol>
        {citations.map((citation) => (
          <li key={citation.index} value={citation.index}>
            <a href={citation.url} target="_blank" rel="noopener noreferrer">
              {citation.title || hostOf(citation.url)}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * The model's thinking, as plain text (never Markdown). Open while the model thinks and has not
 * answered yet, collapsed afterwards, unless the user opened or closed it themselves.
 */
function Reasoning({ text, thinking }: { text: string; thinking: boolean }) {
  const { t } = useTranslation('chat');
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? thinking;
  return (
    <details
      className={cx('message__reasoning', thinking && 'message__reasoning--live')}
      open={open}
      // `toggle` also fires when React changes `open`: only a state other than ours is the user's.
      onToggle={(event) => {
        if (event.currentTarget.open !== open) setChosen(event.currentTarget.open);
      }}
    >
      <summary>{thinking ? t('message.thinking') : t('message.reasoning')}</summary>
      <div className="message__reasoning-text">{text}</div>
    </details>
  );
}

/**
 * ‹ 2 / 3 › under an answer given several times. Its ends are aria-disabled, not disabled: the
 * button pressed keeps the focus, also when it reaches the end.
 */
function VersionPager({
  version,
  versions,
  onShow,
}: {
  version: number;
  versions: number;
  onShow: (version: number) => void;
}) {
  const { t } = useTranslation('chat');
  const first = version === 0;
  const last = version === versions - 1;
  return (
    <div className="message__versions" role="group" aria-label={t('message.versions')}>
      <Button
        size="sm"
        variant="ghost"
        aria-label={t('message.previousVersion')}
        aria-disabled={first || undefined}
        onClick={() => !first && onShow(version - 1)}
      >
        ‹
      </Button>
      <span className="message__version" aria-live="polite">
        <span aria-hidden="true">{`${version + 1} / ${versions}`}</span>
        <span className="visually-hidden">{t('message.version', { current: version + 1, total: versions })}</span>
      </span>
      <Button
        size="sm"
        variant="ghost"
        aria-label={t('message.nextVersion')}
        aria-disabled={last || undefined}
        onClick={() => !last && onShow(version + 1)}
      >
        ›
      </Button>
    </div>
  );
}

/** Editing a question and retrying an answer, each in a new branch: the state of one message. */
function useBranchAction(messageId: string | null, onBranch: MessageActions['onBranch']) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  // A refusal, with the message it was about: another version of an answer shown here does not
  // show it.
  const [refused, setRefused] = useState<{ messageId: string; error: unknown } | null>(null);
  const setError = (error: unknown) => setRefused(error && messageId ? { messageId, error } : null);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  // After a cancelled edit, focus goes back to the Edit button rather than to the page.
  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    editButton.current?.focus();
  }, [editing]);

  const branch = async (edited?: EditedQuestion) => {
    if (!messageId || !onBranch) return;
    setBusy(true);
    setError(null);
    try {
      // On success the new session opens, and this one (with this bubble) goes away.
      await onBranch(messageId, edited);
    } catch (refusal) {
      setError(refusal);
    } finally {
      setBusy(false);
    }
  };

  return {
    editing,
    busy,
    error: refused?.messageId === messageId ? refused.error : null,
    editButton,
    edit: () => {
      setError(null);
      setEditing(true);
    },
    cancel: () => {
      returnFocus.current = true;
      setError(null);
      setEditing(false);
    },
    branch,
  };
}

/**
 * Keeps the keyboard focus in a row of actions whose buttons come and go: Regenerate gives way to
 * Stop while the new answer runs, and Stop goes when it ends. The focus would fall to the page;
 * when the focused button went away and nothing else took the focus, it moves to the button
 * marked data-refocus, else the first one that works. While `waiting` (an answer starting, its
 * Stop not there yet), only a marked button takes it.
 */
function useKeptFocus(waiting: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const focused = useRef<HTMLButtonElement | null>(null);
  useLayoutEffect(() => {
    const lost = focused.current;
    if (!lost || lost.isConnected) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    const row = ref.current;
    const next =
      row?.querySelector<HTMLElement>('[data-refocus]:not(:disabled)') ??
      (waiting ? null : row?.querySelector<HTMLElement>('button:not(:disabled):not([aria-disabled="true"])'));
    next?.focus();
  });
  return {
    ref,
    onFocus: (event: FocusEvent) => {
      focused.current = event.target instanceof HTMLButtonElement ? event.target : null;
    },
    // Focus that went somewhere else is not ours to bring back.
    onBlur: (event: FocusEvent) => {
      if (event.relatedTarget) focused.current = null;
    },
  };
}

export const MessageItem = memo(function MessageItem({
  message,
  isLastAnswer,
  earlier = false,
  version = 0,
  versions = 1,
  actions,
  sessionId,
  branchable = false,
  branchLocked = false,
  found = false,
}: {
  message: MessageView;
  isLastAnswer: boolean;
  /** An answer the question was answered again after: kept, but the model no longer sees it. */
  earlier?: boolean;
  /** Which of the answers to its question this is (0-based), and how many there are. */
  version?: number;
  versions?: number;
  actions: MessageActions;
  sessionId?: string;
  /** A question, or an answer to one, that can be asked again in a new branch. */
  branchable?: boolean;
  /** An answer is being written in this session, or a branch is being made: not now. */
  branchLocked?: boolean;
  /** The message a search result opened: marked, and focusable (the list moves the focus to it). */
  found?: boolean;
}) {
  const { t } = useTranslation('chat');
  const errorText = useErrorText();
  const running = isRunning(message.status);
  const isUser = message.role === 'user';
  const canBranch = branchable && Boolean(message.id && actions.onBranch);
  const { editing, busy, error, editButton, edit, cancel, branch } = useBranchAction(message.id, actions.onBranch);
  // With the answer it was about, as the refusal to branch: shown with that version only.
  const [regenerateError, setRegenerateError] = useState<{ key: string; error: unknown } | null>(null);
  const canRegenerate = !running && !isUser && isLastAnswer && !earlier && Boolean(actions.onRegenerate);
  const keptFocus = useKeptFocus(running);

  const regenerate = () => {
    const { key } = message;
    setRegenerateError(null);
    actions.onRegenerate?.().catch((refusal: unknown) => setRegenerateError({ key, error: refusal }));
  };

  return (
    <article
      className={cx(
        'message',
        isUser ? 'message--user' : 'message--assistant',
        `message--${message.status}`,
        earlier && 'message--earlier',
        found && 'message--found',
      )}
      tabIndex={found ? -1 : undefined}
      aria-busy={running || undefined}
      data-status={message.status}
    >
      <h2 className="message__author">{isUser ? t('message.you') : t('message.assistant')}</h2>
      {earlier && (
        <p className="message__earlier">
          <span className="badge badge--small">{t('message.earlierAnswer')}</span>{' '}
          <span className="text-muted">{t('message.earlierAnswerHint')}</span>
        </p>
      )}
      {/* Keyed: each version has its own thinking, images and disclosures, opened or not. */}
      <Fragment key={message.key}>
        <div className="message__body">
          {!isUser && message.reasoning && (
            <Reasoning text={message.reasoning} thinking={running && !message.content} />
          )}
          {/* While the question is edited, its images are in the editor, to be removed or added to. */}
          {isUser && !editing && <MessageImages images={message.images} />}
          {isUser && editing ? (
            <QuestionEditor
              initial={message.content}
              // An edited question is a stored one, and so are its images.
              images={message.images.filter(isStoredImage)}
              busy={busy}
              disabled={branchLocked}
              onSend={(edited) => void branch(edited)}
              onCancel={cancel}
            />
          ) : isUser ? (
            message.content && <p className="message__text">{message.content}</p>
          ) : message.content ? (
            <Markdown
              text={message.content}
              citations={message.citations}
              sessionId={sessionId}
              messageId={message.id}
            />
          ) : running && !message.reasoning ? (
            <p className="message__thinking">{t('message.thinking')}</p>
          ) : null}
          {message.status === 'reconnecting' && (
            <p className="message__notice" role="status">
              {t('message.reconnecting')}
            </p>
          )}
          {message.status === 'aborted' && <p className="badge badge--warning">{t('message.aborted')}</p>}
          {message.status === 'error' && message.error && (
            <div className="alert alert--error" role="alert">
              <p>{t('message.error')}</p>
              <p className="alert__detail">
                {errorText(new ApiError(500, { code: message.error.code, detail: message.error.detail ?? '' }))}
              </p>
            </div>
          )}
        </div>
        {!isUser && <Sources citations={message.citations} />}
        {!isUser && <AnswerMeta message={message} />}
      </Fragment>
      <div className="message__actions" {...keptFocus}>
        {versions > 1 && actions.onShowVersion && (
          <VersionPager
            version={version}
            versions={versions}
            onShow={(shown) => actions.onShowVersion!(message.key, shown)}
          />
        )}
        {running && message.runId && actions.onStop && (
          <Button
            size="sm"
            variant="danger"
            busy={message.stopping}
            data-refocus
            onClick={() => actions.onStop!(message.runId!)}
          >
            {message.stopping ? t('message.stopping') : t('message.stop')}
          </Button>
        )}
        {!running && message.content && (
          <CopyButton key={message.key} text={message.content} label={t('message.copy')} />
        )}
        {!running && message.id && actions.onFork && (
          <Button size="sm" variant="ghost" onClick={() => actions.onFork!(message.id!)}>
            {t('message.fork')}
          </Button>
        )}
        {canRegenerate && (
          <Button size="sm" variant="ghost" data-refocus onClick={regenerate}>
            {message.status === 'complete' ? t('message.regenerate') : t('message.retry')}
          </Button>
        )}
        {isUser && canBranch && !editing && (
          <Button ref={editButton} size="sm" variant="ghost" disabled={branchLocked} onClick={edit}>
            {t('message.edit')}
          </Button>
        )}
        {/* Beside Regenerate it would do nearly the same: only earlier answers offer it. */}
        {!isUser && !running && canBranch && !canRegenerate && (
          <Button size="sm" variant="ghost" busy={busy} disabled={branchLocked} onClick={() => void branch()}>
            {t('message.retryInBranch')}
          </Button>
        )}
      </div>
      <ErrorMessage
        error={error ?? (regenerateError?.key === message.key ? regenerateError.error : null)}
        showDetail
        className="message__action-error"
      />
    </article>
  );
});
