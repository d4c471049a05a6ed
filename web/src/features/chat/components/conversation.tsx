// One chat session: header with totals, instructions and export, the messages, and the composer.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { PageLoading } from '@/components/spinner';
import { formatCost, formatNumber } from '@/lib/format';
import { useExportSession, type ExportFormat } from '../api/export-session';
import { useForkSession } from '../api/fork-session';
import { useUpdateSession } from '../api/update-session';
import { useSession } from '../api/get-session';
import { useStopRun } from '../api/stop-run';
import type { ChatSessionWithMessages, ImageAttachment } from '../api/types';
import { chooseVersion, conversationRows, findRow, shownVersion, type VersionChoice } from '../lib/answer-versions';
import { imagesField } from '../lib/image-attachments';
import { buildViews, isEarlierAnswer, isRunning, type MessageView } from '../lib/message-view';
import { sendOptions, useChatPreferences } from '../lib/preferences';
import { useRunController } from '../lib/run-controller';
import { useLiveRuns } from '../lib/run-store';
import { branchPoints, useBranch } from '../lib/use-branch';
import { Composer } from './composer';
import { MessageItem, type MessageActions } from './message-item';
import { MessageList } from './message-list';
import { InstructionsSummary, SessionInstructionsButton } from './session-instructions';

function sessionTotals(views: readonly MessageView[]) {
  let tokens = 0;
  let cost = 0;
  for (const view of views) {
    tokens += (view.inputTokens ?? 0) + (view.outputTokens ?? 0);
    cost += view.costUsd ?? 0;
  }
  return { tokens, cost };
}

function ConversationHeader({ session, views }: { session: ChatSessionWithMessages; views: readonly MessageView[] }) {
  const { t } = useTranslation('chat');
  const rename = useUpdateSession();
  const exportSession = useExportSession();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(session.title);
  const totals = sessionTotals(views);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = title.trim();
    if (!next || next === session.title) return setEditing(false);
    rename.mutate({ id: session.id, title: next }, { onSuccess: () => setEditing(false) });
  };

  const download = (format: ExportFormat) => exportSession.mutate({ id: session.id, format });

  return (
    <header className="conversation__header">
      {editing ? (
        <form className="inline-form" onSubmit={submit}>
          <label className="visually-hidden" htmlFor="conversation-title">
            {t('sidebar.renameLabel')}
          </label>
          <input
            id="conversation-title"
            className="input"
            value={title}
            maxLength={200}
            autoFocus
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
          />
          <Button type="submit" size="sm" variant="primary" busy={rename.isPending}>
            {t('sidebar.rename')}
          </Button>
        </form>
      ) : (
        <h1 className="conversation__title">
          <button
            type="button"
            className="title-button"
            onClick={() => {
              setTitle(session.title);
              setEditing(true);
            }}
            title={t('conversation.rename')}
          >
            {session.title}
          </button>
        </h1>
      )}
      <p className="conversation__totals text-muted">
        {t('conversation.totals', { tokens: formatNumber(totals.tokens), cost: formatCost(totals.cost) })}
      </p>
      <SessionInstructionsButton session={session} />
      <details className="menu">
        <summary className="btn btn--sm btn--secondary">{t('conversation.export')}</summary>
        <div className="menu__items">
          <button type="button" className="menu__item" onClick={() => download('markdown')}>
            {t('conversation.exportMarkdown')}
          </button>
          <button type="button" className="menu__item" onClick={() => download('json')}>
            {t('conversation.exportJson')}
          </button>
        </div>
      </details>
      <InstructionsSummary instructions={session.instructions} />
      <ErrorMessage error={rename.error ?? exportSession.error} />
    </header>
  );
}

export function Conversation({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation('chat');
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const session = useSession(sessionId);
  const controller = useRunController();
  const allRuns = useLiveRuns();
  const preferences = useChatPreferences();
  const fork = useForkSession();
  const stop = useStopRun();
  const branch = useBranch(preferences);

  const runs = useMemo(() => allRuns.filter((run) => run.sessionId === sessionId), [allRuns, sessionId]);
  const messages = session.data?.messages;
  const views = useMemo(() => buildViews(messages ?? [], runs), [messages, runs]);
  const branches = useMemo(() => branchPoints(messages ?? []), [messages]);
  // The answers to one question are versions of one answer: one row, showing the version picked
  // (per row, until another answer joins it), else the newest.
  const rows = useMemo(() => conversationRows(views), [views]);
  const [choices, setChoices] = useState<Readonly<Record<string, VersionChoice>>>({});
  // A search result opens the session at the message it found (?message=<id>): the list opens at
  // its row, which shows that version of the answer (picked once per navigation, so the pager
  // still works), and the message is marked found. An id not in the session changes nothing.
  const found = searchParams.get('message');
  const target = useMemo(() => {
    const index = found ? views.findIndex((view) => view.id === found) : -1;
    return index === -1 ? null : findRow(rows, index);
  }, [found, views, rows]);
  const [targetOpened, setTargetOpened] = useState<string | null>(null);
  if (target && targetOpened !== location.key) {
    setTargetOpened(location.key);
    const row = rows[target.row]!;
    setChoices((chosen) => ({ ...chosen, [row.key]: chooseVersion(row, target.version) }));
  }
  const shown = useMemo(
    () =>
      rows.map((row) => {
        const version = shownVersion(row, choices[row.key]);
        return { key: row.key, version, versions: row.indexes.length, index: row.indexes[version]! };
      }),
    [rows, choices],
  );
  const shownViews = useMemo(() => shown.map(({ index }) => views[index]!), [shown, views]);
  const rowKeys = useMemo(() => shown.map(({ key }) => key), [shown]);
  const active = runs.find((run) => isRunning(run.status));
  const branchLocked = Boolean(active) || branch.isPending;
  const [announcement, setAnnouncement] = useState('');

  // Answers still being written (after a reload, or opened from the jobs panel): follow them.
  useEffect(() => {
    for (const message of messages ?? []) {
      if (message.role === 'assistant' && message.status === 'streaming' && message.runId) {
        controller.attach(sessionId, message.id, message.runId);
      }
    }
  }, [messages, controller, sessionId]);

  const activeKey = active?.key;
  useEffect(() => {
    if (!activeKey) return;
    return () => setAnnouncement(t('conversation.answerComplete'));
  }, [activeKey, t]);

  // Counts the user's sends: the list follows each to its end.
  const [sent, setSent] = useState(0);
  const send = (content: string, images: ImageAttachment[] = []) => {
    setSent((count) => count + 1);
    return controller.send(sessionId, { content, ...imagesField(images), ...sendOptions(preferences) });
  };

  // The server answers the last question again (with its images) after the answer(s) it has.
  const regenerate = () => controller.regenerate(sessionId, sendOptions(preferences));

  const stopRun = (runId: string) => {
    const run = runs.find((candidate) => candidate.runId === runId);
    if (run) controller.store.update(run.key, { stopping: true });
    stop.mutate(runId);
  };

  const lastAnswerIndex = views.findLastIndex((view) => view.role === 'assistant');

  // Stable handlers (reading the latest state through a ref), so that memoised messages do not
  // re-render on every streamed token.
  const latest = useRef({ active, regenerate, stopRun, fork, sessionId, navigate, branches, branch, rows, views });
  useLayoutEffect(() => {
    latest.current = { active, regenerate, stopRun, fork, sessionId, navigate, branches, branch, rows, views };
  });
  const actions = useMemo<MessageActions>(
    () => ({
      onFork: (messageId) => {
        const { fork, sessionId, navigate } = latest.current;
        fork.mutate({ sessionId, messageId }, { onSuccess: (forked) => navigate(`/chat/${forked.id}`) });
      },
      onStop: (runId) => latest.current.stopRun(runId),
      onRegenerate: async () => {
        const { active, regenerate } = latest.current;
        // One answer at a time in a session: the server would refuse a second as busy.
        if (!active) await regenerate();
      },
      onBranch: async (messageId, edited) => {
        const { branches, branch, sessionId } = latest.current;
        const point = branches.get(messageId);
        if (!point) return;
        await branch.mutateAsync({ sessionId, ...point, ...edited });
      },
      onShowVersion: (messageKey, version) => {
        const { rows, views } = latest.current;
        const row = rows.find((candidate) => candidate.indexes.some((index) => views[index]?.key === messageKey));
        if (row) setChoices((chosen) => ({ ...chosen, [row.key]: chooseVersion(row, version) }));
      },
    }),
    [],
  );

  if (session.isPending) return <PageLoading />;
  if (session.isError) return <ErrorMessage error={session.error} className="page-error" />;

  return (
    <div className="conversation">
      <ConversationHeader session={session.data} views={views} />
      <ErrorMessage error={fork.error ?? stop.error} />
      {views.length === 0 ? (
        <div className="conversation__empty">
          <h2>{t('conversation.emptyTitle')}</h2>
          <p className="text-muted">{t('conversation.emptyBody')}</p>
        </div>
      ) : (
        <MessageList
          messages={shownViews}
          keys={rowKeys}
          targetRow={target?.row}
          targetKey={location.key}
          follow={sent}
          renderMessage={(view, row) => {
            const { index, version, versions } = shown[row]!;
            return (
              <MessageItem
                message={view}
                isLastAnswer={index === lastAnswerIndex}
                earlier={isEarlierAnswer(views, index)}
                version={version}
                versions={versions}
                actions={actions}
                sessionId={sessionId}
                branchable={view.id !== null && branches.has(view.id)}
                branchLocked={branchLocked}
                found={view.id !== null && view.id === found}
              />
            );
          }}
        />
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <Composer
        key={sessionId}
        preferences={preferences}
        onSend={send}
        running={active ? { runId: active.runId, stopping: active.stopping } : undefined}
        onStop={() => active?.runId && stopRun(active.runId)}
        // A message found by a search takes the focus instead.
        autoFocus={!target}
      />
    </div>
  );
}
