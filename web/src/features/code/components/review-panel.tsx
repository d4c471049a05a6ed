// The review side of the Code screen: what to review, live progress from the events, then the
// summary and the findings (filterable; a click jumps to the line), reports and fixes.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { cx } from '@/lib/cx';
import { useDownloadReport } from '../api/review-report';
import { CATEGORIES, SEVERITIES, type Category, type Finding, type ReviewDetail, type Severity } from '../api/types';
import type { ReviewRun } from '../lib/use-review-run';

export interface ReviewPanelProps {
  run: ReviewRun;
  detail: ReviewDetail | undefined;
  detailError: unknown;
  /** The review buttons ("Review file", "Review workspace"…). */
  actions: ReactNode;
  onJump: (finding: Finding) => void;
  onFix: (finding: Finding) => void;
}

function Progress({ run }: { run: ReviewRun }) {
  const { t } = useTranslation('code');
  if (run.phase === 'idle' || run.phase === 'complete' || run.phase === 'failed') return null;
  const text =
    run.phase === 'starting'
      ? t('review.starting')
      : run.phase === 'queued'
        ? t('review.queued')
        : t('review.progress', { done: run.filesDone, total: run.filesTotal, findings: run.findings });
  return (
    <div className="review-progress">
      <p role="status" aria-live="polite">
        {text}
        {run.reconnecting && ` ${t('review.reconnecting')}`}
      </p>
      <progress max={Math.max(run.filesTotal, 1)} value={run.filesDone} aria-label={t('review.progressLabel')} />
    </div>
  );
}

function Summary({ review }: { review: ReviewDetail }) {
  const { t } = useTranslation('code');
  const download = useDownloadReport();
  const summary = review.overview?.summary;
  return (
    <section className="review-summary" aria-label={t('review.summary')}>
      {summary && (
        <div className="review-summary__grade">
          <span className={cx('grade', `grade--${summary.grade}`)} aria-hidden="true">
            {summary.grade}
          </span>
          <div>
            <p className="review-summary__score">
              {t('review.score', { grade: summary.grade, score: summary.scores.overall })}
            </p>
            <p className="text-muted">
              {SEVERITIES.filter((severity) => summary.counts[severity] > 0)
                .map((severity) => `${summary.counts[severity]} ${t(`severity.${severity}`)}`)
                .join(' · ') || t('review.clean')}
            </p>
          </div>
        </div>
      )}
      <div className="review-summary__reports">
        <span className="text-muted">{t('review.download')}</span>
        <Button size="sm" onClick={() => download.mutate({ reviewId: review.id, format: 'markdown' })}>
          {t('review.markdown')}
        </Button>
        <Button size="sm" onClick={() => download.mutate({ reviewId: review.id, format: 'sarif' })}>
          {t('review.sarif')}
        </Button>
      </div>
      <ErrorMessage error={download.error} />
    </section>
  );
}

export function ReviewPanel({ run, detail, detailError, actions, onJump, onFix }: ReviewPanelProps) {
  const { t } = useTranslation('code');
  const [severity, setSeverity] = useState<Severity | 'all'>('all');
  const [category, setCategory] = useState<Category | 'all'>('all');
  const findings = (detail?.findings ?? []).filter(
    (finding) =>
      (severity === 'all' || finding.severity === severity) && (category === 'all' || finding.category === category),
  );

  return (
    <section className="review-panel" aria-labelledby="review-panel-title">
      <h2 id="review-panel-title" className="review-panel__title">
        {t('review.title')}
      </h2>
      <div className="review-panel__actions">{actions}</div>
      <Progress run={run} />
      {run.phase === 'failed' && <ErrorMessage error={run.error} />}
      {run.phase === 'complete' && !detail && !detailError && <Spinner />}
      <ErrorMessage error={detailError} />
      {detail && (
        <>
          <Summary review={detail} />
          <div className="review-filters">
            <label>
              <span>{t('review.filterSeverity')}</span>
              <select
                className="input input--sm"
                value={severity}
                onChange={(event) => setSeverity(event.target.value as Severity | 'all')}
              >
                <option value="all">{t('review.all')}</option>
                {SEVERITIES.map((item) => (
                  <option key={item} value={item}>
                    {t(`severity.${item}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('review.filterCategory')}</span>
              <select
                className="input input--sm"
                value={category}
                onChange={(event) => setCategory(event.target.value as Category | 'all')}
              >
                <option value="all">{t('review.all')}</option>
                {CATEGORIES.map((item) => (
                  <option key={item} value={item}>
                    {t(`category.${item}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <h3 className="review-panel__subtitle">{t('review.findings', { count: findings.length })}</h3>
          {findings.length === 0 ? (
            <p className="text-muted">{detail.findings.length === 0 ? t('review.none') : t('review.noneFiltered')}</p>
          ) : (
            <ul className="findings" aria-label={t('review.findingsList')}>
              {findings.map((finding) => (
                <li
                  key={finding.id}
                  className={cx('finding', `finding--${finding.severity}`)}
                  data-rule={finding.ruleId}
                >
                  <button type="button" className="finding__jump" onClick={() => onJump(finding)}>
                    <span className="finding__head">
                      <span className={cx('badge', 'badge--small', `severity--${finding.severity}`)}>
                        {t(`severity.${finding.severity}`)}
                      </span>
                      <span className="finding__category">{t(`category.${finding.category}`)}</span>
                      <code className="finding__rule">{finding.ruleId}</code>
                    </span>
                    <span className="finding__message">{finding.message}</span>
                    <span className="finding__where">{t('review.at', { file: finding.file, line: finding.line })}</span>
                  </button>
                  {finding.fixState === 'available' && (
                    <Button
                      size="sm"
                      onClick={() => onFix(finding)}
                      aria-label={t('fix.openFor', { rule: finding.ruleId, line: finding.line })}
                    >
                      {t('fix.open')}
                    </Button>
                  )}
                  {finding.fixState === 'applied' && (
                    <span className="badge badge--success badge--small">{t('fix.applied')}</span>
                  )}
                  {finding.fixState === 'stale' && (
                    <span className="badge badge--warning badge--small">{t('fix.stale')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
