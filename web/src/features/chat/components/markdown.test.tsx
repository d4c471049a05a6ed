import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render as renderDom, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/test/render';
import { sseEvent, sseResponse } from '@/test/sse-response';
import { Markdown } from './markdown';

// Code blocks save to the clipboard through TanStack Query; no router here on purpose.
const render = (ui: ReactElement) => {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return renderDom(ui, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    ),
  });
};

function ScratchProbe() {
  const location = useLocation();
  return <pre data-testid="scratch-state">{JSON.stringify(location.state)}</pre>;
}

describe('Markdown answers', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('drops raw HTML instead of rendering it', () => {
    const { container } = render(
      <Markdown
        text={
          'Before <script>alert(1)</script> <b>bold</b> <img src=x onerror="alert(2)"> after\n\n<iframe src="https://evil.example"></iframe>'
        }
      />,
    );
    expect(container.querySelector('script, b, iframe, img')).toBeNull();
    expect(container.innerHTML).not.toContain('onerror');
    expect(container).toHaveTextContent('Before');
    expect(container).toHaveTextContent('after');
  });

  it('removes javascript: and data: links and opens the rest safely in a new tab', () => {
    const { container } = render(
      <Markdown
        text={
          '[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [docs](https://example.com/docs) <https://auto.example>'
        }
      />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      'https://example.com/docs',
      'https://auto.example',
    ]);
    for (const link of links) {
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      expect(link).toHaveAttribute('target', '_blank');
    }
    expect(container.innerHTML).not.toContain('javascript:');
    expect(screen.getByText('click').tagName).toBe('SPAN');
  });

  it('does not load a remote image until the user allows it', async () => {
    const { container } = render(<Markdown text={'![a chart](https://tracker.example/leak?data=secret)'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/Image from tracker\.example not loaded/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load image' }));
    const image = container.querySelector('img');
    expect(image).toHaveAttribute('src', 'https://tracker.example/leak?data=secret');
    expect(image).toHaveAttribute('referrerpolicy', 'no-referrer');
  });

  it('highlights fenced code and offers to copy it', () => {
    const { container } = render(<Markdown text={'```ts\nconst answer: number = 42;\n```'} />);
    const code = container.querySelector('pre code');
    expect(code).toHaveClass('hljs');
    expect(code?.querySelector('.hljs-keyword')).toHaveTextContent('const');
    expect(code).toHaveTextContent('const answer: number = 42;');
    expect(screen.getByText('ts')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeInTheDocument();
  });

  it('turns citation markers into numbered links to the sources, but not inside code', () => {
    const { container } = render(
      <Markdown
        text={'Rust 1.0 shipped in 2015 [1], see also [2] and [3]. `arr[1]`'}
        citations={[
          { index: 1, url: 'https://blog.rust-lang.org/2015/05/15/Rust-1.0.html' },
          { index: 2, url: 'https://en.wikipedia.org/wiki/Rust' },
        ]}
      />,
    );
    const citations = [...container.querySelectorAll('a.citation')];
    expect(citations.map((link) => link.textContent)).toEqual(['[1]', '[2]']);
    expect(citations[0]).toHaveAttribute('href', 'https://blog.rust-lang.org/2015/05/15/Rust-1.0.html');
    expect(citations[0]).toHaveAccessibleName('Source 1: blog.rust-lang.org');
    expect(container).toHaveTextContent('[3]');
    expect(container.querySelector('code')).toHaveTextContent('arr[1]');
  });

  it('offers to review a code block on the Code screen, passing its code and language', async () => {
    render(
      <MemoryRouter>
        <Routes>
          <Route path="/" element={<Markdown text={'```py\nimport os\nos.system(cmd)\n```'} />} />
          <Route path="/code/scratch" element={<ScratchProbe />} />
        </Routes>
      </MemoryRouter>,
    );
    await userEvent.click(screen.getByRole('link', { name: 'Review this' }));
    expect(JSON.parse(screen.getByTestId('scratch-state').textContent ?? '')).toEqual({
      review: { content: 'import os\nos.system(cmd)', language: 'python' },
    });
  });

  it('leaves the review action out where there is no router to reach the Code screen', () => {
    render(<Markdown text={'```js\neval(x)\n```'} />);
    expect(screen.queryByRole('link', { name: 'Review this' })).toBeNull();
  });

  it('saves a code block to the clipboard with its language and the answer it came from', async () => {
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        posts.push({ url, method: init.method, body: JSON.parse(String(init.body)) });
        return jsonResponse(201, { id: 'c1' });
      }),
    );
    render(<Markdown text={'```ts\nconst answer = 42;\n```'} sessionId="s1" messageId="m1" />);
    const button = screen.getByRole('button', { name: 'Save to clipboard' });
    await userEvent.click(button);
    await waitFor(() => expect(button).toHaveAccessibleName('Saved to clipboard'));
    expect(button.querySelector('[aria-live]')).toHaveTextContent('Saved to clipboard');
    expect(posts).toEqual([
      {
        url: '/api/clipboard',
        method: 'POST',
        body: { content: 'const answer = 42;', language: 'ts', source: { sessionId: 's1', messageId: 'm1' } },
      },
    ]);
  });

  it('says so, with the reason, when the clipboard refuses the code', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(409, { code: 'clipboard_full', detail: 'your clipboard holds 1000 items', requestId: 'r1' }),
      ),
    );
    render(<Markdown text={'```\nplain words\n```'} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save to clipboard' }));
    const status = await screen.findByText('Not saved', { exact: false, selector: '[aria-live]' });
    expect(status).toHaveTextContent('Not saved: Your clipboard is full (1,000 snippets). Delete some first.');
    expect(screen.getByRole('button', { name: /^Not saved/ })).toHaveAttribute(
      'title',
      'Your clipboard is full (1,000 snippets). Delete some first.',
    );
  });

  it('runs a Python code block in the sandbox and shows its output under the block', async () => {
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (url === '/api/sandbox/languages')
          return jsonResponse(200, {
            available: true,
            reason: null,
            languages: [
              { id: 'python', label: 'Python', extension: '.py', available: true, version: '3.12', install: null },
            ],
            limits: { timeoutSeconds: 10, memoryMb: 256, maxOutputBytes: 1048576 },
          });
        if (url === '/api/sandbox/runs') {
          posts.push(JSON.parse(String(init.body)));
          return jsonResponse(202, { id: 'r1', status: 'queued', eventsUrl: '/api/sandbox/runs/r1/events' });
        }
        if (url === '/api/sandbox/runs/r1/events')
          return sseResponse([
            sseEvent(1, 'status', { status: 'running' }),
            sseEvent(2, 'stdout', { text: 'hello from python\n' }),
            sseEvent(3, 'exit', { exitCode: 0, signal: null, durationMs: 40, limit: null, outputTruncated: false }),
          ]);
        return jsonResponse(404, { code: 'not_found' });
      }),
    );
    render(<Markdown text={'```py\nprint("hello from python")\n```\n\n```go\nfmt.Println(1)\n```'} />);
    const run = await screen.findByRole('button', { name: 'Run this Python code in the sandbox' });
    // Go is not a sandbox language: its block keeps only the other actions.
    expect(screen.getAllByRole('button', { name: /in the sandbox$/ })).toHaveLength(1);
    await userEvent.click(run);
    const log = await screen.findByRole('log', { name: 'Output' });
    await waitFor(() => expect(log).toHaveTextContent('hello from python'));
    expect(screen.getByRole('region', { name: 'Output of this Python code' })).toBeInTheDocument();
    expect(await screen.findByText('Exit code 0 · 40 ms')).toBeInTheDocument();
    expect(posts).toEqual([{ language: 'python', code: 'print("hello from python")' }]);
    expect(screen.getByRole('button', { name: 'Hide output' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('offers no Run when the server has no sandbox', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { available: false, reason: 'no bwrap', languages: [] }));
    vi.stubGlobal('fetch', fetch);
    render(<Markdown text={'```python\nprint(1)\n```'} />);
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    await screen.findByRole('button', { name: 'Save to clipboard' });
    expect(screen.queryByRole('button', { name: /Run/ })).toBeNull();
  });
});
