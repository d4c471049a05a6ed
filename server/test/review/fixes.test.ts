import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';
import { collectSse } from '../support/sse.js';

const SOURCE = [
  "const https = require('https');",
  'const agent = new https.Agent({ rejectUnauthorized: false });',
  'var retries = 3;',
  'function show(el, html) {',
  '  el.innerHTML = html;',
  '}',
  'eval(process.argv[2]);',
  '',
].join('\n');

describe('applying the fixes of a review', () => {
  let server: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startTestApp();
    ({ token } = await registerAndLogin(server));
  });
  afterAll(() => server.close());

  async function reviewed() {
    const created = await server.request('POST', '/api/review', {
      token,
      body: { snippet: { content: SOURCE, filename: 'net.js' }, ai: false },
    });
    const response = await fetch(`${server.url}/api/review/${created.body.id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await collectSse(response);
    const review = (await server.request('GET', `/api/review/${created.body.id}`, { token })).body;
    const byRule = (ruleId: string) => review.findings.find((finding: any) => finding.ruleId === ruleId);
    return { id: review.id as string, byRule };
  }

  const apply = (id: string, findingId: string, body: Record<string, unknown> = {}) =>
    server.request('POST', `/api/review/${id}/fixes/${findingId}/apply`, { token, body });

  it('shows a fix as a unified diff before applying it', async () => {
    const { id, byRule } = await reviewed();
    const tls = byRule('xionimus/tls-verification-disabled');
    const preview = await server.request('GET', `/api/review/${id}/fixes/${tls.id}`, { token });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      file: 'net.js',
      origin: 'static',
      state: 'available',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(preview.body.diff).toBe(
      [
        '--- a/net.js',
        '+++ b/net.js',
        '@@ -1,5 +1,5 @@',
        " const https = require('https');",
        '-const agent = new https.Agent({ rejectUnauthorized: false });',
        '+const agent = new https.Agent({ rejectUnauthorized: true });',
        ' var retries = 3;',
        ' function show(el, html) {',
        '   el.innerHTML = html;',
        '',
      ].join('\n'),
    );
    const noFix = byRule('xionimus/code-injection');
    expect((await server.request('GET', `/api/review/${id}/fixes/${noFix.id}`, { token })).body).toMatchObject({
      status: 404,
      code: 'fix_not_found',
    });
  });

  it('applies two fixes to the same file at once without losing either (per-file lock)', async () => {
    const { id, byRule } = await reviewed();
    const [tls, html, variable] = ['xionimus/tls-verification-disabled', 'xionimus/html-injection', 'no-var'].map(
      byRule,
    );
    const results = await Promise.all([apply(id, tls.id), apply(id, html.id), apply(id, variable.id)]);
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    const review = (await server.request('GET', `/api/review/${id}`, { token })).body;
    expect(review.findings.filter((finding: any) => finding.fixState === 'applied')).toHaveLength(3);
    // Whatever order they ran in, each built on the one before: the last write holds all three.
    const newest = results.find((result) => result.body.sha256 === review.files[0].sha256)!.body.content;
    expect(newest).toContain('rejectUnauthorized: true');
    expect(newest).toContain('el.textContent = html;');
    expect(newest).toContain('let retries = 3;');
    expect(newest.split('\n')).toHaveLength(SOURCE.split('\n').length);
    const again = await apply(id, tls.id);
    expect(again.body).toMatchObject({ status: 409, code: 'fix_already_applied' });
  });

  it('refuses with 409 when the file changed since the previewed version', async () => {
    const { id, byRule } = await reviewed();
    const [tls, html] = ['xionimus/tls-verification-disabled', 'xionimus/html-injection'].map(byRule);
    const [first, second] = await Promise.all([
      server.request('GET', `/api/review/${id}/fixes/${tls.id}`, { token }),
      server.request('GET', `/api/review/${id}/fixes/${html.id}`, { token }),
    ]);
    expect(first.body.sha256).toBe(second.body.sha256);
    const results = await Promise.all([
      apply(id, tls.id, { sha256: first.body.sha256 }),
      apply(id, html.id, { sha256: second.body.sha256 }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    const refused = results.find((result) => result.status === 409)!;
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'file_changed' });
    // Previewed again, the other fix applies to the new version.
    const retry = results[0]!.status === 409 ? tls : html;
    const fresh = await server.request('GET', `/api/review/${id}/fixes/${retry.id}`, { token });
    expect((await apply(id, retry.id, { sha256: fresh.body.sha256 })).status).toBe(200);
  });

  it('keeps fixes private to the review owner', async () => {
    const { id, byRule } = await reviewed();
    const other = await registerAndLogin(server, 'other');
    const response = await server.request('POST', `/api/review/${id}/fixes/${byRule('no-var').id}/apply`, {
      token: other.token,
      body: {},
    });
    expect(response.status).toBe(404);
  });
});
