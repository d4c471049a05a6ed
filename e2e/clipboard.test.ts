// The clipboard in a real browser against the real server: a code block from a chat answer
// saved with "Save to clipboard", then found by search on the Clipboard page, pinned, renamed,
// sent to the scratch review, and deleted.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from './support/app.js';
import { seriousA11yViolations } from './support/axe.js';
import { hasChromium, SKIP_MESSAGE } from './support/browser.js';
import { startBrowserSuite } from './support/session.js';
import { lastAnswer, screenshot, waitForLastAnswer } from './support/page.js';

if (!hasChromium) console.warn(SKIP_MESSAGE);

const ACCOUNT = { email: 'linus@example.test', password: 'correct horse battery staple' };
const ANSWER =
  'Run the command through the shell:\n\n```py\nimport os\nos.system("ls " + folder)\n```\n\nMind the quoting.';

describe.skipIf(!hasChromium)('the Clipboard in Chromium', () => {
  let app: E2eApp;
  let page: Page;
  let chatUrl = '';
  let pageErrors: string[] = [];
  let cspViolations: string[] = [];

  beforeAll(async () => {
    const suite = await startBrowserSuite(ACCOUNT, { viewport: { width: 1280, height: 860 }, fakeOpenAi: true });
    ({ app, page, pageErrors, cspViolations } = suite);
    return suite.close;
  });

  it('saves a code block from a chat answer to the clipboard', async () => {
    app.fake.enqueue('openai', { text: ANSWER });
    await page.getByLabel('Message', { exact: true }).fill('How do I list a folder from Python?');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/chat/*');
    await waitForLastAnswer(page, 'complete');
    chatUrl = new URL(page.url()).pathname;
    // The stored answer (with its message id) rather than the live one it replaces on completion.
    await page.reload();
    await lastAnswer(page).getByText('Mind the quoting.').waitFor();

    const save = lastAnswer(page).getByRole('button', { name: 'Save to clipboard' });
    await save.waitFor();
    const before = await save.boundingBox();
    expect(before).not.toBeNull();
    await save.click();
    const saved = lastAnswer(page).getByRole('button', { name: 'Saved to clipboard' });
    await saved.waitFor();
    // The label changed in place: the button kept its size.
    expect(await saved.boundingBox()).toEqual(before);

    // Stored with the answer it came from.
    const rows = await app.server.database.db
      .selectFrom('clipboard_items')
      .select(['content', 'language', 'source_session_id', 'source_message_id'])
      .execute();
    const message = await app.server.database.db
      .selectFrom('chat_messages')
      .select(['id', 'session_id'])
      .where('role', '=', 'assistant')
      .executeTakeFirstOrThrow();
    expect(rows).toEqual([
      {
        content: 'import os\nos.system("ls " + folder)',
        language: 'py',
        source_session_id: message.session_id,
        source_message_id: message.id,
      },
    ]);
  });

  it('finds the snippet on the Clipboard page by search', async () => {
    await page.getByRole('link', { name: 'Clipboard', exact: true }).click();
    await page.getByRole('heading', { name: 'Clipboard', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'import os', level: 2 }).waitFor();

    await page.getByRole('searchbox', { name: 'Search' }).fill('no such snippet');
    await page.getByText('No snippets match this search.').waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('os.system');
    const item = page.locator('.clip').filter({ has: page.getByRole('heading', { name: 'import os' }) });
    await item.waitFor();
    await expect(item.locator('.clip__lang').innerText()).resolves.toBe('py');
    // Highlighted as Python, and linked to the chat it came from.
    await expect(item.locator('.clip__preview .hljs-keyword').first().innerText()).resolves.toBe('import');
    await expect(item.getByRole('link', { name: 'Open chat of “import os”' }).getAttribute('href')).resolves.toBe(
      chatUrl,
    );
  });

  it('pins and renames the snippet', async () => {
    await page.getByRole('button', { name: 'Pin “import os”' }).click();
    await page.getByRole('button', { name: 'Unpin “import os”' }).waitFor();
    await page.locator('.clip').getByText('Pinned', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Rename “import os”' }).click();
    await page.getByRole('textbox', { name: 'New title' }).fill('Shell call with user input');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Shell call with user input', level: 2 }).waitFor();

    // The server has both changes: a reload shows them.
    await page.reload();
    await page.getByRole('heading', { name: 'Shell call with user input', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Unpin “Shell call with user input”' }).waitFor();
    await screenshot(page, 'clipboard');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('sends the snippet to the scratch review on the Code screen', async () => {
    await page.getByRole('link', { name: 'Review “Shell call with user input”' }).click();
    await page.waitForURL('**/code/scratch');
    await page.getByRole('heading', { name: 'Scratch review' }).waitFor();
    await page.locator('.cm-content', { hasText: 'os.system("ls " + folder)' }).waitFor();
    await expect(page.getByLabel('Language').inputValue()).resolves.toBe('python');
    const finding = page.locator('.finding').filter({ hasText: 'line 2' }).first();
    await finding.waitFor({ timeout: 30_000 });
  });

  it('fits a 375 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/clipboard');
    await page.getByRole('heading', { name: 'Shell call with user input', level: 2 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // The chat's code block keeps its three actions on screen too.
    await page.goto(chatUrl);
    await lastAnswer(page).getByRole('button', { name: 'Save to clipboard' }).waitFor();
    const chatOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(chatOverflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'clipboard-chat-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto('/clipboard');
    await page.getByRole('heading', { name: 'Shell call with user input', level: 2 }).waitFor();
  });

  it('deletes the snippet after asking', async () => {
    await page.getByRole('button', { name: 'Delete “Shell call with user input”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this snippet?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Nothing on your clipboard yet' }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('had no page errors and no Content Security Policy violations', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
