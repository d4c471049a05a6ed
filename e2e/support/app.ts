import { randomUUID } from 'node:crypto';
// The real server in-process on 127.0.0.1 over a fresh SQLite database, with the fake AI
// providers; users may point their keys' base URLs at the fakes (OUTBOUND_ALLOW_HOSTS).
import { startTestApp, type TestApp } from '../../server/test/support/app.js';
import { startFakeProviders, type FakeProviders } from '../../server/test/support/fake-providers.js';
import { startProxy, type NetworkProxy } from './proxy.js';

export interface E2eApp {
  /** Where the browser goes: the server behind a proxy that can cut the network. */
  url: string;
  network: NetworkProxy;
  server: TestApp;
  fake: FakeProviders;
  close(): Promise<void>;
}

export async function startE2eApp(): Promise<E2eApp> {
  const fake = await startFakeProviders();
  const server = await startTestApp({
    env: { OUTBOUND_ALLOW_HOSTS: new URL(fake.url).host, PROVIDER_TIMEOUT_SECONDS: '5', LOG_LEVEL: 'warn' },
  });
  const network = await startProxy(server.url);
  return {
    url: network.url,
    network,
    server,
    fake,
    async close() {
      await network.close();
      await server.close();
      await fake.close();
    },
  };
}

/**
 * Stores `count` messages (questions and answers, some with code) in a session straight through
 * the database: a long history in milliseconds instead of one chat request per turn.
 */
export async function seedMessages(app: E2eApp, sessionId: string, count: number) {
  const base = Date.parse('2026-01-01T00:00:00Z');
  const rows = Array.from({ length: count }, (_, seq) => {
    const turn = Math.floor(seq / 2);
    const isAnswer = seq % 2 === 1;
    const at = new Date(base + seq * 1000).toISOString();
    return {
      id: randomUUID(),
      session_id: sessionId,
      seq,
      role: isAnswer ? ('assistant' as const) : ('user' as const),
      content: isAnswer
        ? `Answer ${turn}: ${'lorem ipsum '.repeat(turn % 9)}${turn % 10 === 0 ? '\n\n```ts\nconst turn = ' + turn + ';\n```' : ''}`
        : `Question ${turn}`,
      status: 'complete' as const,
      error_code: null,
      run_id: null,
      provider: isAnswer ? 'openai' : null,
      model: isAnswer ? 'gpt-4.1-mini' : null,
      agent: isAnswer ? 'assistant' : null,
      task_kind: isAnswer ? 'general' : null,
      route_reason: isAnswer ? 'seeded' : null,
      citations: null,
      finish_reason: isAnswer ? 'stop' : null,
      input_tokens: isAnswer ? 100 + turn : null,
      output_tokens: isAnswer ? 20 : null,
      cost_micros: isAnswer ? 150 : null,
      ttft_ms: isAnswer ? 200 : null,
      duration_ms: isAnswer ? 900 : null,
      context_dropped: isAnswer ? 0 : null,
      created_at: at,
      updated_at: at,
    };
  });
  const { db } = app.server.database;
  for (let start = 0; start < rows.length; start += 100) {
    await db
      .insertInto('chat_messages')
      .values(rows.slice(start, start + 100))
      .execute();
  }
}
