// The run panel in a real browser against the real server and its bubblewrap sandbox: a Python
// snippet in scratch mode whose output streams in, stdin, an infinite loop stopped, a workspace
// file run with Ctrl+Enter before it is saved, and a code block of a chat answer run inline.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeIsolation, systemRoot } from '../server/src/modules/sandbox/isolation.js';
import { seedMessages, type E2eApp } from './support/app.js';
import { seriousA11yViolations } from './support/axe.js';
import { hasChromium, SKIP_MESSAGE } from './support/browser.js';
import { startBrowserSuite } from './support/session.js';
import { screenshot, watch } from './support/page.js';

const noSandbox = await probeIsolation(systemRoot(), process.getuid?.() === 0);
if (noSandbox && process.env.CI === 'true') throw new Error(`the sandbox e2e tests need bubblewrap: ${noSandbox}`);
if (!hasChromium) console.warn(SKIP_MESSAGE);
else if (noSandbox) console.warn(`[skip] e2e sandbox: bubblewrap cannot run code here (${noSandbox})`);

const ACCOUNT = { email: 'ada@example.test', password: 'correct horse battery staple' };

const output = (page: Page) => page.getByRole('log', { name: 'Output' });

/** Replaces the editor's text by typing, as a user would. */
async function typeCode(page: Page, lines: string[]) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  for (const [index, line] of lines.entries()) {
    if (index > 0) await page.keyboard.press('Enter');
    // CodeMirror indents after a newline on its own; the lines here start at column 0.
    await page.keyboard.press('Home');
    await page.keyboard.type(line);
  }
}

describe.skipIf(!hasChromium || noSandbox !== undefined)('the run panel in Chromium', () => {
  let app: E2eApp;
  let page: Page;
  let pageErrors: string[] = [];
  let cspViolations: string[] = [];

  beforeAll(async () => {
    const suite = await startBrowserSuite(ACCOUNT, { viewport: { width: 1366, height: 900 }, timeoutMs: 15_000 });
    ({ app, page, pageErrors, cspViolations } = suite);
    return suite.close;
  });

  it('runs a Python snippet in scratch mode with stdin, its output streaming in', async () => {
    await page.goto('/code/scratch');
    await page.getByLabel('Language', { exact: true }).selectOption('python');
    await typeCode(page, [
      'import time',
      'name = input()',
      'for i in range(3): print("tick", i, name, flush=True); time.sleep(0.5)',
    ]);
    await expect(page.getByLabel('Run as').inputValue()).resolves.toBe('python');
    await page.getByLabel('Input (stdin)').fill('Ada');
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    const seen = await watch(
      () => output(page).innerText(),
      (text) => text.includes('tick 2 Ada'),
    );
    // The lines arrived one by one, not all at the end.
    expect(seen.some((text) => text.includes('tick 0 Ada') && !text.includes('tick 2'))).toBe(true);
    await expect(page.getByTestId('run-exit').innerText()).resolves.toMatch(/^Exit code 0 · /);
  });

  it('stops an infinite loop with the Stop button', async () => {
    await typeCode(page, ['print("looping", flush=True)', 'while True: pass']);
    await page.keyboard.press('Control+Enter');
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    await stop.waitFor();
    await output(page).getByText('looping').waitFor();
    await stop.click();
    await page.getByText('Stopped by you.').waitFor();
    await expect(page.getByTestId('run-exit').innerText()).resolves.toMatch(/Ended by signal SIG|Exit code/);
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    // The editor still holds the loop: Ctrl+Enter ran it rather than adding a line.
    await expect(page.locator('.cm-content').innerText()).resolves.toBe(
      'print("looping", flush=True)\nwhile True: pass',
    );
  });

  it('runs a workspace file with Ctrl+Enter, unsaved text included, and reports errors on stderr', async () => {
    await page.goto('/code');
    await page.getByLabel('Name', { exact: true }).fill('Runner');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('link', { name: 'Runner' }).click();
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('Path', { exact: true }).fill('tools/greet.py');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'tools/greet.py' }).waitFor();
    await page.getByRole('heading', { name: 'Run', level: 2 }).waitFor();

    await typeCode(page, [
      'import sys',
      'print("hello from the workspace")',
      'print("careful", file=sys.stderr)',
      'sys.exit(3)',
    ]);
    await page.getByText('Unsaved changes').first().waitFor();
    await page.keyboard.press('Control+Enter');
    await output(page).locator('[data-stream="stdout"]', { hasText: 'hello from the workspace' }).waitFor();
    await output(page).locator('[data-stream="stderr"]', { hasText: 'careful' }).waitFor();
    await expect(page.getByTestId('run-exit').innerText()).resolves.toMatch(/^Exit code 3 · /);

    await screenshot(page, 'run');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('fits a 375 px wide screen with the output shown', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await output(page).getByText('hello from the workspace').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'run-narrow');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('runs the code block of a chat answer and shows the output under it', async () => {
    const login = await app.server.request('POST', '/api/auth/login', { body: { ...ACCOUNT, tokenDelivery: 'body' } });
    const token = login.body.accessToken as string;
    // The chat asks for a provider first; a key pointed at the fake provider will do.
    const key = await app.server.request('PUT', '/api/settings/api-keys/openai', {
      token,
      body: { apiKey: 'sk-e2e-test-key-0123456789', baseUrl: app.fake.baseUrl('openai') },
    });
    expect(key.status).toBe(200);
    const session = await app.server.request('POST', '/api/chat/sessions', { token, body: { title: 'Primes' } });
    const sessionId = session.body.id as string;
    await seedMessages(app, sessionId, 2);
    await app.server.database.db
      .updateTable('chat_messages')
      .set({
        content: 'Here you go:\n\n```py\nprint([n for n in range(2, 30) if all(n % d for d in range(2, n))])\n```',
      })
      .where('session_id', '=', sessionId)
      .where('role', '=', 'assistant')
      .execute();

    await page.goto(`/chat/${sessionId}`);
    const answer = page.locator('article.message--assistant').last();
    await answer.getByRole('button', { name: 'Run this Python code in the sandbox' }).click();
    const region = answer.getByRole('region', { name: 'Output of this Python code' });
    await region.getByRole('log', { name: 'Output' }).getByText('[2, 3, 5, 7, 11, 13, 17, 19, 23, 29]').waitFor();
    await expect(region.getByTestId('run-exit').innerText()).resolves.toMatch(/^Exit code 0 · /);
    // The other actions stay.
    await answer.getByRole('link', { name: 'Review this' }).waitFor();
    await answer.getByRole('button', { name: 'Save to clipboard' }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('had no page errors and no Content Security Policy violations', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
