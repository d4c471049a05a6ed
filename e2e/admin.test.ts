// Administration in a real browser: a server-wide provider key set by the admin serves a second,
// non-admin user; the admin changes the password, stays signed in, and signs in with the new one.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from './support/app.js';
import { seriousA11yViolations } from './support/axe.js';
import { hasChromium, launchChromium, SKIP_MESSAGE } from './support/browser.js';
import { screenshot } from './support/page.js';

if (!hasChromium) console.warn(SKIP_MESSAGE);

const ADMIN = { email: 'root@example.test', password: 'correct horse battery staple' };
const MEMBER = { email: 'member@example.test', password: 'another long passphrase' };
const NEW_PASSWORD = 'a fresh and longer passphrase';
const SERVER_KEY = 'sk-e2e-server-wide-key-0123WXYZ';

async function register(page: Page, account: { email: string; password: string }) {
  await page.goto('/register');
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

describe.skipIf(!hasChromium)('administration in Chromium', () => {
  let app: E2eApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Page;

  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: app.url });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };

  beforeAll(async () => {
    app = await startE2eApp();
    browser = await launchChromium();
    admin = await newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lets the admin set a server-wide key, pointed at the provider server, and test it', async () => {
    await register(admin, ADMIN);
    // The first account on a loopback server is the admin; no provider is configured yet.
    await admin.waitForURL('**/setup');
    await admin.goto('/admin/provider-keys');
    await admin.getByRole('heading', { name: 'Provider keys' }).waitFor();
    const openai = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'OpenAI' }) });
    await expect(openai.getByText('Not set').isVisible()).resolves.toBe(true);
    await expect(seriousA11yViolations(admin)).resolves.toEqual([]);

    await openai.getByRole('button', { name: 'Set key OpenAI' }).click();
    await openai.getByLabel('API key', { exact: true }).fill(SERVER_KEY);
    await openai.getByLabel('Base URL (optional)').fill(app.fake.baseUrl('openai'));
    await expect(seriousA11yViolations(admin)).resolves.toEqual([]);
    await openai.getByRole('button', { name: 'Save' }).click();
    await openai.getByText('Saved. Users without a key of their own now use this key.').waitFor();
    await openai.getByText('Set here').waitFor();
    await expect(openai.getByText('Key ••••WXYZ').isVisible()).resolves.toBe(true);
    await expect(admin.content()).resolves.not.toContain(SERVER_KEY.slice(0, 20));

    await openai.getByRole('button', { name: 'Test connection' }).click();
    await openai.getByText('Connected with the server-wide key (Set here).').waitFor();
    const sent = app.fake.requests.filter((request) => request.provider === 'openai').at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${SERVER_KEY}`);
    await screenshot(admin, 'admin-provider-keys');
    await expect(seriousA11yViolations(admin)).resolves.toEqual([]);
  });

  it('removes a server-wide key only after confirming', async () => {
    const perplexity = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'Perplexity' }) });
    await perplexity.getByRole('button', { name: 'Set key Perplexity' }).click();
    await perplexity.getByLabel('API key', { exact: true }).fill('pplx-e2e-server-key-9876');
    await perplexity.getByRole('button', { name: 'Save' }).click();
    await perplexity.getByText('Key ••••9876').waitFor();

    await perplexity.getByRole('button', { name: 'Remove Perplexity' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Remove the server-wide Perplexity key?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(perplexity.getByText('Key ••••9876').isVisible()).resolves.toBe(true);
    await perplexity.getByRole('button', { name: 'Remove Perplexity' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await perplexity.getByText('Not set').waitFor();
  });

  it('serves a second, non-admin user with the server-wide key', async () => {
    const member = await newPage();
    const modelsReply = member.waitForResponse((response) => new URL(response.url()).pathname === '/api/models');
    await register(member, MEMBER);
    // A provider is configured for everyone, so there is no setup screen: straight to the chat.
    await member.waitForURL((url) => url.pathname === '/');
    await expect(member.getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    const models = (await (await modelsReply).json()) as {
      items: Array<{ id: string; provider: string; keySource: string }>;
    };
    expect(models.items).toContainEqual(
      expect.objectContaining({ id: 'gpt-4.1-nano', provider: 'openai', keySource: 'server' }),
    );
    await member.goto('/settings/keys');
    const openai = member.getByRole('listitem').filter({ has: member.getByRole('heading', { name: 'OpenAI' }) });
    await openai.getByText('The server’s key is used').waitFor();
    await expect(member.content()).resolves.not.toContain('WXYZ');
  });

  it('changes the password, keeps this tab signed in, signs the other sessions out, and signs in with the new one', async () => {
    const elsewhere = await newPage();
    await elsewhere.goto('/login');
    await elsewhere.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await elsewhere.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await elsewhere.getByRole('button', { name: 'Sign in' }).click();
    await elsewhere.getByRole('link', { name: 'Admin' }).waitFor();

    await admin.goto('/settings/account');
    await admin.getByRole('heading', { name: 'Change password' }).waitFor();
    await expect(seriousA11yViolations(admin)).resolves.toEqual([]);

    await admin.getByLabel('Current password').fill('not my password');
    await admin.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await admin.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await admin.getByRole('button', { name: 'Change password' }).click();
    await admin.getByText('The current password is wrong.').waitFor();
    await expect(seriousA11yViolations(admin)).resolves.toEqual([]);

    await admin.getByLabel('Current password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Change password' }).click();
    await admin.getByText('Your password was changed. Other sessions were signed out.').waitFor();
    await screenshot(admin, 'settings-account');

    // Still signed in here, after a reload too (the response carried a new refresh cookie).
    await admin.reload();
    await admin.getByRole('heading', { name: 'Change password' }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/settings/account');

    // The other browser's refresh token was revoked: after a reload it must sign in again.
    await elsewhere.reload();
    await elsewhere.waitForURL((url) => url.pathname === '/login');

    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.waitForURL((url) => url.pathname === '/login');
    await admin.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await admin.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').waitFor();
    expect(new URL(admin.url()).pathname).toBe('/login');
    await admin.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL((url) => url.pathname !== '/login');
    await admin.getByRole('link', { name: 'Admin' }).waitFor();
  });
});
