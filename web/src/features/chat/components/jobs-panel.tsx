// Answers still being written, listed from the server: a user who closed the tab (or lost the
// connection) reopens the chat and the conversation reattaches to the stream.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { formatDateTime } from '@/lib/format';
import { useActiveRuns } from '../api/list-runs';
import type { SessionPage } from '../api/list-sessions';
import { useStopRun } from '../api/stop-run';
import { chatKeys } from '../api/types';

export function JobsButton() {
  const { t } = useTranslation('chat');
  const runs = useActiveRuns();
  const stop = useStopRun();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const items = runs.data?.items ?? [];

  const titleOf = (sessionId: string) => {
    for (const [, data] of queryClient.getQueriesData<{ pages: SessionPage[] }>({ queryKey: chatKeys.sessions() })) {
      const found = data?.pages.flatMap((page) => page.items).find((session) => session.id === sessionId);
      if (found) return found.title;
    }
    return t('jobs.untitled');
  };

  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-haspopup="dialog">
        {t('jobs.button')}
        <span className={items.length > 0 ? 'count count--active' : 'count'}>{items.length}</span>
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('jobs.title')}>
        {runs.isPending ? (
          <Spinner />
        ) : runs.isError ? (
          <ErrorMessage error={runs.error} />
        ) : items.length === 0 ? (
          <p className="text-muted">{t('jobs.empty')}</p>
        ) : (
          <ul className="jobs-list">
            {items.map((run) => (
              <li key={run.runId} className="jobs-list__item">
                <div>
                  <strong>{titleOf(run.sessionId)}</strong>
                  <span className="text-muted"> {t('jobs.started', { time: formatDateTime(run.startedAt) })}</span>
                </div>
                <div className="jobs-list__actions">
                  <Button
                    size="sm"
                    variant="primary"
                    onClick={() => {
                      setOpen(false);
                      navigate(`/chat/${run.sessionId}`);
                    }}
                  >
                    {t('jobs.open')}
                  </Button>
                  <Button
                    size="sm"
                    variant="danger"
                    busy={stop.isPending && stop.variables === run.runId}
                    onClick={() =>
                      stop.mutate(run.runId, {
                        onSuccess: () => void queryClient.invalidateQueries({ queryKey: chatKeys.runs() }),
                      })
                    }
                  >
                    {t('jobs.stop')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Dialog>
    </>
  );
}
