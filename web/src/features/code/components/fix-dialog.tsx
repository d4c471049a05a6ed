// "Apply fix": the fix is shown first as a unified diff; applying sends the file version the
// diff was made for, so a file that changed meanwhile is refused (409) instead of mangled.
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { ApiError } from '@/lib/api-client';
import { useApplyFix, useFix } from '../api/review-fix';
import type { AppliedFix, Finding } from '../api/types';
import { DiffView } from './diff-view';

const CONFLICTS = ['review_fix_stale', 'fix_stale', 'file_changed', 'fix_already_applied'] as const;
type Conflict = (typeof CONFLICTS)[number];

export function FixDialog({
  reviewId,
  finding,
  blocked,
  onClose,
  onApplied,
}: {
  reviewId: string;
  finding: Finding | null;
  /** Why the fix cannot be applied right now (e.g. unsaved edits in its file). */
  blocked?: string;
  onClose: () => void;
  onApplied: (result: AppliedFix) => void;
}) {
  const { t } = useTranslation('code');
  const preview = useFix(reviewId, finding?.id ?? null);
  const apply = useApplyFix();
  const close = () => {
    apply.reset();
    onClose();
  };
  const conflict =
    apply.error instanceof ApiError && apply.error.status === 409
      ? (CONFLICTS as readonly string[]).includes(apply.error.code)
        ? (apply.error.code as Conflict)
        : 'file_changed'
      : null;

  return (
    <Dialog
      open={finding !== null}
      onClose={close}
      title={t('fix.title')}
      className="fix-dialog"
      footer={
        <>
          <Button onClick={close}>{conflict ? t('fix.close') : t('fix.cancel')}</Button>
          {!conflict && (
            <Button
              variant="primary"
              disabled={!preview.data || preview.data.state !== 'available' || Boolean(blocked)}
              busy={apply.isPending}
              onClick={() => {
                if (!finding || !preview.data) return;
                apply.mutate(
                  { reviewId, findingId: finding.id, sha256: preview.data.sha256 },
                  {
                    onSuccess: (result) => {
                      onApplied(result);
                      close();
                    },
                  },
                );
              }}
            >
              {t('fix.apply')}
            </Button>
          )}
        </>
      }
    >
      {finding && (
        <p>
          <strong>{finding.ruleId}</strong> · {t('fix.where', { file: finding.file, line: finding.line })}
        </p>
      )}
      {preview.isPending && finding ? (
        <Spinner label={t('fix.loading')} showLabel />
      ) : preview.isError ? (
        <ErrorMessage error={preview.error} />
      ) : preview.data ? (
        <>
          <p>{preview.data.description}</p>
          {preview.data.state !== 'available' && (
            <p className="alert alert--info">{t(`fix.state.${preview.data.state}`)}</p>
          )}
          <DiffView diff={preview.data.diff} label={t('fix.diffLabel', { file: preview.data.file })} />
        </>
      ) : null}
      {blocked && <p className="alert alert--info">{blocked}</p>}
      {conflict ? (
        <div role="alert" className="alert alert--error">
          <p>{t(`fix.conflict.${conflict}`)}</p>
          {apply.error instanceof ApiError && apply.error.requestId && (
            <p className="alert__meta">{t('errors.requestId', { ns: 'common', id: apply.error.requestId })}</p>
          )}
        </div>
      ) : (
        <ErrorMessage error={apply.error} />
      )}
    </Dialog>
  );
}
