// One review opened by its id (from the jobs panel, or a link): reattaches to its progress
// events while it runs, then shows its findings. A workspace review links back to its files.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { getReview, useReview } from '../api/get-review';
import { codeKeys, enc, type Finding } from '../api/types';
import { useReviewRun } from '../lib/use-review-run';
import { FixDialog } from './fix-dialog';
import { ReviewPanel } from './review-panel';

export function ReviewView() {
  const { t } = useTranslation('code');
  const { reviewId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { run, attach } = useReviewRun();
  const [fixing, setFixing] = useState<Finding | null>(null);
  // The title and workspace, known before the review finishes (the findings come after).
  const header = useQuery({
    queryKey: [...codeKeys.review(reviewId), 'header'],
    queryFn: () => getReview(reviewId),
    staleTime: Infinity,
  });
  const review = useReview(run.reviewId, run.phase === 'complete');
  const workspaceId = header.data?.workspaceId ?? null;

  useEffect(() => {
    void attach(reviewId);
  }, [attach, reviewId]);

  return (
    <div className="code-review-page">
      <header className="code-workspace__header">
        <Link to="/code" className="code-workspace__back">
          {t('workspace.back')}
        </Link>
        <h1 className="code-workspace__title">{header.data?.title ?? t('reviewPage.title')}</h1>
        {workspaceId && <Link to={`/code/w/${enc(workspaceId)}`}>{t('reviewPage.openWorkspace')}</Link>}
      </header>
      <main id="main" className="code-panel code-review">
        <ReviewPanel
          run={run}
          detail={review.data}
          detailError={review.error ?? header.error}
          // Without an editor here, a finding opens the workspace it came from.
          onJump={() => workspaceId && navigate(`/code/w/${enc(workspaceId)}`)}
          onFix={setFixing}
          actions={null}
        />
      </main>
      <FixDialog
        reviewId={reviewId}
        finding={fixing}
        onClose={() => setFixing(null)}
        onApplied={() => void queryClient.invalidateQueries({ queryKey: codeKeys.review(reviewId) })}
      />
    </div>
  );
}
