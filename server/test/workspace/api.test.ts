import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the workspace API', () => {
  let server: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startTestApp();
    ({ token } = await registerAndLogin(server));
  });
  afterAll(() => server.close());

  const call = (method: string, path: string, body?: unknown, as = token) =>
    server.request(method, path, { token: as, ...(body !== undefined ? { body } : {}) });
  const newWorkspace = async (name = 'demo') => (await call('POST', '/api/workspaces', { name })).body.id as string;
  const save = (id: string, body: Record<string, unknown>) => call('PUT', `/api/workspaces/${id}/file`, body);

  it('creates, reads, renames and deletes a workspace, with its file count and size', async () => {
    const created = await call('POST', '/api/workspaces', { name: '  Shop  ', description: 'the online shop' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/workspaces/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'Shop', description: 'the online shop', fileCount: 0, bytes: 0 });
    const id = created.body.id as string;

    expect((await save(id, { path: 'src/a.ts', content: 'export const a = 1;\n' })).status).toBe(200);
    expect((await save(id, { path: 'README.md', content: '# Shop\n' })).status).toBe(200);
    const read = await call('GET', `/api/workspaces/${id}`);
    expect(read.body).toMatchObject({ id, fileCount: 2, bytes: 27 });
    expect(read.body.updatedAt >= created.body.updatedAt).toBe(true);

    const renamed = await call('PATCH', `/api/workspaces/${id}`, { name: 'Store', description: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Store', description: null, fileCount: 2 });

    const removed = await call('DELETE', `/api/workspaces/${id}`);
    expect(removed.status).toBe(204);
    expect((await call('GET', `/api/workspaces/${id}`)).body).toMatchObject({
      status: 404,
      code: 'workspace_not_found',
    });
    const files = await server.database.db
      .selectFrom('workspace_files')
      .select('path')
      .where('workspace_id', '=', id)
      .execute();
    expect(files).toEqual([]);
    const audit = await server.database.db
      .selectFrom('audit_log')
      .select(['event', 'target_id'])
      .where('target_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(audit.map((entry) => entry.event)).toEqual(['workspace_created', 'workspace_deleted']);
  });

  it('says which field is wrong when a workspace is created without a proper name', async () => {
    const missing = await call('POST', '/api/workspaces', { description: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ code: 'validation_failed' });
    expect(missing.body.detail).toContain('/name');
    const blank = await call('POST', '/api/workspaces', { name: '   ' });
    expect(blank.body).toMatchObject({ status: 400, code: 'workspace_name_invalid' });
    const long = await call('POST', '/api/workspaces', { name: 'x'.repeat(101) });
    expect(long.status).toBe(400);
  });

  it('pages through workspaces, most recently updated first', async () => {
    const { token: own } = await registerAndLogin(server, 'pager');
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three'])
      ids.push((await call('POST', '/api/workspaces', { name }, own)).body.id);
    // Changing a file makes its workspace the most recently updated.
    await server.request('PUT', `/api/workspaces/${ids[0]}/file`, {
      token: own,
      body: { path: 'x.txt', content: 'x' },
    });
    const first = await call('GET', '/api/workspaces?limit=2', undefined, own);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].name).toBe('one');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call('GET', `/api/workspaces?limit=2&cursor=${first.body.nextCursor}`, undefined, own);
    expect(second.body).toMatchObject({ items: [expect.anything()], nextCursor: null });
    // Every workspace once, newest first (workspaces created in the same millisecond by id).
    const all: Array<{ name: string; updatedAt: string; id: string }> = [...first.body.items, ...second.body.items];
    expect(all.map((item) => item.name).sort()).toEqual(['one', 'three', 'two']);
    const order = (a: (typeof all)[number], b: (typeof all)[number]) =>
      b.updatedAt.localeCompare(a.updatedAt) || (a.id < b.id ? 1 : -1);
    expect([...all].sort(order)).toEqual(all);
    expect((await call('GET', '/api/workspaces?cursor=nonsense', undefined, own)).body).toMatchObject({
      status: 400,
      code: 'invalid_cursor',
    });
  });

  it("answers 404 for another user's workspace, its files and its changes", async () => {
    const id = await newWorkspace('private');
    await save(id, { path: 'secret.txt', content: 'mine' });
    const { token: other } = await registerAndLogin(server, 'intruder');
    const attempts = [
      call('GET', `/api/workspaces/${id}`, undefined, other),
      call('PATCH', `/api/workspaces/${id}`, { name: 'taken' }, other),
      call('DELETE', `/api/workspaces/${id}`, undefined, other),
      call('GET', `/api/workspaces/${id}/files`, undefined, other),
      call('GET', `/api/workspaces/${id}/file?path=secret.txt`, undefined, other),
      call('GET', `/api/workspaces/${id}/raw?path=secret.txt`, undefined, other),
      call('PUT', `/api/workspaces/${id}/file`, { path: 'secret.txt', content: 'yours' }, other),
      call('DELETE', `/api/workspaces/${id}/file?path=secret.txt`, undefined, other),
      call('POST', `/api/workspaces/${id}/move`, { from: 'secret.txt', to: 'x.txt' }, other),
    ];
    for (const reply of await Promise.all(attempts))
      expect(reply.body).toMatchObject({ status: 404, code: 'workspace_not_found' });
    expect((await call('GET', '/api/workspaces', undefined, other)).body.items).toEqual([]);
    expect((await call('GET', `/api/workspaces/${id}/file?path=secret.txt`)).body.content).toBe('mine');
    expect((await server.request('GET', `/api/workspaces/${id}`)).status).toBe(401);
  });

  it('saves and reads text files, listed by path with their language', async () => {
    const id = await newWorkspace();
    const content = 'def main():\n    print("héllo")\n';
    const saved = await save(id, { path: './app/main.py', content });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      path: 'app/main.py',
      size: Buffer.byteLength(content),
      sha256: sha256(content),
      mime: 'text/x-python',
      text: true,
      language: 'python',
    });
    await save(id, { path: 'Makefile', content: 'all:\n' });
    await save(id, { path: 'app/__init__.py', content: '' });
    const listed = await call('GET', `/api/workspaces/${id}/files`);
    expect(listed.body.items.map((file: { path: string }) => file.path)).toEqual([
      'Makefile',
      'app/__init__.py',
      'app/main.py',
    ]);
    expect(listed.body.items[0]).toMatchObject({ language: null, mime: 'text/plain', text: true });
    const read = await call('GET', `/api/workspaces/${id}/file?path=${encodeURIComponent('app/main.py')}`);
    expect(read.body).toMatchObject({ path: 'app/main.py', content, sha256: sha256(content), language: 'python' });
    const missing = await call('GET', `/api/workspaces/${id}/file?path=app/other.py`);
    expect(missing.body).toMatchObject({ status: 404, code: 'workspace_file_not_found', path: 'app/other.py' });
  });

  it.each([
    ['../etc/passwd', '.. segments'],
    ['/abs.txt', 'relative'],
    ['src\\win.ts', 'not \\'],
    ['src//a.ts', 'empty segment'],
    ['a\u0001b.ts', 'control characters'],
    ['', 'empty'],
    ['x'.repeat(513), 'longer than 512'],
    [Array(33).fill('d').join('/'), 'deeper than 32'],
  ])('refuses the path %j with 400 workspace_path_invalid', async (path, reason) => {
    const id = await newWorkspace();
    const saved = await save(id, { path, content: 'x' });
    expect(saved.status).toBe(400);
    expect(saved.body).toMatchObject({ code: 'workspace_path_invalid' });
    expect(saved.body.detail).toContain(reason);
    expect(saved.body.path).toBe(path.length > 200 ? `${path.slice(0, 200)}…` : path);
    const read = await call('GET', `/api/workspaces/${id}/file?path=${encodeURIComponent(path)}`);
    expect(read.body).toMatchObject({ status: 400, code: 'workspace_path_invalid' });
  });

  it('stores a decomposed Unicode name under its composed form', async () => {
    const id = await newWorkspace();
    await save(id, { path: 'docs/Cafe\u0301.md', content: 'menu' });
    const read = await call('GET', `/api/workspaces/${id}/file?path=${encodeURIComponent('docs/Caf\u00e9.md')}`);
    expect(read.body).toMatchObject({ path: 'docs/Caf\u00e9.md', content: 'menu' });
  });

  it('refuses a file where a folder is (and the other way round)', async () => {
    const id = await newWorkspace();
    await save(id, { path: 'src/a.ts', content: 'a' });
    expect((await save(id, { path: 'src', content: 'x' })).body).toMatchObject({
      status: 409,
      code: 'workspace_path_conflict',
    });
    expect((await save(id, { path: 'src/a.ts/b.ts', content: 'x' })).body).toMatchObject({
      status: 409,
      code: 'workspace_path_conflict',
    });
  });

  it('lets exactly one of two saves based on the same version win', async () => {
    const id = await newWorkspace();
    const first = await save(id, { path: 'doc.md', content: 'v1', baseSha256: null });
    expect(first.status).toBe(200);
    const base = first.body.sha256 as string;
    const results = await Promise.all([
      save(id, { path: 'doc.md', content: 'v2 by Ann', baseSha256: base }),
      save(id, { path: 'doc.md', content: 'v2 by Bob', baseSha256: base }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    const winner = results.find((result) => result.status === 200)!;
    const loser = results.find((result) => result.status === 409)!;
    expect(loser.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(loser.body).toMatchObject({
      code: 'workspace_file_changed',
      path: 'doc.md',
      currentSha256: winner.body.sha256,
    });
    const stored = await call('GET', `/api/workspaces/${id}/file?path=doc.md`);
    expect(stored.body.sha256).toBe(winner.body.sha256);
    expect(['v2 by Ann', 'v2 by Bob']).toContain(stored.body.content);
  });

  it('lets exactly one save win across two instances sharing the database', async () => {
    const second = await startTestApp({ databaseUrl: server.databaseUrl });
    try {
      const id = await newWorkspace('shared');
      const base = (await save(id, { path: 'shared.md', content: 'v1' })).body.sha256 as string;
      const body = (content: string) => ({ path: 'shared.md', content, baseSha256: base });
      const results = await Promise.all([
        save(id, body('from instance one')),
        second.request('PUT', `/api/workspaces/${id}/file`, { token, body: body('from instance two') }),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
      const winner = results.find((result) => result.status === 200)!;
      const stored = await second.request('GET', `/api/workspaces/${id}/file?path=shared.md`, { token });
      expect(stored.body.sha256).toBe(winner.body.sha256);
    } finally {
      await second.close();
    }
  });

  it('creates only with baseSha256 null, and overwrites when it is omitted', async () => {
    const id = await newWorkspace();
    expect((await save(id, { path: 'a.txt', content: 'one', baseSha256: null })).status).toBe(200);
    const again = await save(id, { path: 'a.txt', content: 'two', baseSha256: null });
    expect(again.body).toMatchObject({ status: 409, code: 'workspace_file_changed', currentSha256: sha256('one') });
    const gone = await save(id, { path: 'b.txt', content: 'two', baseSha256: sha256('never') });
    expect(gone.body).toMatchObject({ status: 409, code: 'workspace_file_changed', currentSha256: null });
    const overwritten = await save(id, { path: 'a.txt', content: 'three' });
    expect(overwritten.body).toMatchObject({ sha256: sha256('three') });
    expect((await save(id, { path: 'a.txt', content: 'x', baseSha256: 'not-a-hash' })).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('refuses a save over the per-file limit with 413', async () => {
    const id = await newWorkspace();
    const reply = await save(id, { path: 'big.txt', content: 'x'.repeat(2 * 1024 * 1024 + 1) });
    expect(reply.body).toMatchObject({ status: 413, code: 'workspace_file_too_large', path: 'big.txt' });
    expect((await call('GET', `/api/workspaces/${id}`)).body.fileCount).toBe(0);
  });

  it('deletes a file', async () => {
    const id = await newWorkspace();
    await save(id, { path: 'a.txt', content: 'a' });
    expect((await call('DELETE', `/api/workspaces/${id}/file?path=a.txt`)).status).toBe(204);
    expect((await call('DELETE', `/api/workspaces/${id}/file?path=a.txt`)).body).toMatchObject({
      status: 404,
      code: 'workspace_file_not_found',
    });
  });

  it('moves a folder with everything in it, and refuses to overwrite', async () => {
    const id = await newWorkspace();
    for (const path of ['src/a.ts', 'src/lib/b.ts', 'srcx/keep.ts', 'dest/taken.ts'])
      await save(id, { path, content: path });
    const moved = await call('POST', `/api/workspaces/${id}/move`, { from: 'src', to: 'app/source' });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ from: 'src', to: 'app/source', moved: 2 });
    const paths = (await call('GET', `/api/workspaces/${id}/files`)).body.items.map(
      (file: { path: string }) => file.path,
    );
    expect(paths).toEqual(['app/source/a.ts', 'app/source/lib/b.ts', 'dest/taken.ts', 'srcx/keep.ts']);
    expect((await call('GET', `/api/workspaces/${id}/file?path=app/source/lib/b.ts`)).body.content).toBe(
      'src/lib/b.ts',
    );

    const file = await call('POST', `/api/workspaces/${id}/move`, { from: 'srcx/keep.ts', to: 'dest/taken.ts' });
    expect(file.body).toMatchObject({ status: 409, code: 'workspace_file_exists', path: 'dest/taken.ts' });
    const renamed = await call('POST', `/api/workspaces/${id}/move`, { from: 'srcx/keep.ts', to: 'dest/kept.ts' });
    expect(renamed.body).toMatchObject({ moved: 1 });
    expect((await call('POST', `/api/workspaces/${id}/move`, { from: 'app', to: 'app/inner' })).body).toMatchObject({
      status: 400,
      code: 'workspace_move_invalid',
    });
    expect((await call('POST', `/api/workspaces/${id}/move`, { from: 'nothing', to: 'x' })).body).toMatchObject({
      status: 404,
      code: 'workspace_file_not_found',
    });
  });
});
