import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { Finding } from '../api/types';
import { FixDialog } from './fix-dialog';

const SHA = 'a'.repeat(64);
const finding: Finding = {
  id: 'finding-1',
  file: 'src/run.js',
  line: 3,
  column: 1,
  ruleId: 'js-eval',
  severity: 'critical',
  category: 'security',
  message: 'eval of user input',
  source: 'static',
  fix: { description: 'Parse JSON instead of evaluating it', origin: 'static' },
  fixState: 'available',
};
const preview = {
  findingId: 'finding-1',
  file: 'src/run.js',
  description: 'Parse JSON instead of evaluating it',
  origin: 'static',
  state: 'available',
  sha256: SHA,
  diff: '--- a/src/run.js\n+++ b/src/run.js\n@@ -3 +3 @@\n-const data = eval(input);\n+const data = JSON.parse(input);\n',
};

function stubServer(apply: () => Response) {
  const requests: Array<{ url: string; method: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      requests.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (url === '/api/review/r1/fixes/finding-1') return jsonResponse(200, preview);
      if (url === '/api/review/r1/fixes/finding-1/apply') return apply();
      return jsonResponse(404, { code: 'not_found' });
    }),
  );
  return requests;
}

describe('the apply-fix dialog', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the diff first, then applies the fix to the version it showed', async () => {
    const requests = stubServer(() =>
      jsonResponse(200, {
        findingId: 'finding-1',
        file: 'src/run.js',
        sha256: 'b'.repeat(64),
        content: 'fixed',
        diff: preview.diff,
      }),
    );
    const onApplied = vi.fn();
    const onClose = vi.fn();
    renderWithProviders(<FixDialog reviewId="r1" finding={finding} onClose={onClose} onApplied={onApplied} />);

    const diff = await screen.findByLabelText('Changes to src/run.js');
    expect(diff.querySelector('.diff-view__line--removed')).toHaveTextContent('-const data = eval(input);');
    expect(diff.querySelector('.diff-view__line--added')).toHaveTextContent('+const data = JSON.parse(input);');
    expect(screen.getByText('Parse JSON instead of evaluating it')).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Apply fix' }));
    await waitFor(() => expect(onApplied).toHaveBeenCalledWith(expect.objectContaining({ content: 'fixed' })));
    expect(onClose).toHaveBeenCalled();
    expect(requests.find((request) => request.method === 'POST')).toEqual({
      url: '/api/review/r1/fixes/finding-1/apply',
      method: 'POST',
      body: { sha256: SHA },
    });
  });

  it('explains a 409 (the file changed since the review) and does not report the fix as applied', async () => {
    stubServer(() =>
      jsonResponse(409, {
        code: 'review_fix_stale',
        detail: 'src/run.js changed since the review',
        requestId: 'req-409',
      }),
    );
    const onApplied = vi.fn();
    renderWithProviders(<FixDialog reviewId="r1" finding={finding} onClose={vi.fn()} onApplied={onApplied} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Apply fix' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The file changed since the review, so this fix no longer applies. Review the file again.',
    );
    expect(alert).toHaveTextContent('Request id: req-409');
    expect(onApplied).not.toHaveBeenCalled();
    // Applying again would fail the same way: the dialog offers to close instead.
    expect(screen.queryByRole('button', { name: 'Apply fix' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
  });

  it('does not apply while the file has unsaved edits', async () => {
    const requests = stubServer(() => jsonResponse(500, {}));
    renderWithProviders(
      <FixDialog
        reviewId="r1"
        finding={finding}
        blocked="Save your changes first."
        onClose={vi.fn()}
        onApplied={vi.fn()}
      />,
    );
    await screen.findByLabelText('Changes to src/run.js');
    expect(screen.getByText('Save your changes first.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply fix' })).toBeDisabled();
    expect(requests.every((request) => request.method === 'GET')).toBe(true);
  });
});
