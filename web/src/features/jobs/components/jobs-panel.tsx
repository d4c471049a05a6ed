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

function RunningAnswers({ runs, onOpened }: { runs: ActiveRun[]; onOpened: () => void }) {
  const { t } = useTranslation('jobs');
  const navigate = useNavigate();
  const stop = useStopRun();
  const titleOf = useSessionTitle();
  if (runs.length === 0) return null;
  return (
    <JobSection title={t('answers.title')}>
      {runs.map((run) => (
        <li key={run.runId} className="jobs-list__item">
          <div>
            <strong>{titleOf(run.sessionId) ?? t('answers.untitled')}</strong>
            <span className="text-muted"> {t('started', { time: formatDateTime(run.startedAt) })}</span>
          </div>
          <div className="jobs-list__actions">
            <Button
              size="sm"
              variant="primary"
              onClick={() => {
                onOpened();
                navigate(`/chat/${encodeURIComponent(run.sessionId)}`);
              }}
            >
              {t('open')}
            </Button>
            <Button
              size="sm"
              variant="danger"
              busy={stop.isPending && stop.variables === run.runId}
              onClick={() => stop.mutate(run.runId)}
            >
              {t('stop')}
            </Button>
          </div>
        </li>
      ))}
    </JobSection>
  );
}

function RunningReviews({ reviews, onOpened }: { reviews: ReviewSummary[]; onOpened: () => void }) {
  const { t } = useTranslation('jobs');
  const navigate = useNavigate();
  if (reviews.length === 0) return null;
  return (
    <JobSection title={t('reviews.title')}>
      {reviews.map((review) => (
        <li key={review.id} className="jobs-list__item">
          <div>
            <strong>{review.title}</strong>{' '}
            <span className="text-muted">
              {review.status === 'queued'
                ? t('reviews.queued')
                : t('reviews.progress', { done: review.filesDone, total: review.filesTotal })}
              {' · '}
              {t('started', { time: formatDateTime(review.createdAt) })}
            </span>
          </div>
          <div className="jobs-list__actions">
            <Button
              size="sm"
              variant="primary"
              onClick={() => {
                onOpened();
                navigate(reviewPath(review.id));
              }}
            >
              {t('open')}
            </Button>
          </div>
        </li>
      ))}
    </JobSection>
  );
}

function RunningSandboxRuns({ runs, onOpened }: { runs: SandboxRunJob[]; onOpened: () => void }) {
  const { t } = useTranslation('jobs');
  const navigate = useNavigate();
  const stop = useStopSandboxRun();
  if (runs.length === 0) return null;
  return (
    <JobSection title={t('sandbox.title')}>
      {runs.map(({ workspaceId, ...run }) => (
        <li key={run.id} className="jobs-list__item">
          <div>
            <strong>{run.filename}</strong>{' '}
            <span className="text-muted">
              {run.status === 'queued' ? t('sandbox.queued') : t('sandbox.running')}
              {' · '}
              {t('started', { time: formatDateTime(run.createdAt) })}
            </span>
          </div>
          <div className="jobs-list__actions">
            {workspaceId && (
              <Button
                size="sm"
                variant="primary"
                onClick={() => {
                  onOpened();
                  navigate(`/code/w/${encodeURIComponent(workspaceId)}`);
                }}
              >
                {t('open')}
              </Button>
            )}
            <Button
              size="sm"
              variant="danger"
              busy={stop.isPending && stop.variables === run.id}
              onClick={() => stop.mutate(run.id)}
            >
              {t('stop')}
            </Button>
          </div>
        </li>
      ))}
    </JobSection>
  );
}
