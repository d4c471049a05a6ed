// The Code screen in a real browser against the real server: a workspace with an uploaded file,
// editing and saving it, a review with live progress, its findings in the list and inline in
// CodeMirror, a fix shown as a diff and applied, and a snippet reviewed in scratch mode.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './support/axe.js';
import { hasChromium, SKIP_MESSAGE } from './support/browser.js';
import { startBrowserSuite } from './support/session.js';
import { screenshot } from './support/page.js';

if (!hasChromium) console.warn(SKIP_MESSAGE);

const ACCOUNT = { email: 'grace@example.test', password: 'correct horse battery staple' };
const VULNERABLE = 'export function show(element, userInput) {\n  element.innerHTML = userInput;\n}\n';

const editorText = (page: Page) => page.locator('.cm-content').innerText();

describe.skipIf(!hasChromium)('the Code screen in Chromium', () => {
  let page: Page;
  let pageErrors: string[] = [];
  let cspViolations: string[] = [];

  beforeAll(async () => {
    const suite = await startBrowserSuite(ACCOUNT, { viewport: { width: 1366, height: 860 } });
    ({ page, pageErrors, cspViolations } = suite);
    return suite.close;
  });

  it('creates a workspace from the Code screen', async () => {
    await page.getByRole('link', { name: 'Code', exact: true }).click();
    await page.getByRole('heading', { name: 'Code', level: 1 }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await page.getByLabel('Name', { exact: true }).fill('Demo shop');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('link', { name: 'Demo shop' }).click();
    await page.waitForURL('**/code/w/*');
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor();
    await page.getByText('No files yet. Create or upload one.').waitFor();
  });

  it('uploads a file and creates another one, shown in the file tree', async () => {
    await page.locator('input[type=file]').setInputFiles({
      name: 'show.js',
      mimeType: 'text/javascript',
      buffer: Buffer.from(VULNERABLE),
    });
    await page.getByRole('treeitem', { name: 'show.js' }).waitFor();

    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('Path', { exact: true }).fill('docs/notes.md');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('treeitem', { name: 'docs' }).waitFor();
    await page.getByRole('treeitem', { name: 'notes.md' }).waitFor();
    expect(page.url()).toContain('file=docs%2Fnotes.md');
  });

  it('opens, edits and saves a file with Ctrl+S', async () => {
    await page.getByRole('treeitem', { name: 'show.js' }).click();
    await page.getByRole('heading', { name: 'show.js' }).waitFor();
    await expect(editorText(page)).resolves.toContain('element.innerHTML = userInput;');
    // JavaScript highlighting: the grammar loaded and marked the keywords.
    await page.locator('.cm-content span', { hasText: 'function' }).first().waitFor();

    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('// edited in the browser');
    await page.keyboard.press('Enter');
    await page.getByText('Unsaved changes').first().waitFor();
    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await expect(page.getByText('Unsaved changes').count()).resolves.toBe(0);

    // The server has the new text: a reload shows it.
    await page.reload();
    await page.getByRole('heading', { name: 'show.js' }).waitFor();
    await expect(editorText(page)).resolves.toMatch(/^\/\/ edited in the browser\nexport function show/);
  });

  it('reviews the file: progress, the finding in the list and inline in the editor', async () => {
    await page.getByRole('button', { name: 'Review file' }).click();
    const finding = page.locator('.finding[data-rule="xionimus/html-injection"]');
    await finding.waitFor({ timeout: 30_000 });
    await expect(finding.innerText()).resolves.toMatch(
      /High[\s\S]*Security[\s\S]*innerHTML with dynamic content[\s\S]*show\.js, line 3/,
    );
    await page.getByText(/^Grade [A-F], score \d+ of 100$/).waitFor();

    // Inline: a lint mark on the vulnerable line, and a marker in the gutter.
    const mark = page.locator('.cm-content .cm-lintRange-error').first();
    await expect(mark.innerText()).resolves.toContain('element.innerHTML = userInput');
    await expect(page.locator('.cm-gutter-lint .cm-lint-marker-error').count()).resolves.toBeGreaterThan(0);

    // A click on the finding puts the cursor on its line.
    await finding.locator('.finding__jump').click();
    await expect(page.locator('.cm-activeLine').innerText()).resolves.toContain('element.innerHTML');

    await screenshot(page, 'code');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('shows the fix as a diff, applies it and reloads the file in the editor', async () => {
    await page.getByRole('button', { name: /^Show fix for xionimus\/html-injection/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply fix' });
    const diff = dialog.getByLabel('Changes to show.js');
    await diff.locator('.diff-view__line--added', { hasText: 'element.textContent = userInput;' }).waitFor();
    await diff.locator('.diff-view__line--removed', { hasText: 'element.innerHTML = userInput;' }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await dialog.getByRole('button', { name: 'Apply fix' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.locator('.cm-content', { hasText: 'element.textContent = userInput;' }).waitFor();
    await expect(editorText(page)).resolves.toContain('// edited in the browser');
    await expect(editorText(page)).resolves.not.toContain('innerHTML');
    await page.locator('.finding[data-rule="xionimus/html-injection"]').getByText('Fixed').waitFor();
  });

  it('reviews a pasted snippet in scratch mode', async () => {
    await page.goto('/code/scratch');
    await page.getByRole('heading', { name: 'Scratch review' }).waitFor();
    await page.getByLabel('Language').selectOption('python');
    await page.locator('.cm-content').click();
    await page.keyboard.type('import os');
    await page.keyboard.press('Enter');
    await page.keyboard.type('os.system("ls " + name)');
    await page.getByRole('button', { name: 'Review snippet' }).click();
    const finding = page.locator('.finding').filter({ hasText: 'line 2' }).first();
    await finding.waitFor({ timeout: 30_000 });
    await expect(finding.innerText()).resolves.toMatch(/Security/);
    await page.locator('.cm-content .cm-lintRange').first().waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('stacks the panels on a 375 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/code');
    await page.getByRole('link', { name: 'Demo shop' }).click();
    await page.getByRole('treeitem', { name: 'show.js' }).click();
    await page.locator('.cm-content', { hasText: 'textContent' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'code-narrow');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('had no page errors and no Content Security Policy violations', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
