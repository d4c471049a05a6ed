// The main flow in a real browser against the real server: first run, a provider key, a
// streamed answer, reload, stop, a dropped connection, and the German UI.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMessages, startE2eApp, type E2eApp } from './support/app.js';
import { seriousA11yViolations } from './support/axe.js';
import { hasChromium, launchChromium, SKIP_MESSAGE } from './support/browser.js';
import { lastAnswer, screenshot, waitForLastAnswer, watch } from './support/page.js';

if (!hasChromium) console.warn(SKIP_MESSAGE);

const ACCOUNT = { email: 'ada@example.test', password: 'correct horse battery staple' };
// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const FIRST_ANSWER =
  'Here is a **streamed** answer, written one word at a time so that you can watch it arrive.\n\n```ts\nconst answer: number = 42;\n```\n\nThat is all.';

describe.skipIf(!hasChromium)('Xionimus in Chromium', () => {
  let app: E2eApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    app = await startE2eApp();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: app.url });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('registers the first account and shows the setup screen, since no provider is configured', async () => {
    const response = await page.goto('/');
    // The app is served on the API's origin under its strict CSP: scripts from 'self' only.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['cache-control']).toBe('no-cache');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Email', { exact: true }).fill(ACCOUNT.email);
    await page.getByLabel('Password', { exact: true }).fill(ACCOUNT.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Connect an AI provider' }).waitFor();
    // The first account on a loopback server is the admin.
    await page.getByRole('link', { name: 'Admin' }).waitFor();
    await screenshot(page, '01-setup');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('stores an OpenAI key and tests the connection', async () => {
    await page.getByLabel('API key', { exact: true }).fill('sk-e2e-test-key-0123456789');
    await page.getByText('Advanced').click();
    await page.getByLabel('Custom base URL (optional)').fill(app.fake.baseUrl('openai'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected with your key.').waitFor();
    await page.getByRole('button', { name: 'Continue to the chat' }).click();
    await page.waitForURL(/\/$/);
  });

  it('streams an answer that appears token by token, rendered as Markdown', async () => {
    app.fake.enqueue('openai', { text: FIRST_ANSWER, chunkDelayMs: 40 });
    await page.getByLabel('Message', { exact: true }).fill('Show me a streamed answer');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/chat/*');

    const answer = lastAnswer(page);
    const texts = await watch(
      async () => ((await answer.getAttribute('data-status')) === 'complete' ? 'DONE' : await answer.innerText()),
      (value) => value === 'DONE',
    );
    // Several growing intermediate states: the text arrived in pieces, not at once.
    const partial = texts.filter((text) => text.includes('Here is'));
    expect(partial.length).toBeGreaterThanOrEqual(3);

    await expect(answer.locator('strong').innerText()).resolves.toBe('streamed');
    await expect(answer.locator('pre code .hljs-keyword').first().innerText()).resolves.toBe('const');
    await expect(answer.getByText('Answered by gpt-4.1').isVisible()).resolves.toBe(true);
    await expect(answer.getByText(/in · .* out/).isVisible()).resolves.toBe(true);
    await answer.getByText('Why this model?').click();
    await expect(answer.getByText('senior mode prefers gpt-4.1', { exact: false }).isVisible()).resolves.toBe(true);
    await screenshot(page, '02-chat-answer');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('shows the session and its messages again after a reload', async () => {
    const url = page.url();
    await page.reload();
    expect(page.url()).toBe(url);
    await page.getByRole('link', { name: 'Show me a streamed answer' }).waitFor();
    await page.getByText('Show me a streamed answer', { exact: true }).last().waitFor();
    await lastAnswer(page).getByText('That is all.').waitFor();
    await expect(lastAnswer(page).getAttribute('data-status')).resolves.toBe('complete');
  });

  it('stops an answer and keeps the text so far', async () => {
    const words = Array.from({ length: 80 }, (_, index) => `word${index}`).join(' ');
    app.fake.enqueue('openai', { text: words, chunkDelayMs: 60 });
    await page.getByLabel('Message', { exact: true }).fill('Write a long answer');
    await page.keyboard.press('Enter');
    const answer = lastAnswer(page);
    await answer.getByText(/word3\b/).waitFor();
    await page.getByRole('button', { name: 'Stop answer' }).click();
    await waitForLastAnswer(page, 'aborted');
    await answer.getByText('Stopped').waitFor();
    const kept = await answer.locator('.markdown').innerText();
    expect(kept.startsWith('word0 word1 word2 word3')).toBe(true);
    expect(kept).not.toContain('word79');
  });

  it('resumes the stream after a network drop without duplicating text', async () => {
    const text = Array.from({ length: 40 }, (_, index) => `w${index}`).join(' ');
    const reattached: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/chat\/runs\/[^/]+\/events$/.test(new URL(request.url()).pathname)) {
        reattached.push(request.headers()['last-event-id'] ?? '');
      }
    });
    app.fake.enqueue('openai', { text, chunkDelayMs: 50 });
    await page.getByLabel('Message', { exact: true }).fill('Survive a dropped connection');
    await page.keyboard.press('Enter');
    const answer = lastAnswer(page);
    await answer.getByText(/w5\b/).waitFor();
    // The connection breaks, and the network stays down for a moment (reconnects fail too).
    app.network.setDown(true);
    app.network.dropAll();
    await answer.getByText('Connection lost. Reconnecting…').waitFor();
    await page.waitForTimeout(600);
    app.network.setDown(false);
    await waitForLastAnswer(page, 'complete', 20_000);
    expect(reattached.length).toBeGreaterThanOrEqual(1);
    expect(Number(reattached[0])).toBeGreaterThan(1);
    await expect(answer.locator('.markdown').innerText()).resolves.toBe(text);
  });

  it('reattaches to a running answer after a reload, and lists it among the running answers', async () => {
    const text = Array.from({ length: 60 }, (_, index) => `r${index}`).join(' ');
    app.fake.enqueue('openai', { text, chunkDelayMs: 60 });
    await page.getByLabel('Message', { exact: true }).fill('Keep going while I reload');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText(/r3\b/).waitFor();
    await page.reload();
    await page.getByRole('button', { name: /Running\s*1/ }).click();
    const jobs = page.getByRole('dialog', { name: 'Running jobs' });
    await jobs.getByRole('button', { name: 'Open' }).waitFor();
    await page.keyboard.press('Escape');
    await jobs.waitFor({ state: 'hidden' });
    await waitForLastAnswer(page, 'complete', 20_000);
    await expect(lastAnswer(page).locator('.markdown').innerText()).resolves.toBe(text);
  });

  it('forks a chat from its answer, and exports it as Markdown', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    app.fake.enqueue('openai', { text: 'Forks share the history up to the chosen message.' });
    await page.getByLabel('Message', { exact: true }).fill('What is a fork?');
    await page.keyboard.press('Enter');
    await waitForLastAnswer(page, 'complete');
    const original = page.url();
    await lastAnswer(page).getByRole('button', { name: 'Fork from here' }).click();
    await page.waitForURL((url) => url.href !== original);
    await page.getByRole('heading', { name: 'What is a fork? (fork)' }).waitFor();
    await page.getByRole('link', { name: /What is a fork\? \(fork\).*Fork/ }).waitFor();
    await expect(page.locator('article.message').count()).resolves.toBe(2);

    await page.getByText('Export').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toContain('# What is a fork? (fork)');
    expect(markdown).toContain('## Assistant (gpt-4.1');
    expect(markdown).toContain('Forks share the history up to the chosen message.');
  });

  it('edits a question into a new branch, and the original chat keeps the question as it was', async () => {
    const texts = () => page.locator('article.message').locator('.message__text, .markdown').allInnerTexts();
    await page.getByRole('button', { name: 'New chat' }).click();
    app.fake.enqueue('openai', { text: 'Oak and beech.' });
    await page.getByLabel('Message', { exact: true }).fill('Name two trees');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText('Oak and beech.').waitFor();
    await waitForLastAnswer(page, 'complete');
    app.fake.enqueue('openai', { text: 'Robin and wren.' });
    await page.getByLabel('Message', { exact: true }).fill('Name two birds');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText('Robin and wren.').waitFor();
    await waitForLastAnswer(page, 'complete');
    const original = page.url();

    await page
      .locator('article.message--user', { hasText: 'Name two birds' })
      .getByRole('button', { name: 'Edit' })
      .click();
    const input = page.getByLabel('Edit your question');
    await expect(input.inputValue()).resolves.toBe('Name two birds');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    app.fake.enqueue('openai', { text: 'Salmon and trout.' });
    await input.fill('Name two fish');
    await page.getByRole('button', { name: 'Send in a new branch' }).click();
    await page.waitForURL((url) => url.href !== original);
    await page.getByRole('heading', { name: 'Name two trees (fork)' }).waitFor();
    await lastAnswer(page).getByText('Salmon and trout.').waitFor();
    await waitForLastAnswer(page, 'complete');
    await expect(texts()).resolves.toEqual(['Name two trees', 'Oak and beech.', 'Name two fish', 'Salmon and trout.']);

    await page.getByRole('link', { name: 'Name two trees', exact: true }).click();
    await page.waitForURL(original);
    await lastAnswer(page).getByText('Robin and wren.').waitFor();
    await expect(texts()).resolves.toEqual(['Name two trees', 'Oak and beech.', 'Name two birds', 'Robin and wren.']);
    // The next test deletes the fork made above while it is open, as that test left it.
    await page.getByRole('link', { name: /What is a fork\? \(fork\)/ }).click();
    await page.getByRole('heading', { name: 'What is a fork? (fork)' }).waitFor();
  });

  it('searches, renames and deletes chats from the list', async () => {
    await page.getByLabel('Search chats').fill('fork');
    const list = page.getByRole('navigation', { name: 'Chats' });
    await list.getByRole('link', { name: /What is a fork\? \(fork\)/ }).waitFor();
    await list.getByRole('link', { name: 'Show me a streamed answer' }).waitFor({ state: 'detached' });

    await list.getByLabel('Actions for “What is a fork? (fork)”').click();
    await list.getByRole('button', { name: 'Rename' }).click();
    await list.getByLabel('New title').fill('Forked chat');
    await list.getByLabel('New title').press('Enter');
    await page.getByLabel('Search chats').fill('');
    await list.getByRole('link', { name: /Forked chat/ }).waitFor();

    await list.getByLabel('Actions for “Forked chat”').click();
    await list.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this chat?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await list.getByRole('link', { name: /Forked chat/ }).waitFor({ state: 'detached' });
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('finds a word in an earlier message of a longer chat, and opens the chat at that message', async () => {
    const search = page.getByLabel('Search chats');
    await search.fill('watch it ARRIVE');
    const list = page.getByRole('navigation', { name: 'Chats' });
    const result = list.getByRole('link', { name: /^Show me a streamed answer Assistant: …/ });
    await result.locator('mark', { hasText: 'watch it arrive' }).waitFor();
    // The answer it was found in, from a few words before the text found (which two lines show).
    const excerpt = result.locator('.session-item__excerpt');
    await expect(excerpt.innerText()).resolves.toMatch(/^Assistant: …[\w ]+ watch it arrive\. /);
    await expect(
      excerpt
        .locator('mark')
        .evaluate((mark) => mark.getBoundingClientRect().bottom <= mark.parentElement!.getBoundingClientRect().bottom),
    ).resolves.toBe(true);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // The chat opens at its first answer, not at its end (three questions later), marked and focused.
    await result.click();
    await page.waitForURL(/\/chat\/[^/?]+\?message=[^&]+$/);
    const found = page.locator('article.message--found');
    await found.getByText('so that you can watch it arrive.', { exact: false }).waitFor();
    await page.waitForFunction(() => document.activeElement?.matches('article.message--found'));
    await page.waitForFunction(() => {
      const message = document.querySelector('article.message--found')!.getBoundingClientRect();
      const list = document.querySelector('.message-list')!.getBoundingClientRect();
      return message.top >= list.top && message.bottom <= list.bottom;
    });
    const belowView = await page
      .getByRole('log')
      .evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight);
    expect(belowView).toBeGreaterThan(200);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await screenshot(page, '02b2-chat-search-match');

    // Sending from there goes to the end of the chat, where the question and its answer are.
    app.fake.enqueue('openai', { text: 'Here, at the end.' });
    await page.getByLabel('Message', { exact: true }).fill('Where does this go?');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText('Here, at the end.').waitFor();
    await waitForLastAnswer(page, 'complete');
    await page.waitForFunction(() => {
      const list = document.querySelector('.message-list')!;
      return list.scrollHeight - list.scrollTop - list.clientHeight < 5;
    });
    await search.fill('');
  });

  it('shows a reasoning model’s thinking while it thinks, then folds it away under the answer', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings/keys');
    await page.getByRole('button', { name: /^Add\s*Local server$/ }).click();
    await page.getByLabel('Server URL').fill(app.fake.baseUrl('openai-compatible'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('code.key-list__url', { hasText: app.fake.baseUrl('openai-compatible') }).waitFor();

    await page.getByRole('link', { name: 'Chat' }).click();
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByLabel('Model', { exact: true }).selectOption('llama3.2:3b');
    app.fake.enqueue('openai-compatible', { fixture: 'openai-compatible/xai-text', chunkDelayMs: 8 });
    await page.getByLabel('Message', { exact: true }).fill('Who are you?');
    await page.keyboard.press('Enter');

    const thinking = lastAnswer(page).locator('details.message__reasoning');
    await thinking.locator('summary', { hasText: 'Thinking…' }).waitFor();
    await expect(thinking.evaluate((element) => (element as HTMLDetailsElement).open)).resolves.toBe(true);
    await thinking.getByText(/^First,/).waitFor();
    await screenshot(page, '02b-chat-thinking');

    await waitForLastAnswer(page, 'complete', 20_000);
    await expect(thinking.evaluate((element) => (element as HTMLDetailsElement).open)).resolves.toBe(false);
    await expect(thinking.locator('summary').innerText()).resolves.toBe('Thinking');
    await expect(lastAnswer(page).locator('.markdown').innerText()).resolves.toMatch(/^Grok/);
    await expect(lastAnswer(page).locator('.markdown').innerText()).resolves.not.toContain('First,');
    await thinking.locator('summary').click();
    await expect(thinking.locator('.message__reasoning-text').isVisible()).resolves.toBe(true);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('sends an image with a question and shows it in the question, loaded with the access token', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByLabel('Model', { exact: true }).selectOption('gpt-4.1');
    app.fake.enqueue('openai', { text: 'A single pixel.' });
    await page
      .locator('form.composer input[type="file"]')
      .setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Remove image 1' }).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('What is in this picture?');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText('A single pixel.').waitFor();
    await waitForLastAnswer(page, 'complete');

    const sent = app.fake.requests.filter((request) => request.provider === 'openai').at(-1)!;
    expect(sent.body.messages.at(-1).content).toEqual([
      { type: 'text', text: 'What is in this picture?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } },
    ]);
    // After a reload the stored image comes from the server through a blob: URL (CSP allows it).
    await page.reload();
    const image = page.getByRole('img', { name: 'Image 1 of the message' });
    await expect(image.getAttribute('src')).resolves.toMatch(/^blob:/);
    await page.waitForFunction(
      () => (document.querySelector('.message-image__img') as HTMLImageElement | null)?.naturalWidth === 1,
    );
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // Regenerate: the same question (with its image) answered again, the first answer kept as
    // an earlier version of it.
    app.fake.enqueue('openai', { text: 'One pixel, nothing more.' });
    await lastAnswer(page).getByRole('button', { name: 'Regenerate' }).click();
    await lastAnswer(page).getByText('One pixel, nothing more.').waitFor();
    await waitForLastAnswer(page, 'complete');
    const again = app.fake.requests.filter((request) => request.provider === 'openai').at(-1)!;
    expect(again.body.messages.filter((message: { role: string }) => message.role !== 'system')).toEqual([
      sent.body.messages.at(-1),
    ]);
    // One answer shown, the newest, at 2 / 2.
    const pager = lastAnswer(page).getByRole('group', { name: 'Versions of this answer' });
    await pager.getByText('2 / 2', { exact: true }).waitFor();
    await pager.getByText('Answer 2 of 2', { exact: true }).waitFor();
    await expect(page.locator('article.message--assistant').count()).resolves.toBe(1);
    await expect(page.getByText('A single pixel.').count()).resolves.toBe(0);
    await expect(page.locator('article.message--user').count()).resolves.toBe(1);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await screenshot(page, '02c-chat-regenerated');

    // The earlier answer, one click back, labelled; the list makes room for its label.
    const previous = pager.getByRole('button', { name: 'Previous answer' });
    await previous.click();
    const earlier = page.locator('article.message--earlier');
    await earlier.getByText('Earlier answer').waitFor();
    await earlier.getByText('The model reads the latest answer. Fork to continue from this one.').waitFor();
    await expect(earlier.getByText('A single pixel.').count()).resolves.toBe(1);
    await pager.getByText('1 / 2', { exact: true }).waitFor();
    await pager.getByText('Answer 1 of 2', { exact: true }).waitFor();
    await expect(previous.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await expect(page.locator('article.message--assistant').count()).resolves.toBe(1);
    await page.waitForFunction(() => {
      const inner = document.querySelector<HTMLElement>('.message-list__inner')!;
      const bottom = Math.max(
        ...[...inner.querySelectorAll<HTMLElement>('.message-list__row')].map(
          (row) => row.getBoundingClientRect().bottom,
        ),
      );
      return Math.abs(inner.getBoundingClientRect().bottom - bottom) < 1;
    });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await screenshot(page, '02c2-chat-answer-versions');

    // And back to the newest, the one the model reads.
    await pager.getByRole('button', { name: 'Next answer' }).click();
    await lastAnswer(page).getByText('One pixel, nothing more.').waitFor();
    await pager.getByText('2 / 2', { exact: true }).waitFor();
    await pager.getByText('Answer 2 of 2', { exact: true }).waitFor();
    await expect(page.locator('article.message--earlier').count()).resolves.toBe(0);
    await lastAnswer(page).getByRole('button', { name: 'Regenerate' }).waitFor();

    // Editing the question shows its image in the editor, to keep or remove.
    await page.locator('article.message--user').getByRole('button', { name: 'Edit' }).click();
    await page.locator('form.question-editor').getByRole('button', { name: 'Remove image 1' }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await screenshot(page, '02d-chat-edit-images');
    await page.locator('form.question-editor').getByRole('button', { name: 'Cancel' }).click();
  });

  it('gives a chat instructions, before its first message, that every answer in it reads', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('button', { name: 'Instructions' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Answer in German.\nKeep it short.');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Instructions active' }).waitFor();

    const systemPrompt = () =>
      app.fake.requests.filter((request) => request.provider === 'openai').at(-1)!.body.messages[0];
    app.fake.enqueue('openai', { text: 'Hallo!' });
    await page.getByLabel('Message', { exact: true }).fill('Say hello');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText('Hallo!').waitFor();
    await waitForLastAnswer(page, 'complete');
    expect(systemPrompt()).toMatchObject({
      role: 'system',
      content: expect.stringMatching(/German\.\nKeep it short\.$/),
    });
    await page.getByText('Instructions: Answer in German.').waitFor();
    await screenshot(page, '02e-chat-instructions');

    // Changed in the chat: the next answer reads the new ones.
    await page.getByRole('button', { name: 'Instructions active' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Answer in French.');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Instructions: Answer in French.').waitFor();
    app.fake.enqueue('openai', { text: 'Au revoir !' });
    await page.getByLabel('Message', { exact: true }).fill('Say goodbye');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText('Au revoir !').waitFor();
    await waitForLastAnswer(page, 'complete');
    expect(systemPrompt().content).toMatch(/\nAnswer in French\.$/);
  });

  it('sets instructions for every chat in Settings, which every answer reads before the chat’s own', async () => {
    const chatUrl = page.url();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Instructions' }).click();
    await page.waitForURL('**/settings/chat');
    await page.getByLabel('Instructions for every chat').fill('I am Sam, a Go developer.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await screenshot(page, '02f-settings-instructions');

    await page.goto(chatUrl);
    await page.getByText('Instructions: Answer in French.').waitFor();
    app.fake.enqueue('openai', { text: 'Hi Sam.' });
    await page.getByLabel('Message', { exact: true }).fill('Who am I?');
    await page.keyboard.press('Enter');
    await lastAnswer(page).getByText('Hi Sam.').waitFor();
    await waitForLastAnswer(page, 'complete');
    const request = app.fake.requests.filter((entry) => entry.provider === 'openai').at(-1)!;
    expect(request.body.messages[0].content).toMatch(
      /\n\nThe user's instructions for all conversations:\nI am Sam, a Go developer\.\n\nThe user's instructions for this conversation:\nAnswer in French\.$/,
    );
    // The chat's own dialog says that they apply too, and links to them.
    await page.getByRole('button', { name: 'Instructions active' }).click();
    await expect(
      page.getByRole('dialog').getByRole('link', { name: 'Edit them in Settings' }).getAttribute('href'),
    ).resolves.toBe('/settings/chat');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows the stored key masked, and the usage of the answers so far', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings/keys');
    await page.getByText('Key ••••6789').waitFor();
    expect(await page.content()).not.toContain('sk-e2e-test-key-0123456789');
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('img', { name: /Tokens per day and model/ }).waitFor();
    await page.getByRole('rowheader', { name: 'gpt-4.1' }).waitFor();
    await screenshot(page, '03-settings-usage');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('switches the interface to German', async () => {
    await page.getByRole('link', { name: 'Appearance' }).click();
    await page.getByRole('radio', { name: 'Deutsch' }).check();
    await page.getByRole('heading', { name: 'Einstellungen', level: 1 }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
    await page.getByRole('link', { name: 'Chat' }).click();
    await page.getByRole('button', { name: 'Neuer Chat' }).waitFor();
    await page.getByRole('link', { name: 'Show me a streamed answer' }).click();
    await lastAnswer(page).getByText('Beantwortet von gpt-4.1').waitFor();
    await page.getByRole('button', { name: 'Senden' }).waitFor();
    await screenshot(page, '04-chat-german');
    // The choice is remembered across a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Neuer Chat' }).waitFor();
  });

  it('lets the admin manage users, sign-up, invitations, and read routing, usage and the audit log', async () => {
    await page.getByRole('link', { name: 'Verwaltung' }).click();
    await page.getByRole('heading', { name: 'Verwaltung', level: 1 }).waitFor();
    await page.getByRole('row', { name: /ada@example\.test \(du\)/ }).waitFor();
    await page.getByRole('link', { name: 'Registrierung' }).click();
    await page.getByRole('radio', { name: /Mit Einladung/ }).check();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Gespeichert.').waitFor();
    await page.getByRole('link', { name: 'Einladungen' }).click();
    await page.getByLabel('E-Mail (optional)').fill('bob@example.test');
    await page.getByRole('button', { name: 'Einladung erstellen' }).click();
    const link = await page.locator('.secret-once code').innerText();
    expect(link).toContain('/register?invite=');
    await page.getByRole('rowheader', { name: 'bob@example.test' }).waitFor();
    await page.getByRole('link', { name: 'Routing' }).click();
    await page.getByRole('rowheader', { name: 'code-review' }).waitFor();
    await page.getByRole('link', { name: 'Nutzung' }).click();
    await page.getByRole('rowheader', { name: 'ada@example.test' }).waitFor();
    await page.getByRole('link', { name: 'Prüfprotokoll' }).click();
    await page.getByRole('rowheader', { name: 'registration_mode_changed' }).first().waitFor();
    await screenshot(page, '05-admin-audit');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('scrolls a session of 1,000 messages with only a few of them in the DOM', async () => {
    const login = await app.server.request('POST', '/api/auth/login', { body: { ...ACCOUNT, tokenDelivery: 'body' } });
    const token = login.body.accessToken as string;
    const session = await app.server.request('POST', '/api/chat/sessions', { token, body: { title: 'A long one' } });
    await seedMessages(app, session.body.id as string, 1000);
    const stored = await app.server.request('GET', `/api/chat/sessions/${session.body.id}`, { token });
    expect(stored.body.messages).toHaveLength(1000);

    await page.goto(`/chat/${session.body.id}`);
    await lastAnswer(page).getByText('Answer 499').waitFor();
    const inDom = await page.locator('article.message').count();
    expect(inDom).toBeLessThan(60);
    // Scroll to the top in steps, as a user would, and find the first question.
    const list = page.getByRole('log');
    for (let step = 0; step < 200; step++) {
      const top = await list.evaluate((element) => {
        element.scrollTop = Math.max(0, element.scrollTop - 4000);
        return element.scrollTop;
      });
      if (top === 0) break;
      await page.waitForTimeout(10);
    }
    await page.getByText('Question 0', { exact: true }).waitFor();
    expect(await page.locator('article.message').count()).toBeLessThan(60);
  });

  it('fits a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.getByRole('link', { name: 'Chat' }).click();
    await page.getByRole('button', { name: 'Chats anzeigen' }).click();
    await page.getByRole('link', { name: 'A long one' }).click();
    await lastAnswer(page).getByText('Answer 499').waitFor();
    await screenshot(page, '06-chat-375px');
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .map((element) => `${element.tagName}.${element.className}`)
        .slice(0, 5);
      return { by: document.documentElement.scrollWidth - window.innerWidth, wide };
    });
    expect(overflow).toEqual({ by: 0, wide: [] });

    // A page with a table and long tokens: the table scrolls in its box, the lines wrap.
    await page.goto('/settings/tokens');
    await page.getByLabel('Name').fill('phone');
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    await page.getByRole('rowheader', { name: 'phone' }).waitFor();
    await screenshot(page, '06b-tokens-375px');
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(pageWidth).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('follows the system’s dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(15, 17, 23)');
    await screenshot(page, '07-chat-dark');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('raised no page errors and no CSP violations', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
