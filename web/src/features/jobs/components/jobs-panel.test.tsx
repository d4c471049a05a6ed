import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { JobsButton } from './jobs-panel';

const review = (id: string, status: string, filesDone: number) => ({
  id,
  title: `Review ${id}`,
  status,
  source: 'files',
  workspaceId: null,
  filesTotal: 5,
  filesDone,
  findingsCount: 0,
  grade: null,
  score: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: null,
});

function stubServer() {
  const requests: string[] = [];
  let runs = [{ runId: 'run1', sessionId: 's1', messageId: 'm1', startedAt: '2026-01-01T10:00:00.000Z' }];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://app.test');
      requests.push(`${init.method ?? 'GET'} ${url.pathname}`);
      if (url.pathname === '/api/chat/runs') return jsonResponse(200, { items: runs });
      if (url.pathname === '/api/chat/runs/run1/stop') {
        runs = [];
        return jsonResponse(200, { runId: 'run1', status: 'stopping' });
      }
      if (url.pathname === '/api/sandbox/runs')
        return jsonResponse(200, {
          items: [
            {
              id: 'x1',
              language: 'python',
              filename: 'main.py',
              workspaceId: null,
              status: 'running',
              createdAt: '2026-01-01T10:00:00.000Z',
            },
            {
              id: 'x2',
              language: 'python',
              filename: 'old.py',
              workspaceId: null,
              status: 'stopped',
              createdAt: '2026-01-01T09:00:00.000Z',
            },
          ],
          nextCursor: null,
        });
      if (url.pathname === '/api/review')
        return jsonResponse(200, {
          items: [review('r1', 'running', 2), review('r2', 'complete', 5), review('r3', 'queued', 0)],
          nextCursor: null,
        });
      return jsonResponse(404, { code: 'not_found' });
    }),
  );
  return requests;
}

afterEach(() => vi.unstubAllGlobals());

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <JobsButton open={open} onOpenChange={setOpen} />
      <Routes>
        <Route path="*" element={<output aria-label="path">{useLocation().pathname}</output>} />
      </Routes>
    </>
  );
}

describe('JobsButton', () => {
  it('counts running answers, unfinished reviews and sandbox runs, and lists them with their progress', async () => {
    stubServer();
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    const button = await screen.findByRole('button', { name: /Running\s*4/ });
    await user.click(button);
    const panel = screen.getByRole('dialog', { name: 'Running jobs' });
    expect(within(panel).getByText('Review r1')).toBeInTheDocument();
    expect(within(panel).getByText(/2 of 5 files/)).toBeInTheDocument();
    expect(within(panel).getByText(/waiting for a reviewer/)).toBeInTheDocument();
    expect(within(panel).queryByText('Review r2')).not.toBeInTheDocument();
    expect(within(panel).getByRole('heading', { name: 'Answers' })).toBeInTheDocument();
    expect(within(panel).getByText('main.py')).toBeInTheDocument();
    expect(within(panel).queryByText('old.py')).not.toBeInTheDocument();
  });

  it('opens a review on the Code screen and closes the panel', async () => {
    stubServer();
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    await user.click(await screen.findByRole('button', { name: /Running\s*4/ }));
    const item = screen.getByText('Review r1').closest('li')!;
    await user.click(within(item).getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('status', { name: 'path' })).toHaveTextContent('/code/review/r1');
    expect(screen.queryByRole('dialog', { name: 'Running jobs' })).not.toBeInTheDocument();
  });

  it('stops an answer and counts it no more', async () => {
    const requests = stubServer();
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    await user.click(await screen.findByRole('button', { name: /Running\s*4/ }));
    const answer = screen.getByRole('heading', { name: 'Answers' }).closest('section')!;
    await user.click(within(answer).getByRole('button', { name: 'Stop' }));
    expect(requests).toContain('POST /api/chat/runs/run1/stop');
    await waitFor(() => expect(screen.getByRole('button', { name: /Running\s*3/ })).toBeInTheDocument());
  });
});
