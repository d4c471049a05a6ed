// Everything still running on the server for this user (answers being written, reviews and
// sandbox runs queued or under way), so that someone who closed the tab can go back to it. The
// lists poll only while the panel is open or something runs.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { useActiveRuns, useSessionTitle, useStopRun, type ActiveRun } from '@/features/chat';
import { reviewPath, useUnfinishedReviews, type ReviewSummary } from '@/features/code';
import { formatDateTime } from '@/lib/format';
import { useStopSandboxRun, useUnfinishedSandboxRuns, type SandboxRunJob } from '../api/sandbox-runs';
import '../jobs.css';

export interface JobsButtonProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** The header button with the number of running jobs, and the panel it opens. */
export function JobsButton({ open, onOpenChange }: JobsButtonProps) {
  const { t } = useTranslation('jobs');
  const answers = useActiveRuns(open);
  const reviews = useUnfinishedReviews(open);
  const sandboxRuns = useUnfinishedSandboxRuns(open);
  const count = (answers.data?.items.length ?? 0) + (reviews.data?.length ?? 0) + (sandboxRuns.data?.length ?? 0);
  const failed = answers.error ?? reviews.error ?? sandboxRuns.error;

  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => onOpenChange(true)} aria-haspopup="dialog">
        {t('button')}
        <span className={count > 0 ? 'count count--active' : 'count'}>{count}</span>
      </Button>
      <Dialog open={open} onClose={() => onOpenChange(false)} title={t('title')}>
        {answers.isPending || reviews.isPending || sandboxRuns.isPending ? (
          <Spinner />
        ) : count === 0 && !failed ? (
          <p className="text-muted">{t('empty')}</p>
        ) : (
          <>
            <ErrorMessage error={failed} />
            <RunningAnswers runs={answers.data?.items ?? []} onOpened={() => onOpenChange(false)} />
            <RunningReviews reviews={reviews.data ?? []} onOpened={() => onOpenChange(false)} />
            <RunningSandboxRuns runs={sandboxRuns.data ?? []} onOpened={() => onOpenChange(false)} />
          </>
        )}
      </Dialog>
    </>
  );
}

function JobSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="jobs-section">
      <h3 className="jobs-section__title">{title}</h3>
      <ul className="jobs-list">{children}</ul>
    </section>
  );
}

/** One job: what it is, since when, a button to open it and, for what can be stopped, one to stop it. */
function JobItem({
  title,
  detail,
  openPath,
  onOpened,
  stop,
}: {
  title: ReactNode;
  detail: ReactNode;
  /** Where "Open" leads; no button without one. */
  openPath?: string;
  onOpened: () => void;
  stop?: { busy: boolean; onStop: () => void };
}) {
  const { t } = useTranslation('jobs');
  const navigate = useNavigate();
  return (
    <li className="jobs-list__item">
      <div>
        <strong>{title}</strong> <span className="text-muted">{detail}</span>
      </div>
      <div className="jobs-list__actions">
        {openPath && (
          <Button
            size="sm"
            variant="primary"
            onClick={() => {
              onOpened();
              navigate(openPath);
            }}
          >
            {t('open')}
          </Button>
        )}
        {stop && (
          <Button size="sm" variant="danger" busy={stop.busy} onClick={stop.onStop}>
            {t('stop')}
          </Button>
        )}
      </div>
    </li>
  );
}

function RunningAnswers({ runs, onOpened }: { runs: ActiveRun[]; onOpened: () => void }) {
  const { t } = useTranslation('jobs');
  const stop = useStopRun();
  const titleOf = useSessionTitle();
  if (runs.length === 0) return null;
  return (
    <JobSection title={t('answers.title')}>
      {runs.map((run) => (
        <JobItem
          key={run.runId}
          title={titleOf(run.sessionId) ?? t('answers.untitled')}
          detail={t('started', { time: formatDateTime(run.startedAt) })}
          openPath={`/chat/${encodeURIComponent(run.sessionId)}`}
          onOpened={onOpened}
          stop={{ busy: stop.isPending && stop.variables === run.runId, onStop: () => stop.mutate(run.runId) }}
        />
      ))}
    </JobSection>
  );
}

function RunningReviews({ reviews, onOpened }: { reviews: ReviewSummary[]; onOpened: () => void }) {
  const { t } = useTranslation('jobs');
  if (reviews.length === 0) return null;
  return (
    <JobSection title={t('reviews.title')}>
      {reviews.map((review) => (
        <JobItem
          key={review.id}
          title={review.title}
          detail={
            <>
              {review.status === 'queued'
                ? t('reviews.queued')
                : t('reviews.progress', { done: review.filesDone, total: review.filesTotal })}
              {' · '}
              {t('started', { time: formatDateTime(review.createdAt) })}
            </>
          }
          openPath={reviewPath(review.id)}
          onOpened={onOpened}
        />
      ))}
    </JobSection>
  );
}

function RunningSandboxRuns({ runs, onOpened }: { runs: SandboxRunJob[]; onOpened: () => void }) {
  const { t } = useTranslation('jobs');
  const stop = useStopSandboxRun();
  if (runs.length === 0) return null;
  return (
    <JobSection title={t('sandbox.title')}>
      {runs.map(({ workspaceId, ...run }) => (
        <JobItem
          key={run.id}
          title={run.filename}
          detail={
            <>
              {run.status === 'queued' ? t('sandbox.queued') : t('sandbox.running')}
              {' · '}
              {t('started', { time: formatDateTime(run.createdAt) })}
            </>
          }
          openPath={workspaceId ? `/code/w/${encodeURIComponent(workspaceId)}` : undefined}
          onOpened={onOpened}
          stop={{ busy: stop.isPending && stop.variables === run.id, onStop: () => stop.mutate(run.id) }}
        />
      ))}
    </JobSection>
  );
}
