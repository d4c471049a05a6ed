import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { sseEvent, sseResponse } from '@/test/sse-response';
import { WorkspaceView } from './workspace-view';

const SHA = (char: string) => char.repeat(64);
const workspace = { id: 'w1', name: 'Shop', description: null, fileCount: 1, bytes: 10, createdAt: '', updatedAt: '' };
const meta = (sha: string) => ({
  path: 'app.js',
  size: 10,
  sha256: sha,
  mime: 'text/javascript',
  text: true,
  language: 'javascript',
  updatedAt: '',
});

const SANDBOX = {
  available: true,
  reason: null,
  languages: [
    { id: 'javascript', label: 'JavaScript', extension: '.js', available: true, version: 'v20', install: null },
  ],
  limits: { timeoutSeconds: 10, memoryMb: 256, maxOutputBytes: 1048576 },
};

/** A workspace server whose app.js someone else changes to "theirs" after we opened it. */
function stubServer() {
  let file = {
    path: 'app.js',
    content: 'mine = 1;\n',
    sha256: SHA('a'),
    size: 10,
    mime: 'text/javascript',
    updatedAt: '',
  };
  const puts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      if (url === '/api/sandbox/languages') return jsonResponse(200, SANDBOX);
      if (url === '/api/workspaces/w1') return jsonResponse(200, workspace);
      if (url === '/api/workspaces/w1/files') return jsonResponse(200, { items: [meta(file.sha256)] });
      if (url === '/api/workspaces/w1/file?path=app.js' && method === 'GET') return jsonResponse(200, file);
      if (url === '/api/workspaces/w1/file' && method === 'PUT') {
        const body = JSON.parse(String(init.body)) as { content: string; baseSha256?: string | null };
        puts.push(body);
        if (body.baseSha256 !== file.sha256)
          return jsonResponse(409, { code: 'workspace_file_changed', detail: 'changed', requestId: 'req-9' });
        file = { ...file, content: body.content, sha256: SHA(String(puts.length)) };
        return jsonResponse(200, meta(file.sha256));
      }
      return jsonResponse(404, { code: 'not_found' });
    }),
  );
  return {
    puts,
    changeOnServer(content: string) {
      file = { ...file, content, sha256: SHA('f') };
    },
  };
}

const renderView = () =>
  renderWithProviders(
    <Routes>
      <Route path="/code/w/:workspaceId" element={<WorkspaceView />} />
    </Routes>,
    { route: '/code/w/w1?file=app.js' },
  );

const editorText = () => document.querySelector('.cm-content')?.textContent ?? '';

describe('the workspace editor', () => {
  beforeAll(() => {
    // jsdom has no layout; CodeMirror measures text ranges (empty rectangles are enough here).
    const empty = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
    Range.prototype.getClientRects ??= empty;
    Range.prototype.getBoundingClientRect ??= () => new DOMRect();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('saves against the version it opened, and on a conflict offers reload or overwrite', async () => {
    const server = stubServer();
    renderView();
    await waitFor(() => expect(editorText()).toBe('mine = 1;'));
    expect(screen.getByRole('treeitem', { name: 'app.js' })).toHaveAttribute('aria-current', 'true');

    await userEvent.click(document.querySelector('.cm-content')!);
    await userEvent.keyboard('{Control>}{End}{/Control}x');
    await screen.findByText('Unsaved changes');
    expect(screen.getByRole('treeitem', { name: 'app.js, Unsaved changes' })).toBeInTheDocument();

    server.changeOnServer('theirs = 2;\n');
    await userEvent.keyboard('{Control>}s{/Control}');
    const conflict = await screen.findByRole('alert');
    expect(conflict).toHaveTextContent('Someone else saved this file after you opened it.');
    expect(server.puts).toEqual([{ path: 'app.js', content: 'mine = 1;\nx', baseSha256: SHA('a') }]);

    // Overwrite: saves my text against the version now on the server.
    await userEvent.click(screen.getByRole('button', { name: 'Overwrite with mine' }));
    await screen.findByText('Saved');
    expect(server.puts).toHaveLength(2);
    expect(server.puts[1]).toEqual({ path: 'app.js', content: 'mine = 1;\nx', baseSha256: SHA('f') });
    expect(screen.queryByText('Unsaved changes')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reloads the other version when the user chooses to, dropping the unsaved edit', async () => {
    const server = stubServer();
    renderView();
    await waitFor(() => expect(editorText()).toBe('mine = 1;'));
    await userEvent.click(document.querySelector('.cm-content')!);
    await userEvent.keyboard('{Control>}{End}{/Control}y');
    server.changeOnServer('theirs = 2;\n');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Reload their version' }));
    await waitFor(() => expect(editorText()).toBe('theirs = 2;'));
    expect(screen.queryByText('Unsaved changes')).toBeNull();
    expect(server.puts).toHaveLength(1);
  });

  it('runs the open file, unsaved text included, with Ctrl+Enter from the editor', async () => {
    stubServer();
    const runs: unknown[] = [];
    const workspaceFetch = globalThis.fetch;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (url !== '/api/sandbox/runs') return workspaceFetch(url, init);
        runs.push(JSON.parse(String(init.body)));
        return jsonResponse(503, { code: 'sandbox_unavailable', detail: 'No sandbox.', requestId: 'req-7' });
      }),
    );
    renderView();
    await waitFor(() => expect(editorText()).toBe('mine = 1;'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
    await userEvent.click(document.querySelector('.cm-content')!);
    await userEvent.keyboard('{Control>}{End}{/Control}z{Control>}{Enter}{/Control}');
    await screen.findByText('Request id: req-7');
    expect(runs).toEqual([{ language: 'javascript', code: 'mine = 1;\nz', filename: 'app.js', workspaceId: 'w1' }]);
    // Ctrl+Enter ran the code instead of inserting a line.
    expect(editorText()).toBe('mine = 1;z');
  });

  it('reviews the open file with live progress, marks the finding inline and applies its fix', async () => {
    let content = 'const a = 1;\nel.innerHTML = input;\n';
    let sha = SHA('a');
    let fixState = 'available';
    const posts: Array<{ url: string; body: unknown }> = [];
    const finding = () => ({
      id: 'f1',
      file: 'app.js',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 21,
      ruleId: 'xionimus/html-injection',
      severity: 'high',
      category: 'security',
      message: 'innerHTML with dynamic content allows cross-site scripting',
      source: 'static',
      fix: { description: 'use textContent', origin: 'static' },
      fixState,
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        const method = init.method ?? 'GET';
        if (method === 'POST') posts.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined });
        if (url === '/api/sandbox/languages') return jsonResponse(200, SANDBOX);
        if (url === '/api/workspaces/w1') return jsonResponse(200, workspace);
        if (url === '/api/workspaces/w1/files') return jsonResponse(200, { items: [meta(sha)] });
        if (url === '/api/workspaces/w1/file?path=app.js')
          return jsonResponse(200, {
            path: 'app.js',
            content,
            sha256: sha,
            size: 1,
            mime: 'text/javascript',
            updatedAt: '',
          });
        if (url === '/api/review' && method === 'POST')
          return jsonResponse(202, { id: 'r1', status: 'queued', filesTotal: 1, filesDone: 0, findingsCount: 0 });
        if (url === '/api/review/r1/events')
          return sseResponse([
            sseEvent(1, 'started', { filesTotal: 1 }),
            sseEvent(2, 'progress', { stage: 'static', filesDone: 1, filesTotal: 1, findings: 1 }),
            sseEvent(3, 'done', { status: 'complete', findings: 1 }),
          ]);
        if (url === '/api/review/r1')
          return jsonResponse(200, {
            id: 'r1',
            status: 'complete',
            filesTotal: 1,
            filesDone: 1,
            findingsCount: 1,
            error: null,
            overview: {
              summary: {
                text: '',
                grade: 'C',
                scores: { overall: 70 },
                counts: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
              },
            },
            files: [],
            findings: [finding()],
          });
        if (url === '/api/review/r1/fixes/f1')
          return jsonResponse(200, {
            findingId: 'f1',
            file: 'app.js',
            description: 'use textContent',
            origin: 'static',
            state: 'available',
            sha256: SHA('r'),
            diff: '@@ -2 +2 @@\n-el.innerHTML = input;\n+el.textContent = input;\n',
          });
        if (url === '/api/review/r1/fixes/f1/apply') {
          // The server writes the workspace file.
          content = 'const a = 1;\nel.textContent = input;\n';
          sha = SHA('b');
          fixState = 'applied';
          return jsonResponse(200, { findingId: 'f1', file: 'app.js', sha256: sha, content, diff: '' });
        }
        return jsonResponse(404, { code: 'not_found' });
      }),
    );
    renderView();
    await waitFor(() => expect(editorText()).toBe('const a = 1;el.innerHTML = input;'));

    await userEvent.click(screen.getByRole('button', { name: 'Review file' }));
    const item = await screen.findByText('innerHTML with dynamic content allows cross-site scripting');
    expect(posts[0]).toEqual({
      url: '/api/review',
      body: { workspace: { id: 'w1', paths: ['app.js'] }, title: 'Shop' },
    });
    expect(screen.getByText('Grade C, score 70 of 100')).toBeInTheDocument();
    expect(item.closest('li')).toHaveTextContent('app.js, line 2');
    await waitFor(() =>
      expect(document.querySelector('.cm-lintRange-error')?.textContent).toBe('el.innerHTML = input'),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Show fix for xionimus/html-injection on line 2' }));
    await screen.findByLabelText('Changes to app.js');
    await userEvent.click(screen.getByRole('button', { name: 'Apply fix' }));
    await waitFor(() => expect(editorText()).toBe('const a = 1;el.textContent = input;'));
    expect(posts.at(-1)).toEqual({ url: '/api/review/r1/fixes/f1/apply', body: { sha256: SHA('r') } });
    expect(await screen.findByText('Fixed')).toBeInTheDocument();
    expect(screen.queryByText('Unsaved changes')).toBeNull();
  });
});
