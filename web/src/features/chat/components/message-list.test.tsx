import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pendingUserView, type MessageView } from '../lib/message-view';
import { MessageList } from './message-list';

const views: MessageView[] = Array.from({ length: 1500 }, (_, index) => ({
  ...pendingUserView({
    key: `m${index}`,
    sessionId: 's',
    userContent: `message number ${index}`,
    runId: null,
    messageId: null,
    text: '',
    reasoning: '',
    citations: [],
    meta: null,
    usage: null,
    status: 'complete',
    error: null,
    stopping: false,
  }),
}));

describe('the message list', () => {
  // jsdom has no layout: give the viewport and each row a size, as a browser would.
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const height = this.classList.contains('message-list') ? 600 : 100;
      return { x: 0, y: 0, top: 0, left: 0, right: 800, bottom: height, width: 800, height, toJSON: () => ({}) };
    });
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('message-list') ? 600 : 100;
    });
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(100);
  });
  afterEach(() => vi.restoreAllMocks());

  it('keeps only the messages near the viewport in the DOM, even for 1,500 messages', async () => {
    const { container } = render(
      <MessageList
        messages={views}
        initialRect={{ width: 800, height: 600 }}
        renderMessage={(view) => <article>{view.content}</article>}
      />,
    );
    await waitFor(() => expect(container.querySelectorAll('article').length).toBeGreaterThan(0));
    const rendered = container.querySelectorAll('article').length;
    expect(rendered).toBeLessThan(40);
    expect(screen.getByRole('log', { name: 'Messages' })).toBeInTheDocument();
    // The scroll area is as tall as all the messages together.
    const inner = container.querySelector<HTMLElement>('.message-list__inner')!;
    expect(Number.parseInt(inner.style.height, 10)).toBeGreaterThan(1500 * 100);
  });
});
