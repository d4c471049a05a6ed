// Keyboard-only use in a real browser: the command palette (Ctrl+K), the shortcuts for a new
// chat (Alt+N) and the chat input (/), and the jobs panel showing a review that is running.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from './support/app.js';
import { seriousA11yViolations } from './support/axe.js';
import { hasChromium, SKIP_MESSAGE } from './support/browser.js';
import { startBrowserSuite } from './support/session.js';
import { screenshot, waitForLastAnswer } from './support/page.js';

if (!hasChromium) console.warn(SKIP_MESSAGE);

const ACCOUNT = { email: 'kay@example.test', password: 'correct horse battery staple' };

/** What has the keyboard focus: a short description for assertions. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return element.hasAttribute('data-composer') ? 'chat input' : `${element.tagName.toLowerCase()}`;
  });

describe.skipIf(!hasChromium)('keyboard shortcuts and the command palette in Chromium', () => {
  let app: E2eApp;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const suite = await startBrowserSuite(ACCOUNT, { fakeOpenAi: true });
    ({ app, page, pageErrors } = suite);
    return suite.close;
  });

  it('opens the palette with Ctrl+K, without serious accessibility violations, and goes to Settings', async () => {
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const input = palette.getByRole('combobox', { name: 'Search commands and chats' });
    await input.waitFor();
    await expect(input.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await palette.getByRole('option', { name: /New chat/ }).waitFor();
    await screenshot(page, 'palette');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await page.keyboard.type('settin');
    await expect(palette.getByRole('option').count()).resolves.toBe(1);
    await expect(input.getAttribute('aria-activedescendant')).resolves.toBe(
      await palette.getByRole('option', { name: /Settings/ }).getAttribute('id'),
    );
    await page.keyboard.press('Enter');
    // /settings opens its first section: wait for that, or a later key may race the redirect.
    await page.waitForURL('**/settings/keys');
    await palette.waitFor({ state: 'hidden' });
  });

  it('closes the palette with Escape and gives the focus back', async () => {
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search commands and chats' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor({ state: 'hidden' });
    expect(page.url()).toContain('/settings');
  });

  it('starts a new chat with Alt+N, types and sends a message, and focuses the input again with /', async () => {
    await page.keyboard.press('Alt+N');
    await page.waitForURL(/\/$/);
    await page.getByLabel('Message', { exact: true }).waitFor();
    await expect(focused(page)).resolves.toBe('chat input');

    app.fake.enqueue('openai', { text: 'Shortcuts are keys that do things.' });
    await page.keyboard.type('What is a shortcut?');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/chat/*');
    await waitForLastAnswer(page, 'complete');

    // Focus somewhere that is not a text field, then `/` brings it back to the input.
    await page.getByRole('heading', { level: 1 }).first().click();
    expect(await focused(page)).not.toBe('chat input');
    await page.keyboard.press('/');
    await expect(focused(page)).resolves.toBe('chat input');
    // Typed into the input, `/` and `?` are text.
    await page.keyboard.type('a/b?');
    await expect(page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('a/b?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).resolves.toBe(false);
  });

  it('shows the keyboard shortcuts help with ? and closes it with Escape', async () => {
    await page.getByRole('heading', { level: 1 }).first().click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Start a new chat').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('opens the jobs panel from the palette while a review runs, and opens the review from it', async () => {
    // The review's AI step waits on the (fake) provider, so the review stays unfinished a while.
    app.fake.enqueue('openai', { text: '[]', stallMs: 4_000 }, { text: '[]', stallMs: 4_000 });
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ACCOUNT),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${app.url}/api/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        title: 'Slow review',
        files: [{ path: 'src/show.js', content: 'export function show(el, html) {\n  el.innerHTML = html;\n}\n' }],
      }),
    });
    expect(created.status).toBe(202);
    const review = (await created.json()) as { id: string };

    await page.keyboard.press('Control+K');
    await page.keyboard.type('running jobs');
    await page.keyboard.press('Enter');
    const jobs = page.getByRole('dialog', { name: 'Running jobs' });
    await jobs.getByText('Slow review').waitFor();
    await expect(page.getByRole('button', { name: /Running\s*1/ }).count()).resolves.toBe(1);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // Keyboard only: Tab to the review's Open button.
    const open = jobs.getByRole('button', { name: 'Open' });
    for (let tab = 0; tab < 5 && !(await open.evaluate((element) => element === document.activeElement)); tab += 1) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/code/review/${review.id}`);
    await page.getByRole('heading', { name: 'Slow review' }).waitFor();
    // The review page follows it to its end, then lists what it found.
    await page
      .getByText(/innerHTML/)
      .first()
      .waitFor({ timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  });
});
