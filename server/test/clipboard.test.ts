import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from './support/app.js';

describe('clipboard', () => {
  let server: TestApp;
  let owner: Awaited<ReturnType<typeof registerAndLogin>>;
  beforeAll(async () => {
    server = await startTestApp();
    owner = await registerAndLogin(server);
  });
  afterAll(() => server.close());

  const save = (body: unknown, token = owner.token) => server.request('POST', '/api/clipboard', { token, body });

  it('keeps a snippet, titled by its first line when no title is given', async () => {
    const created = await save({ content: '\n  const answer = 42;\nconsole.log(answer);', language: 'ts' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'const answer = 42;', language: 'ts', pinned: false, source: null });
    const read = await server.request('GET', `/api/clipboard/${created.body.id}`, { token: owner.token });
    expect(read.body.content).toBe('\n  const answer = 42;\nconsole.log(answer);');
  });

  it('lists pinned items first, then the most recent, and pages without gaps or repeats', async () => {
    const user = await registerAndLogin(server, 'pager');
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push((await save({ content: `snippet ${index}` }, user.token)).body.id);
    }
    const pin = await server.request('PATCH', `/api/clipboard/${ids[1]}`, {
      token: user.token,
      body: { pinned: true },
    });
    expect(pin.body.pinned).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await server.request('GET', `/api/clipboard?limit=2${query}`, { token: user.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    // The pinned one was also changed last; unpinned ones come newest first.
    expect(seen).toEqual([ids[1], ids[4], ids[3], ids[2], ids[0]]);
  });

  it('searches titles and content, case-insensitively, and filters by language', async () => {
    const user = await registerAndLogin(server, 'searcher');
    await save({ content: 'SELECT * FROM users', title: 'Query', language: 'sql' }, user.token);
    await save({ content: 'print("hello")', language: 'python' }, user.token);
    const found = await server.request('GET', '/api/clipboard?q=from%20USERS', { token: user.token });
    expect(found.body.items.map((item: { title: string }) => item.title)).toEqual(['Query']);
    const python = await server.request('GET', '/api/clipboard?language=python', { token: user.token });
    expect(python.body.items.map((item: { content: string }) => item.content)).toEqual(['print("hello")']);
  });

  it('records the chat answer a snippet came from, and edits and deletes it', async () => {
    const created = await save({ content: 'ls -la', source: { sessionId: 's-1', messageId: 'm-1' } });
    expect(created.body.source).toEqual({ sessionId: 's-1', messageId: 'm-1' });
    const renamed = await server.request('PATCH', `/api/clipboard/${created.body.id}`, {
      token: owner.token,
      body: { title: 'List files', language: 'bash' },
    });
    expect(renamed.body).toMatchObject({ title: 'List files', language: 'bash', content: 'ls -la' });
    const removed = await server.request('DELETE', `/api/clipboard/${created.body.id}`, { token: owner.token });
    expect(removed.status).toBe(204);
    const gone = await server.request('GET', `/api/clipboard/${created.body.id}`, { token: owner.token });
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('clipboard_item_not_found');
  });

  it("keeps each user's snippets private", async () => {
    const created = await save({ content: 'my secret snippet' });
    const other = await registerAndLogin(server, 'other');
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { title: 'mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const reply = await server.request(method, `/api/clipboard/${created.body.id}`, { token: other.token, body });
      expect(reply.status).toBe(404);
    }
    const list = await server.request('GET', '/api/clipboard?q=secret', { token: other.token });
    expect(list.body.items).toEqual([]);
  });

  it('rejects bad input with a problem that names the field', async () => {
    const empty = await save({ content: '' });
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(empty.body)).toMatch(/content/);
    const badLanguage = await save({ content: 'x', language: 'not a language!' });
    expect(badLanguage.status).toBe(400);
    const unknown = await save({ content: 'x', owner: 'someone else' });
    expect(unknown.status).toBe(400);
    const noChange = await server.request('PATCH', '/api/clipboard/anything', { token: owner.token, body: {} });
    expect(noChange.status).toBe(400);
    const badCursor = await server.request('GET', '/api/clipboard?cursor=nonsense', { token: owner.token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('invalid_cursor');
    const anonymous = await server.request('GET', '/api/clipboard');
    expect(anonymous.status).toBe(401);
  });
});
