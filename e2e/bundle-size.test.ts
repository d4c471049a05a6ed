// Issue budget: the login and chat routes load under 300 KB of JavaScript, gzipped. Measured in
// the browser: every script the pages load (the code editor and other screens are split off and
// must not be among them), each body gzipped here as a server with compression would send it.
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from './support/app.js';
import { hasChromium, launchChromium, SKIP_MESSAGE } from './support/browser.js';

if (!hasChromium) console.warn(SKIP_MESSAGE);

const BUDGET_BYTES = 300 * 1024;
const ACCOUNT = { email: 'lin@example.test', password: 'correct horse battery staple' };

describe.skipIf(!hasChromium)('initial JavaScript', () => {
  let app: E2eApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startE2eApp();
    browser = await launchChromium();
    const registered = await app.server.request('POST', '/api/auth/register', { body: ACCOUNT });
    const key = await app.server.request('PUT', '/api/settings/api-keys/openai', {
      token: registered.body.accessToken,
      body: { apiKey: 'sk-e2e-bundle-size-0000', baseUrl: app.fake.baseUrl('openai') },
    });
    expect(key.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('stays under 300 KB gzipped for the login and chat routes', async () => {
    const page = await browser.newPage({ baseURL: app.url });
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => undefined);
      if (body) scripts.set(new URL(response.url()).pathname, gzipSync(body, { level: 9 }).length);
    });
    await page.goto('/login');
    await page.getByLabel('Email', { exact: true }).fill(ACCOUNT.email);
    await page.getByLabel('Password', { exact: true }).fill(ACCOUNT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Message', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');

    const total = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0);
    console.log(
      `login + chat: ${scripts.size} scripts, ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`,
    );
    expect([...scripts.keys()].filter((path) => /code-editor|code-page|admin-page/.test(path))).toEqual([]);
    expect(total).toBeLessThan(BUDGET_BYTES);
    await page.close();
  });
});
