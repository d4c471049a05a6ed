import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { sseEvent } from '@/test/sse-response';
import { chatKeys, type ChatMessage } from '../api/types';
import { buildViews } from './message-view';
import { createRunController } from './run-controller';
import { createRunStore } from './run-store';

const meta = {
  runId: 'run-1',
  messageId: 'answer-1',
  agent: 'coder',
  taskKind: 'code',
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  contextDropped: 0,
  reason: 'classified as code',
};

const message = (id: string, role: 'user' | 'assistant', content: string, status: ChatMessage['status']) =>
  ({
    id,
    role,
    content,
    reasoning: null,
    status,
    runId: role === 'assistant' ? 'run-1' : null,
    citations: [],
  }) as unknown as ChatMessage;

describe('the run controller', () => {
  it('shows the answer live while it streams, then hands over to the stored message', async () => {
    const queryClient = new QueryClient();
    const store = createRunStore();
    let stored: ChatMessage[] = [];
    // The open conversation observes its session, so invalidations refetch it.
    const observer = new QueryObserver(queryClient, {
      queryKey: chatKeys.session('s1'),
      queryFn: async () => ({ id: 's1', messages: stored }),
    });
    const unsubscribe = observer.subscribe(() => undefined);

    let finish!: () => void;
    const released = new Promise<void>((resolve) => (finish = resolve));
    const chunks = [
      sseEvent(1, 'meta', meta),
      sseEvent(2, 'token', { text: 'Hello, ' }),
      sseEvent(3, 'token', { text: 'world.' }),
    ];
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = chunks.shift();
        if (chunk) return controller.enqueue(new TextEncoder().encode(chunk));
        await released;
        controller.enqueue(
          new TextEncoder().encode(
            sseEvent(4, 'usage', {
              inputTokens: 10,
              outputTokens: 3,
              estimated: false,
              costUsd: 0.0001,
              ttftMs: 50,
              durationMs: 80,
            }) + sseEvent(5, 'done', { messageId: 'answer-1', status: 'complete', reason: null, finishReason: 'stop' }),
          ),
        );
        controller.close();
      },
    });
    const openSend = vi.fn(async () => new Response(body, { headers: { 'x-run-id': 'run-1' } }));
    const controller = createRunController({ queryClient, store, openSend, openEvents: vi.fn() });

    const key = await controller.send('s1', { content: 'Say hello', mode: 'senior' });
    expect(openSend).toHaveBeenCalledWith('s1', { content: 'Say hello', mode: 'senior' });
    await vi.waitFor(() => expect(store.get(key)?.text).toBe('Hello, world.'));
    expect(store.get(key)).toMatchObject({
      status: 'streaming',
      messageId: 'answer-1',
      meta: { model: 'claude-sonnet-4-5' },
    });

    stored = [
      message('q1', 'user', 'Say hello', 'complete'),
      message('answer-1', 'assistant', 'Hello, world.', 'complete'),
    ];
    finish();
    await vi.waitFor(() => expect(store.get(key)).toBeUndefined());
    expect(queryClient.getQueryData<{ messages: ChatMessage[] }>(chatKeys.session('s1'))?.messages).toHaveLength(2);
    unsubscribe();
  });

  it('keeps the thinking apart from the answer, each whole and in order', async () => {
    const store = createRunStore();
    // The stream arrives in stages, each released by the test once the previous one is shown.
    const stages = [
      sseEvent(1, 'meta', meta) +
        sseEvent(2, 'reasoning', { text: 'The user wants ' }) +
        sseEvent(3, 'reasoning', { text: 'a greeting.\n' }),
      sseEvent(4, 'reasoning', { text: 'Keep it short.' }) + sseEvent(5, 'token', { text: 'Hello' }),
      sseEvent(6, 'token', { text: ', world' }),
      // Thinking may come after answer text too: it goes on the thinking, not into the answer.
      sseEvent(7, 'reasoning', { text: ' Done.' }) + sseEvent(8, 'token', { text: '.' }),
      sseEvent(9, 'done', { messageId: 'answer-1', status: 'complete', reason: null, finishReason: 'stop' }),
    ];
    let gate = Promise.resolve();
    let release!: () => void;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await gate;
        gate = new Promise<void>((resolve) => (release = resolve));
        const stage = stages.shift();
        if (stage) controller.enqueue(new TextEncoder().encode(stage));
        else controller.close();
      },
    });
    const controller = createRunController({
      queryClient: new QueryClient(),
      store,
      openSend: vi.fn(async () => new Response(body, { headers: { 'x-run-id': 'run-1' } })),
      openEvents: vi.fn(),
    });
    const answer = () => buildViews([], store.all()).find((view) => view.role === 'assistant');

    const key = await controller.send('s1', { content: 'Say hello' });
    await vi.waitFor(() => expect(answer()).toMatchObject({ reasoning: 'The user wants a greeting.\n', content: '' }));
    release();
    await vi.waitFor(() =>
      expect(answer()).toMatchObject({ reasoning: 'The user wants a greeting.\nKeep it short.', content: 'Hello' }),
    );
    release();
    await vi.waitFor(() => expect(answer()?.content).toBe('Hello, world'));
    release();
    await vi.waitFor(() =>
      expect(answer()).toMatchObject({
        reasoning: 'The user wants a greeting.\nKeep it short. Done.',
        content: 'Hello, world.',
        status: 'streaming',
      }),
    );
    release();
    await vi.waitFor(() => expect(store.get(key)).toBeUndefined());
  });

  it('keeps nothing when the server refuses the message, and reports why', async () => {
    const store = createRunStore();
    const refusal = new ApiError(402, { code: 'budget_exceeded', detail: 'spent' });
    const controller = createRunController({
      queryClient: new QueryClient(),
      store,
      openSend: vi.fn(async () => {
        throw refusal;
      }),
      openEvents: vi.fn(),
    });
    await expect(controller.send('s1', { content: 'Hi' })).rejects.toBe(refusal);
    expect(store.all()).toEqual([]);
  });
});
