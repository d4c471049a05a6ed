// Gateway test helpers: API callers holding a personal access token and the official `openai`
// client pointed at the app, and the text a recorded provider stream carries.
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import OpenAI, { type APIError } from 'openai';
import { registerAndLogin } from '../support/app.js';
import { startChatApp, type ChatApp } from '../support/chat.js';
import { FIXTURES_DIR } from '../support/fake-providers.js';

/** The text of a recorded OpenAI-style or Anthropic stream, read from the fixture file. */
export const fixtureText = (name: string) =>
  readFileSync(join(FIXTURES_DIR, `${name}.chunks.txt`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .map(
      (chunk) =>
        chunk.choices?.[0]?.delta?.content ?? (chunk.type === 'content_block_delta' ? (chunk.delta?.text ?? '') : ''),
    )
    .join('');

/**
 * An app wired to the fake providers whose close() first drops sockets that never carried a
 * request: after an abort, undici (the openai client's fetch) connects a spare socket, and Node's
 * server.close() waits for such a socket until its headers timeout (a minute).
 */
export async function startGatewayApp(options: Parameters<typeof startChatApp>[0] = {}): Promise<ChatApp> {
  const chat = await startChatApp(options);
  const sockets = new Set<Socket>();
  chat.server.app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const close = chat.close.bind(chat);
  chat.close = async () => {
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    await close();
  };
  return chat;
}

export async function createToken(chat: ChatApp, accessToken: string, name = 'gateway test') {
  const reply = await chat.server.request('POST', '/api/settings/tokens', { token: accessToken, body: { name } });
  if (reply.status !== 201) throw new Error(`token creation failed: ${reply.status} ${reply.text}`);
  return { id: reply.body.id as string, token: reply.body.token as string };
}

export const openAiClient = (chat: ChatApp, apiKey: string, options: { maxRetries?: number } = {}) =>
  new OpenAI({ baseURL: `${chat.server.url}/v1`, apiKey, maxRetries: options.maxRetries ?? 0 });

/** A new user of the app with a personal access token and a client using it. */
export async function newCaller(chat: ChatApp, prefix = 'caller') {
  const account = await registerAndLogin(chat.server, prefix);
  const pat = await createToken(chat, account.token);
  return { ...account, pat, client: openAiClient(chat, pat.token) };
}

/** The usage rows of one user, oldest first. */
export const usageRows = (chat: ChatApp, userId: string) =>
  chat.server.database.db
    .selectFrom('usage_records')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();

export async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, attempts = 100): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < attempts && !done(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

/** The error a promise rejects with. */
export async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as APIError;
  }
  throw new Error('expected the call to fail');
}
