import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createRunControl } from '../../platform/run-control.js';
import { memoryRunEventLog } from '../../platform/run-events.js';
import { builtInModels } from '../providers/registry.js';
import type { ProviderEvent, StreamRequest } from '../providers/service.js';
import { createChatService, excerpt, type ChatDeps } from './service.js';
import type { ChatStore, SessionRow } from './store.js';

const SESSION: SessionRow = {
  id: 's1',
  user_id: 'u1',
  title: 'New chat',
  instructions: null,
  forked_from_session_id: null,
  forked_from_message_id: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};
const MODEL = { ...builtInModels().find((model) => model.provider === 'openai')!, keySource: 'server' as const };

/** A chat service over a store whose insertTurn the test settles, and a provider it watches. */
function harness() {
  let settleInsert!: { resolve(): void; reject(error: unknown): void };
  const inserted = new Promise<void>((resolve, reject) => (settleInsert = { resolve, reject }));
  // The test may settle it before the service asks for the insert.
  inserted.catch(() => undefined);
  const providerCalls: StreamRequest[] = [];
  /** Provider streams that ended (their generator's finally ran), read or not. */
  let providerStreamsEnded = 0;
  const store = {
    findSession: vi.fn(async () => SESSION),
    findTurnSession: vi.fn(async () => ({ ...SESSION, user_instructions: null })),
    messages: vi.fn(async () => []),
    insertTurn: vi.fn(() => inserted),
    finishMessage: vi.fn(async () => undefined),
    updateMessage: vi.fn(async () => undefined),
    saveProgress: vi.fn(async () => undefined),
  };
  const events = memoryRunEventLog(60_000);
  const append = vi.spyOn(events, 'append');
  const chat = createChatService({
    store: store as unknown as ChatStore,
    providers: {
      availableModels: async () => [MODEL],
      async *stream(request: StreamRequest): AsyncGenerator<ProviderEvent> {
        providerCalls.push(request);
        try {
          // An answer that starts once asked, unless the request is aborted first.
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (request.signal.aborted) return;
          yield { type: 'start', model: MODEL, keySource: 'server', attempts: 1, skipped: [], thinking: false };
          yield { type: 'text', text: 'hello' };
          yield { type: 'finish', finishReason: 'stop', inputTokens: 3, outputTokens: 1 };
        } finally {
          providerStreamsEnded++;
        }
      },
    },
    usage: { assertWithinBudget: async () => undefined, recordWith: async () => undefined },
    events,
    runControl: createRunControl(),
    limits: { maxDurationMs: 60_000 },
    metrics: { aiActiveStreams: { inc: () => undefined, dec: () => undefined } } as unknown as ChatDeps['metrics'],
    log: pino({ level: 'silent' }),
  });
  return { chat, store, append, providerCalls, settleInsert, providerStreamsEnded: () => providerStreamsEnded };
}

describe('sending a message', () => {
  it('stores the turn, then streams the answer into the events of its run', async () => {
    const { chat, append, providerCalls, settleInsert } = harness();
    settleInsert.resolve();
    const run = await chat.send('u1', 's1', { content: 'hello there' });
    expect(await run.done).toBeUndefined();
    expect(providerCalls).toHaveLength(1);
    expect(append.mock.calls.map((call) => call[1])).toEqual(['meta', 'token', 'usage', 'done']);
  });

  it('asks the provider while the turn is being stored, and reads its answer once stored', async () => {
    const { chat, store, append, providerCalls, settleInsert } = harness();
    const sent = chat.send('u1', 's1', { content: 'hello there' });
    await vi.waitFor(() => expect(providerCalls).toHaveLength(1));
    expect(store.insertTurn).toHaveBeenCalledTimes(1);
    // The provider's answer has begun; nothing of it is in the run before the turn is stored.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(append).not.toHaveBeenCalled();

    settleInsert.resolve();
    const run = await sent;
    expect(await run.done).toBeUndefined();
    expect(append.mock.calls.map((call) => call[1])).toEqual(['meta', 'token', 'usage', 'done']);
    expect(store.finishMessage).toHaveBeenCalledWith(
      run.messageId,
      expect.objectContaining({ content: 'hello', status: 'complete' }),
      expect.any(Function),
    );
  });

  it('refuses a turn another send stored first (409 session_busy) and cancels the provider request', async () => {
    const { chat, store, append, providerCalls, settleInsert, providerStreamsEnded } = harness();
    const sent = chat.send('u1', 's1', { content: 'hello there' });
    settleInsert.reject(
      Object.assign(new Error('UNIQUE constraint failed: chat_messages.session_id, chat_messages.seq'), {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
      }),
    );

    await expect(sent).rejects.toMatchObject({ code: 'session_busy', statusCode: 409 });
    expect(providerCalls).toHaveLength(1);
    expect(providerCalls[0]!.signal.aborted).toBe(true);
    expect(providerCalls[0]!.signal.reason).toBe('not_stored');
    await vi.waitFor(() => expect(providerStreamsEnded()).toBe(1));
    await chat.drain();
    expect(append).not.toHaveBeenCalled();
    expect(store.finishMessage).not.toHaveBeenCalled();
  });

  it('passes on a store failure that is not a conflict as it is', async () => {
    const { chat, store, providerCalls, settleInsert } = harness();
    const sent = chat.send('u1', 's1', { content: 'hello there' });
    settleInsert.reject(new Error('disk I/O error'));

    await expect(sent).rejects.toThrow('disk I/O error');
    expect(providerCalls[0]!.signal.aborted).toBe(true);
    await chat.drain();
    expect(store.finishMessage).not.toHaveBeenCalled();
  });
});

describe('the excerpt of a message a search found', () => {
  const words = (count: number, word: string) => Array.from({ length: count }, () => word).join(' ');

  it('keeps a short message whole, its whitespace collapsed', () => {
    expect(excerpt('  one\n\n two\tthree ', 'two')).toBe('one two three');
  });

  it('cuts a long message around the first place it holds the text, a third of the way in', () => {
    const text = `${words(60, 'before')} The NEEDLE is here. ${words(60, 'after')}`;
    const cut = excerpt(text, 'needle', 60);
    expect(cut).toMatch(/^…(before )+The NEEDLE is here\.( after)+…$/);
    expect(cut.length).toBeLessThanOrEqual(62);
    const at = cut.indexOf('NEEDLE');
    expect(at).toBeGreaterThan(10);
    expect(at).toBeLessThan(30);
  });

  it('starts at the beginning when the text is near it, or not found as typed (a wildcard)', () => {
    const text = `Needle first. ${words(60, 'after')}`;
    expect(excerpt(text, 'needle', 40)).toMatch(/^Needle first\. after.*…$/);
    expect(excerpt(text, 'nee%le', 40)).toMatch(/^Needle first\..*…$/);
  });

  it('reads Markdown as text: no emphasis marks, backticks, fences, heading marks, link targets or HTML', () => {
    const markdown = [
      '# Setup',
      'Run **`npm ci`** first,  see [the docs](https://example.test/docs) <br> and ![a diagram](d.png).',
      '```ts\nconst answer = 42;\n```',
      '- one\n- _two_',
    ].join('\n\n');
    expect(excerpt(markdown, 'npm')).toBe(
      'Setup Run npm ci first, see the docs and a diagram. const answer = 42; one two',
    );
  });

  it('reads a long message only around the text, and says it was cut', () => {
    const cut = excerpt(`${'x '.repeat(20_000)}The needle. ${'y '.repeat(20_000)}`, 'needle');
    expect(cut).toMatch(/^…(x )+The needle\.( y)+…$/);
    expect(cut.length).toBeLessThanOrEqual(162);
  });

  it('ends at the end when the text is near it', () => {
    const text = `${words(60, 'before')} the last needle`;
    expect(excerpt(text, 'needle', 40)).toMatch(/^….*the last needle$/);
  });
});
