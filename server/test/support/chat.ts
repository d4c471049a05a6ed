// Chat test helpers: an app wired to the fake provider servers, and SSE round trips.
import { registerAndLogin, startTestApp, type TestAppOptions } from './app.js';
import { startFakeProviders } from './fake-providers.js';
import { collectSse, type ParsedEvent } from './sse.js';

export const SERVER_KEYS = {
  openai: 'sk-server-openai-0123456789',
  anthropic: 'sk-ant-server-0123456789',
  perplexity: 'pplx-server-0123456789',
};

interface StreamOptions {
  stopAfter?: number;
  token?: string;
}

export async function startChatApp(
  options: TestAppOptions & {
    providers?: Array<'openai' | 'anthropic' | 'perplexity'>;
    /** Let users point base URLs at the fake servers (an admin's OUTBOUND_ALLOW_HOSTS entry). */
    allowFakeHost?: boolean;
  } = {},
) {
  const fake = await startFakeProviders();
  const enabled = options.providers ?? ['openai', 'anthropic', 'perplexity'];
  const env: Record<string, string> = {
    PROVIDER_TIMEOUT_SECONDS: '2',
    ...(options.allowFakeHost ? { OUTBOUND_ALLOW_HOSTS: new URL(fake.url).host } : {}),
    ...options.env,
  };
  if (enabled.includes('openai'))
    Object.assign(env, { OPENAI_API_KEY: SERVER_KEYS.openai, OPENAI_BASE_URL: fake.baseUrl('openai') });
  if (enabled.includes('anthropic')) {
    Object.assign(env, { ANTHROPIC_API_KEY: SERVER_KEYS.anthropic, ANTHROPIC_BASE_URL: fake.baseUrl('anthropic') });
  }
  if (enabled.includes('perplexity')) {
    Object.assign(env, { PERPLEXITY_API_KEY: SERVER_KEYS.perplexity, PERPLEXITY_BASE_URL: fake.baseUrl('perplexity') });
  }
  const server = await startTestApp({ ...options, env });
  const user = await registerAndLogin(server);
  async function startAnswer(path: string, body: Record<string, unknown>, options: StreamOptions) {
    const controller = new AbortController();
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? user.token}` },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
      return { response, events: [] as ParsedEvent[], problem: (await response.json()) as any };
    }
    return { response, events: await collectSse(response, options.stopAfter, controller), problem: undefined as any };
  }

  return {
    fake,
    server,
    user,
    async session(token = user.token) {
      const reply = await server.request('POST', '/api/chat/sessions', { token, body: {} });
      return reply.body.id as string;
    },
    /** Sends a message and reads the SSE answer (or the first `stopAfter` events, then disconnects). */
    send: (sessionId: string, body: Record<string, unknown>, options: StreamOptions = {}) =>
      startAnswer(`/api/chat/sessions/${sessionId}/messages`, body, options),
    /** Has the last question answered again, as `send` does. */
    regenerate: (sessionId: string, body: Record<string, unknown> = {}, options: StreamOptions = {}) =>
      startAnswer(`/api/chat/sessions/${sessionId}/regenerate`, body, options),
    async reattach(runId: string, lastEventId?: string, token = user.token) {
      const response = await fetch(`${server.url}/api/chat/runs/${runId}/events`, {
        headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      });
      if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
        return { response, events: [] as ParsedEvent[], problem: (await response.json()) as any };
      }
      return { response, events: await collectSse(response), problem: undefined as any };
    },
    /** Polls the stored session until the answer is no longer streaming. */
    async settled(sessionId: string, token = user.token) {
      for (let attempt = 0; attempt < 200; attempt++) {
        const session = await server.request('GET', `/api/chat/sessions/${sessionId}`, { token });
        const last = session.body.messages.at(-1);
        if (last && last.status !== 'streaming') return session.body;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the answer never settled');
    },
    async close() {
      await server.close();
      await fake.close();
    },
  };
}

export type ChatApp = Awaited<ReturnType<typeof startChatApp>>;

export const eventNames = (events: ParsedEvent[]) => events.map((event) => event.event);
