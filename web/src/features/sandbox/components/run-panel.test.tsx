import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { sseEvent } from '@/test/sse-response';
import type { SandboxLanguages } from '../api/types';
import { RunPanel } from './run-panel';

const LIMITS = { timeoutSeconds: 10, memoryMb: 256, maxOutputBytes: 1 << 20 };
const ALL_AVAILABLE: SandboxLanguages = {
  available: true,
  reason: null,
  languages: [
    { id: 'python', label: 'Python', extension: '.py', available: true, version: '3.12.3', install: null },
    { id: 'csharp', label: 'C#', extension: '.cs', available: false, version: null, install: 'mono-mcs' },
  ],
  limits: LIMITS,
};

/** An event stream the test writes to, like a run that is still going. */
function liveStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  let id = 0;
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    send(event: string, data: unknown) {
      controller.enqueue(encoder.encode(sseEvent(++id, event, data)));
    },
    end: () => controller.close(),
  };
}

function stubServer(languages: SandboxLanguages = ALL_AVAILABLE) {
  const stream = liveStream();
  const requests: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      requests.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (url === '/api/sandbox/languages') return jsonResponse(200, languages);
      if (url === '/api/sandbox/runs' && method === 'POST')
        return jsonResponse(202, { id: 'r1', status: 'queued', eventsUrl: '/api/sandbox/runs/r1/events' });
      if (url === '/api/sandbox/runs/r1/events') return stream.response;
      if (url === '/api/sandbox/runs/r1/stop' && method === 'POST') {
        stream.send('exit', {
          exitCode: null,
          signal: 'SIGKILL',
          durationMs: 900,
          limit: null,
          outputTruncated: false,
        });
        stream.end();
        return jsonResponse(200, { id: 'r1', status: 'stopped' });
      }
      return jsonResponse(404, { code: 'not_found' });
    }),
  );
  return { stream, requests };
}

describe('the run panel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says why instead of offering Run when the server has no sandbox', async () => {
    stubServer({
      available: false,
      reason: 'bubblewrap cannot create user namespaces here.',
      languages: [],
      limits: LIMITS,
    });
    renderWithProviders(<RunPanel code="print(1)" language="python" heading />);
    await screen.findByText(
      'Running code is not available on this server: bubblewrap cannot create user namespaces here.',
    );
    expect(screen.queryByRole('button', { name: 'Run' })).toBeNull();
    expect(screen.queryByLabelText('Input (stdin)')).toBeNull();
  });

  it('names what is missing for a language the server cannot run', async () => {
    stubServer();
    renderWithProviders(<RunPanel code="class A {}" language="csharp" heading />);
    await screen.findByText('C# cannot be run on this server: mono-mcs is not installed.');
    expect(screen.queryByRole('button', { name: 'Run' })).toBeNull();
  });

  it('keeps Run disabled while there is no code', async () => {
    stubServer();
    renderWithProviders(<RunPanel code="  " language="python" heading />);
    const run = await screen.findByRole('button', { name: 'Run' });
    await waitFor(() => expect(run).not.toHaveAttribute('aria-busy'));
    expect(run).toBeDisabled();
  });

  it('runs the code with stdin, streams the output, offers Stop while running, then Clear', async () => {
    const { stream, requests } = stubServer();
    renderWithProviders(
      <RunPanel code="print(input())" language="python" filename="greet.py" workspaceId="w1" heading />,
    );
    await userEvent.type(await screen.findByLabelText('Input (stdin)'), 'Ada');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    const stop = await screen.findByRole('button', { name: 'Stop' });
    expect(screen.queryByRole('button', { name: 'Run' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Clear' })).toBeDisabled();
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      language: 'python',
      code: 'print(input())',
      stdin: 'Ada',
      filename: 'greet.py',
      workspaceId: 'w1',
    });

    stream.send('status', { status: 'running' });
    stream.send('stdout', { text: 'Hello, ' });
    stream.send('stdout', { text: 'Ada\n' });
    stream.send('stderr', { text: 'still going\n' });
    const log = screen.getByRole('log', { name: 'Output' });
    expect(log).toHaveAttribute('aria-live', 'polite');
    await waitFor(() => expect(log).toHaveTextContent('Hello, Ada still going'));
    expect(within(log).getByText('Hello, Ada')).toHaveAttribute('data-stream', 'stdout');
    expect(within(log).getByText('still going')).toHaveAttribute('data-stream', 'stderr');
    await screen.findByText('Running…');

    await userEvent.click(stop);
    await screen.findByText('Stopped by you.');
    expect(screen.getByTestId('run-exit')).toHaveTextContent('Ended by signal SIGKILL · 900 ms');
    expect(requests.some((request) => request.url === '/api/sandbox/runs/r1/stop')).toBe(true);
    expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled();

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByRole('log', { name: 'Output' })).toBeEmptyDOMElement();
    expect(screen.queryByTestId('run-exit')).toBeNull();
  });

  it('runs on Ctrl+Enter and explains a limit that stopped the program', async () => {
    const { stream, requests } = stubServer();
    // A name the server would refuse (not .py) is left out: the server picks main.py.
    renderWithProviders(<RunPanel code="while True: pass" language="python" filename="loop.pyw" heading />);
    const stdin = await screen.findByLabelText('Input (stdin)');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
    await userEvent.click(stdin);
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('button', { name: 'Stop' });
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      language: 'python',
      code: 'while True: pass',
    });
    stream.send('exit', {
      exitCode: null,
      signal: 'SIGKILL',
      durationMs: 10_000,
      limit: 'timeout',
      outputTruncated: false,
    });
    stream.end();
    await screen.findByText('Stopped: it ran longer than the time limit.');
    expect(screen.getByTestId('run-exit')).toHaveTextContent('Ended by signal SIGKILL · 10 s');
    expect(screen.getByText('The program printed nothing.')).toBeInTheDocument();
    expect(screen.queryByText('Stopped by you.')).toBeNull();
  });

  it('shows the server’s refusal with its request id', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/sandbox/languages'
          ? jsonResponse(200, ALL_AVAILABLE)
          : jsonResponse(503, { code: 'sandbox_unavailable', detail: 'The sandbox is busy.', requestId: 'req-42' }),
      ),
    );
    renderWithProviders(<RunPanel code="print(1)" language="python" heading />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The sandbox is busy.');
    expect(alert).toHaveTextContent('Request id: req-42');
    expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled();
  });
});
