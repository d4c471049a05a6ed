// What every browser suite starts with: a page on the app that records page errors and
// Content Security Policy violations (each suite asserts there were none), a first account
// registered through the UI, and an OpenAI key pointed at the fake provider server.
import type { Browser, Page } from 'playwright-core';
import { startE2eApp, type E2eApp } from './app.js';
import { launchChromium } from './browser.js';

export async function openAppPage(
  browser: Browser,
  app: E2eApp,
  { viewport, timeoutMs = 10_000 }: { viewport: { width: number; height: number }; timeoutMs?: number },
) {
  const context = await browser.newContext({ viewport, baseURL: app.url });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, page, pageErrors, cspViolations };
}

/** Registers through the sign-up form; the app then shows its provider setup screen. */
export async function registerInBrowser(page: Page, account: { email: string; password: string }) {
  await page.goto('/register');
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/setup');
}

/** On the setup screen: an OpenAI key whose base URL is the fake provider server, then the chat. */
export async function configureFakeOpenAi(page: Page, app: E2eApp) {
  await page.getByLabel('API key', { exact: true }).fill('sk-e2e-test-key-0123456789');
  await page.getByText('Advanced').click();
  await page.getByLabel('Custom base URL (optional)').fill(app.fake.baseUrl('openai'));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await page.getByRole('button', { name: 'Continue to the chat' }).click();
  await page.waitForURL(/\/$/);
}

/**
 * A browser suite's start: the app, Chromium, a page (see openAppPage) and an account registered
 * on it, with `fakeOpenAi` also an OpenAI key on the fake provider. Return `close` from beforeAll.
 */
export async function startBrowserSuite(
  account: { email: string; password: string },
  { viewport = { width: 1280, height: 800 }, timeoutMs, fakeOpenAi = false }: BrowserSuiteOptions = {},
) {
  const app = await startE2eApp();
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app.close();
  };
  try {
    browser = await launchChromium();
    const opened = await openAppPage(browser, app, { viewport, timeoutMs });
    await registerInBrowser(opened.page, account);
    if (fakeOpenAi) await configureFakeOpenAi(opened.page, app);
    return { app, ...opened, close };
  } catch (error) {
    await close();
    throw error;
  }
}

interface BrowserSuiteOptions {
  viewport?: { width: number; height: number };
  timeoutMs?: number;
  fakeOpenAi?: boolean;
}
