import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';
import { collectSse } from '../support/sse.js';

const VULNERABLE = [
  "import jwt from 'jsonwebtoken';",
  '',
  'export function handler(req, res) {',
  '  const token = jwt.sign({ sub: req.user.id }, "hard-coded-secret");',
  '  res.redirect(req.query.next);',
  '  return db.query("SELECT * FROM users WHERE id = " + req.params.id);',
  '}',
  '',
].join('\n');

describe('the review API', () => {
  let server: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startTestApp();
    ({ token } = await registerAndLogin(server));
  });
  afterAll(() => server.close());

  async function events(id: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/api/review/${id}/events`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return collectSse(response);
  }

  async function finished(id: string) {
    const stream = await events(id);
    expect(stream.at(-1)?.event).toBe('done');
    return (await server.request('GET', `/api/review/${id}`, { token })).body;
  }

  it('reviews a pasted snippet without any AI key, with progress over SSE', async () => {
    const created = await server.request('POST', '/api/review', {
      token,
      body: { snippet: { content: VULNERABLE, filename: 'handler.js' } },
    });
    expect(created.status).toBe(202);
    expect(created.headers.get('location')).toBe(`/api/review/${created.body.id}`);
    expect(created.body).toMatchObject({
      status: 'queued',
      source: 'snippet',
      filesTotal: 1,
      title: 'Snippet handler.js (8 lines)',
    });

    const stream = await events(created.body.id);
    // `queued` (no id) only if the stream opened before a worker took the review; then its run's events.
    const run = stream.filter((event) => event.event !== 'queued');
    expect(run[0]).toMatchObject({ id: '1', event: 'started', data: { filesTotal: 1 } });
    expect(run.map((event) => Number(event.id))).toEqual(run.map((_event, index) => index + 1));
    const progress = stream.filter((event) => event.event === 'progress');
    expect(progress.at(-1)?.data).toMatchObject({ stage: 'done', filesDone: 1, filesTotal: 1, findings: 3 });
    expect(stream.at(-1)).toMatchObject({
      event: 'done',
      data: { status: 'complete', findings: 3, summary: { grade: expect.any(String) }, ai: 'unavailable' },
    });

    const review = (await server.request('GET', `/api/review/${created.body.id}`, { token })).body;
    expect(review).toMatchObject({ status: 'complete', filesDone: 1, findingsCount: 3, options: { ai: true } });
    expect(review.findings.map((finding: any) => [finding.line, finding.ruleId, finding.source])).toEqual([
      [6, 'xionimus/sql-injection', 'static'],
      [4, 'xionimus/hardcoded-jwt-secret', 'static'],
      [5, 'xionimus/open-redirect', 'static'],
    ]);
    expect(review.findings[1]).toMatchObject({ fixState: 'available', fix: { origin: 'static' } });
    expect(review.overview.ai).toMatchObject({
      status: 'unavailable',
      detail: expect.stringMatching(/no AI provider/),
    });
    expect(review.files).toEqual([
      { path: 'handler.js', language: 'javascript', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), lines: 8 },
    ]);
  });

  it('replays the events after Last-Event-ID, also once the review is finished', async () => {
    const created = await server.request('POST', '/api/review', { token, body: { snippet: { content: 'eval(x)\n' } } });
    const all = (await events(created.body.id)).filter((event) => event.id !== undefined);
    const resumed = await events(created.body.id, { 'last-event-id': all[1]!.id! });
    expect(resumed.map((event) => event.id)).toEqual(all.slice(2).map((event) => event.id));
    expect(resumed.at(-1)).toMatchObject({ event: 'done' });
  });

  it('accepts uploaded files as multipart, checking they are text', async () => {
    const form = new FormData();
    form.append('files', new Blob(['import pickle\n\ndef load(raw):\n    return pickle.loads(raw)\n']), 'app/load.py');
    form.append('files', new Blob(['#!/bin/sh\nchmod 777 /srv\n']), 'deploy.sh');
    form.append('only', 'security');
    form.append('title', 'Two files');
    const response = await fetch(`${server.url}/api/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(response.status).toBe(202);
    const created = (await response.json()) as any;
    expect(created).toMatchObject({ source: 'files', filesTotal: 2, title: 'Two files' });
    const review = await finished(created.id);
    expect(review.options).toEqual({ ai: true, only: ['security'] });
    expect(review.findings.map((finding: any) => [finding.file, finding.ruleId])).toEqual([
      ['app/load.py', 'python/unsafe-deserialization'],
      ['deploy.sh', 'shell/world-writable'],
    ]);

    const binary = new FormData();
    binary.append('files', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])]), 'logo.png');
    const refused = await fetch(`${server.url}/api/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: binary,
    });
    expect(refused.status).toBe(415);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ code: 'unsupported_file' });

    const large = new FormData();
    large.append('files', new Blob(['x'.repeat(2 * 1024 * 1024 + 1)]), 'big.js');
    const tooLarge = await fetch(`${server.url}/api/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: large,
    });
    expect(tooLarge.status).toBe(413);
  });

  it('reviews a diff: only the changed lines and their context', async () => {
    const diff = [
      '--- a/src/api.js',
      '+++ b/src/api.js',
      '@@ -10,3 +10,4 @@',
      ' function a() {}',
      '+el.innerHTML = location.hash;',
      ' function b() {}',
      ' // end',
      '',
    ].join('\n');
    const created = await server.request('POST', '/api/review', { token, body: { diff } });
    const review = await finished(created.body.id);
    expect(review.findings.map((finding: any) => [finding.file, finding.line, finding.ruleId])).toEqual([
      ['src/api.js', 11, 'xionimus/html-injection'],
    ]);
    expect(review.overview.diffOnly).toBe(true);
    expect(review.overview.partiallyParsed[0]).toMatchObject({ path: 'src/api.js' });
  });

  it('serves the report as SARIF and Markdown', async () => {
    const created = await server.request('POST', '/api/review', {
      token,
      body: { snippet: { content: VULNERABLE, filename: 'x.js' } },
    });
    await finished(created.body.id);
    const sarif = await server.request('GET', `/api/review/${created.body.id}/report?format=sarif`, { token });
    expect(sarif.headers.get('content-type')).toMatch(/^application\/sarif\+json/);
    expect(sarif.body.version).toBe('2.1.0');
    expect(sarif.body.runs[0].results).toHaveLength(3);
    const markdown = await server.request('GET', `/api/review/${created.body.id}/report?format=markdown`, { token });
    expect(markdown.text).toMatch(/^# Code review/);
  });

  it('keeps a history per user, newest first, in pages', async () => {
    const other = await registerAndLogin(server, 'other');
    for (const n of [1, 2, 3])
      await server.request('POST', '/api/review', {
        token: other.token,
        body: { snippet: { content: `let a${n} = 1;\n` }, title: `r${n}` },
      });
    const first = await server.request('GET', '/api/review?limit=2', { token: other.token });
    expect(first.body.items.map((item: any) => item.title)).toEqual(['r3', 'r2']);
    const second = await server.request('GET', `/api/review?limit=2&cursor=${first.body.nextCursor}`, {
      token: other.token,
    });
    expect(second.body).toMatchObject({ items: [{ title: 'r1' }], nextCursor: null });
    // Someone else's review does not exist for you.
    const mine = await server.request('GET', '/api/review?limit=1', { token });
    expect((await server.request('GET', `/api/review/${mine.body.items[0].id}`, { token: other.token })).status).toBe(
      404,
    );
    const events = await fetch(`${server.url}/api/review/${mine.body.items[0].id}/events`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(events.status).toBe(404);
  });

  it('answers from the stored review on an instance without its event log, and fails reviews a stopped process left', async () => {
    const created = await server.request('POST', '/api/review', { token, body: { snippet: { content: 'eval(x)\n' } } });
    await finished(created.body.id);
    // A review a process left running (it died): the next start marks it failed.
    const now = new Date(Date.now() - 60_000).toISOString();
    await server.database.db
      .insertInto('reviews')
      .values({
        id: 'left-behind',
        user_id: (await server.request('GET', '/api/auth/me', { token })).body.id,
        status: 'running',
        source: 'snippet',
        title: 'left behind',
        options: '{"ai":true}',
        files_total: 1,
        files_done: 0,
        findings_count: 0,
        overview: null,
        error_code: null,
        error_detail: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      })
      .execute();
    const restarted = await startTestApp({ databaseUrl: server.databaseUrl });
    try {
      const response = await fetch(`${restarted.url}/api/review/${created.body.id}/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const stream = await collectSse(response);
      expect(stream).toEqual([
        {
          event: 'done',
          data: { status: 'complete', findings: 1, summary: expect.objectContaining({ grade: expect.any(String) }) },
        },
      ]);
      const left = await restarted.request('GET', '/api/review/left-behind', { token });
      expect(left.body).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    } finally {
      await restarted.close();
    }
  });

  it('documents every review route in the OpenAPI document', async () => {
    const openapi = await server.request('GET', '/openapi.json');
    const operations = Object.entries(openapi.body.paths as Record<string, Record<string, { operationId?: string }>>)
      .filter(([path]) => path.startsWith('/api/review'))
      .flatMap(([, methods]) => Object.values(methods).map((operation) => operation.operationId));
    expect(operations.sort()).toEqual([
      'applyReviewFix',
      'createReview',
      'getReview',
      'getReviewReport',
      'listReviews',
      'previewReviewFix',
      'streamReviewEvents',
    ]);
    expect(Object.keys(openapi.body.paths['/api/review'].post.requestBody.content)).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
  });

  it('refuses bad input with problem+json', async () => {
    const both = await server.request('POST', '/api/review', { token, body: { snippet: { content: 'x' }, diff: 'y' } });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'invalid_review_input' });
    const notDiff = await server.request('POST', '/api/review', { token, body: { diff: 'hello' } });
    expect(notDiff.body).toMatchObject({ status: 400, code: 'invalid_diff' });
    const traversal = await server.request('POST', '/api/review', {
      token,
      body: { files: [{ path: '../etc/passwd', content: 'x' }] },
    });
    expect(traversal.body).toMatchObject({ status: 400, code: 'invalid_path' });
    const unknown = await server.request('POST', '/api/review', {
      token,
      body: { snippet: { content: 'x' }, only: ['speed'] },
    });
    expect(unknown.body).toMatchObject({ status: 400, code: 'validation_failed' });
    const anonymous = await server.request('POST', '/api/review', { body: { snippet: { content: 'x' } } });
    expect(anonymous.status).toBe(401);
  });
});
