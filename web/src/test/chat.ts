// Test data and layout for the chat screens.
import { vi } from 'vitest';
import type { ChatMessage, ChatSessionWithMessages } from '@/features/chat/api/types';

/** A stored message: what the test names, every other field empty (no model, no usage). */
export const chatMessage = (
  fields: Pick<ChatMessage, 'id' | 'role' | 'content'> & Partial<ChatMessage>,
): ChatMessage => ({
  reasoning: null,
  status: 'complete',
  errorCode: null,
  runId: null,
  provider: null,
  model: null,
  agent: null,
  taskKind: null,
  routeReason: null,
  citations: [],
  finishReason: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  ttftMs: null,
  durationMs: null,
  contextDropped: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

/** A stored session: what the test names, otherwise new (no messages, no instructions, not a fork). */
export const chatSession = (
  fields: Pick<ChatSessionWithMessages, 'id' | 'title'> & Partial<ChatSessionWithMessages>,
): ChatSessionWithMessages => ({
  forkedFrom: null,
  instructions: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  messages: [],
  ...fields,
});

/**
 * jsdom has no layout: gives the message list a 600 px viewport (scrolling over the height of its
 * contents) and every other element 100 px, as a browser would, so that the virtualised list
 * renders rows. Undo with vi.restoreAllMocks().
 */
export function mockMessageListLayout() {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const height = this.classList.contains('message-list') ? 600 : 100;
    return { x: 0, y: 0, top: 0, left: 0, right: 800, bottom: height, width: 800, height, toJSON: () => ({}) };
  });
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('message-list') ? 600 : 100;
  });
  vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (this: HTMLElement) {
    const contents = this.classList.contains('message-list') ? this.firstElementChild : null;
    return Math.max(
      contents instanceof HTMLElement ? Number.parseFloat(contents.style.height) || 0 : 0,
      this.clientHeight,
    );
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(100);
  // A browser fires a scroll event after the position changes, also when a script sets it (the
  // list does, to stick to its end); jsdom keeps the position but fires none.
  const scrollTop = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop')!;
  vi.spyOn(Element.prototype, 'scrollTop', 'set').mockImplementation(function (this: Element, value: number) {
    const before = scrollTop.get!.call(this) as number;
    scrollTop.set!.call(this, value);
    if (scrollTop.get!.call(this) !== before) setTimeout(() => this.dispatchEvent(new Event('scroll')));
  });
}

/**
 * An image file as the file picker or the clipboard gives it; its bytes name it. `size` pretends
 * another size, so that the limits can be tested without megabytes in memory.
 */
export function imageFile(name: string, type = 'image/png', size?: number) {
  const file = new File([`PNG-bytes-of-${name}`], name, { type });
  if (size !== undefined) Object.defineProperty(file, 'size', { value: size });
  return file;
}

/** Object URLs as spies: blob:test/1, blob:test/2, … Undo with vi.restoreAllMocks(). */
export function mockObjectUrls() {
  let count = 0;
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:test/${++count}`);
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  return { create, revoke };
}
