import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false });
}

/** Polls `read` until `done` says so, returning every distinct value seen on the way. */
export async function watch<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const seen: T[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (seen.length === 0 || seen.at(-1) !== value) seen.push(value);
    if (done(value)) return seen;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const lastAnswer = (page: Page): Locator => page.locator('article.message--assistant').last();

/** Waits until the last answer has this status (the locator re-resolves on every poll). */
export async function waitForLastAnswer(page: Page, status: string, timeoutMs = 15_000) {
  await watch(
    () => lastAnswer(page).getAttribute('data-status'),
    (value) => value === status,
    timeoutMs,
  );
}
