import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';
import { collectSse } from '../support/sse.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const SERVER_JS = [
  "const https = require('https');",
  'const agent = new https.Agent({ rejectUnauthorized: false });',
  'function show(el, html) {',
  '  el.innerHTML = html;',
  '}',
  'function run(userInput) {',
  '  return eval(userInput);',
  '}',
  'module.exports = { agent, show, run };',
  '',
].join('\n');

describe('reviewing a workspace folder and fixing its files', () => {
  let server: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startTestApp();
    ({ token } = await registerAndLogin(server));
  });
  afterAll(() => server.close());

  const call = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token, ...(body !== undefined ? { body } : {}) });

  async function workspaceWithFiles() {
    const id = (await call('POST', '/api/workspaces', { name: 'api' })).body.id as string;
    const files: Record<string, string> = {
      'src/server.js': SERVER_JS,
      'src/util.js': 'module.exports.add = (a, b) => a + b;\n',
      'src/node_modules/dep/index.js': 'eval(x);\n',
      'docs/guide.md': 'Run it.\n',
      'scripts/build.js': 'eval(process.argv[2]);\n',
    };
    for (const [path, content] of Object.entries(files))
      await call('PUT', `/api/workspaces/${id}/file`, { path, content });
    const form = new FormData();
    form.append('files', new Blob([PNG]), 'src/logo.png');
    await fetch(`${server.url}/api/workspaces/${id}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return id;
  }

  async function reviewed(body: Record<string, unknown>) {
    const created = await call('POST', '/api/review', { ...body, ai: false });
    expect(created.status).toBe(202);
    const response = await fetch(`${server.url}/api/review/${created.body.id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await collectSse(response)).at(-1)?.event).toBe('done');
    return (await call('GET', `/api/review/${created.body.id}`)).body;
  }

  const fileOf = async (id: string, path: string) =>
    (await call('GET', `/api/workspaces/${id}/file?path=${encodeURIComponent(path)}`)).body;

  it('reviews the text files of a folder and records the versions it read', async () => {
    const id = await workspaceWithFiles();
    const review = await reviewed({ workspace: { id, paths: ['src'] } });
    expect(review).toMatchObject({
      source: 'workspace',
      workspaceId: id,
      status: 'complete',
      title: 'api: src/server.js and 1 more',
    });
    // Binary files and dependency folders are skipped; files outside the folder are not read.
    expect(review.files.map((file: { path: string }) => file.path)).toEqual(['src/server.js', 'src/util.js']);
    const server = await fileOf(id, 'src/server.js');
    expect(review.files[0].sha256).toBe(server.sha256);
    const rules = review.findings.map(
      (finding: { file: string; ruleId: string }) => `${finding.file} ${finding.ruleId}`,
    );
    expect(rules).toEqual(
      expect.arrayContaining([
        'src/server.js xionimus/code-injection',
        'src/server.js xionimus/tls-verification-disabled',
      ]),
    );
    expect(review.findings.every((finding: { file: string }) => finding.file === 'src/server.js')).toBe(true);
    const eval7 = review.findings.find((finding: { ruleId: string }) => finding.ruleId === 'xionimus/code-injection');
    expect(eval7.line).toBe(7);
  });

  it('reviews the whole workspace by default, and a file named outright', async () => {
    const id = await workspaceWithFiles();
    const all = await reviewed({ workspace: { id } });
    expect(all.files.map((file: { path: string }) => file.path)).toEqual([
      'scripts/build.js',
      'src/server.js',
      'src/util.js',
    ]);
    const named = await reviewed({ workspace: { id, paths: ['docs/guide.md'] } });
    expect(named.files.map((file: { path: string }) => file.path)).toEqual(['docs/guide.md']);
  });

  it('refuses a workspace review of something that is not there or not yours', async () => {
    const id = await workspaceWithFiles();
    const missing = await call('POST', '/api/review', { workspace: { id, paths: ['lib'] } });
    expect(missing.body).toMatchObject({ status: 404, code: 'workspace_file_not_found', path: 'lib' });
    const bad = await call('POST', '/api/review', { workspace: { id, paths: ['../x'] } });
    expect(bad.body).toMatchObject({ status: 400, code: 'workspace_path_invalid' });
    const binaryOnly = await call('POST', '/api/review', { workspace: { id, paths: ['src/logo.png'] } });
    expect(binaryOnly.body).toMatchObject({ status: 400, code: 'invalid_review_input' });
    const both = await call('POST', '/api/review', { workspace: { id }, diff: 'x' });
    expect(both.body).toMatchObject({ status: 400, code: 'invalid_review_input' });
    const other = await registerAndLogin(server, 'other');
    const foreign = await server.request('POST', '/api/review', { token: other.token, body: { workspace: { id } } });
    expect(foreign.body).toMatchObject({ status: 404, code: 'workspace_not_found' });
  });

  it('writes an applied fix to the workspace file', async () => {
    const id = await workspaceWithFiles();
    const review = await reviewed({ workspace: { id, paths: ['src/server.js'] } });
    const tls = review.findings.find(
      (finding: { ruleId: string }) => finding.ruleId === 'xionimus/tls-verification-disabled',
    );
    const applied = await call('POST', `/api/review/${review.id}/fixes/${tls.id}/apply`, {});
    expect(applied.status).toBe(200);
    const file = await fileOf(id, 'src/server.js');
    expect(file.content).toContain('rejectUnauthorized: true');
    expect(file.content).toBe(applied.body.content);
    expect(file.sha256).toBe(applied.body.sha256);
  });

  it('refuses with 409 review_fix_stale when the file was edited after the review, changing nothing', async () => {
    const id = await workspaceWithFiles();
    const review = await reviewed({ workspace: { id, paths: ['src'] } });
    const byRule = (rule: string) => review.findings.find((finding: { ruleId: string }) => finding.ruleId === rule);
    const tls = byRule('xionimus/tls-verification-disabled');
    const html = byRule('xionimus/html-injection');
    expect((await call('POST', `/api/review/${review.id}/fixes/${tls.id}/apply`, {})).status).toBe(200);

    const current = await fileOf(id, 'src/server.js');
    const edited = `// edited in the editor\n${current.content}`;
    expect(
      (
        await call('PUT', `/api/workspaces/${id}/file`, {
          path: 'src/server.js',
          content: edited,
          baseSha256: current.sha256,
        })
      ).status,
    ).toBe(200);

    const refused = await call('POST', `/api/review/${review.id}/fixes/${html.id}/apply`, {});
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'review_fix_stale', path: 'src/server.js' });
    expect((await fileOf(id, 'src/server.js')).content).toBe(edited);
    // The review's copy was rolled back with it: the fix is still there to apply after a new review.
    const after = (await call('GET', `/api/review/${review.id}`)).body;
    expect(after.findings.find((finding: { id: string }) => finding.id === html.id).fixState).toBe('available');
    expect(after.files.find((file: { path: string }) => file.path === 'src/server.js').sha256).toBe(current.sha256);
  });

  it('refuses to apply a fix once the workspace is deleted', async () => {
    const id = await workspaceWithFiles();
    const review = await reviewed({ workspace: { id, paths: ['src/server.js'] } });
    const tls = review.findings.find(
      (finding: { ruleId: string }) => finding.ruleId === 'xionimus/tls-verification-disabled',
    );
    expect((await call('DELETE', `/api/workspaces/${id}`)).status).toBe(204);
    const refused = await call('POST', `/api/review/${review.id}/fixes/${tls.id}/apply`, {});
    expect(refused.body).toMatchObject({ status: 409, code: 'review_fix_stale' });
    expect((await call('GET', `/api/review/${review.id}`)).body.workspaceId).toBe(id);
  });
});
