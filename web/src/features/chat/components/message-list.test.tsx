import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockMessageListLayout } from '@/test/chat';
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
  beforeEach(() => {
    mockMessageListLayout();
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

  it('keeps a row, not mounting it again, when it shows another message under the same key', async () => {
    const [first, second, third] = views;
    const list = (shown: MessageView[], keys?: string[]) => (
      <MessageList
        messages={shown}
        keys={keys}
        initialRect={{ width: 800, height: 600 }}
        renderMessage={(view) => <article>{view.content}</article>}
      />
    );
    const { container, rerender } = render(list([first!, second!], ['m0', 'group']));
    const row = (await screen.findByText('message number 1')).parentElement!;

    rerender(list([first!, third!], ['m0', 'group']));
    expect(await screen.findByText('message number 2')).toBeInTheDocument();
    expect(screen.queryByText('message number 1')).toBeNull();
    expect(screen.getByText('message number 2').parentElement).toBe(row);
    expect(container.querySelectorAll('.message-list__row')).toHaveLength(2);

    // Keyed by the messages themselves (no keys given), another message is another row.
    rerender(list([first!, second!]));
    expect((await screen.findByText('message number 1')).parentElement).not.toBe(row);
  });
});
