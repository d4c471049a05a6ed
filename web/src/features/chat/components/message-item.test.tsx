import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { chatMessage } from '@/test/chat';
import { renderWithProviders } from '@/test/render';
import type { ChatMessage } from '../api/types';
import { storedView } from '../lib/message-view';
import { MessageItem } from './message-item';

const answer = (change: Partial<ChatMessage>): ChatMessage =>
  chatMessage({
    id: 'answer-1',
    role: 'assistant',
    content: 'The answer is **42**.',
    runId: 'run-1',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    agent: 'assistant',
    taskKind: 'general',
    finishReason: 'stop',
    ...change,
  });

const item = (message: ChatMessage) => (
  <MessageItem message={storedView(message)} isLastAnswer actions={{}} sessionId="s1" />
);

// The details element reports a toggle in a later task: let it reach the component.
const toggleSettled = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

const disclosureOf = (summary: string) => screen.getByText(summary, { selector: 'summary' }).closest('details')!;

describe('an answer with the model’s thinking', () => {
  it('shows the thinking collapsed above the answer, as plain text apart from it', () => {
    const reasoning = 'Step 1: read the question.\nStep 2: <b>not markup</b>, **not bold**.';
    const { container } = renderWithProviders(item(answer({ reasoning })));

    const details = disclosureOf('Thinking');
    expect(details).not.toHaveAttribute('open');
    const text = details.querySelector('.message__reasoning-text')!;
    expect(text.textContent).toBe(reasoning);
    expect(text.querySelector('b, strong')).toBeNull();

    const markdown = container.querySelector('.markdown')!;
    expect(markdown).toHaveTextContent('The answer is 42.');
    expect(markdown).not.toHaveTextContent('Step 1');
    expect(details.compareDocumentPosition(markdown) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows no disclosure when the model sent no thinking', () => {
    const { container } = renderWithProviders(item(answer({ reasoning: null })));
    expect(container.querySelector('.markdown')).toHaveTextContent('The answer is 42.');
    expect(screen.queryByText(/^Thinking/)).toBeNull();
    expect(container.querySelector('details')).toBeNull();
  });

  it('keeps the thinking open, saying so, while the model thinks and has not answered yet', () => {
    renderWithProviders(item(answer({ status: 'streaming', content: '', reasoning: 'Considering the options' })));
    const details = disclosureOf('Thinking…');
    expect(details).toHaveAttribute('open');
    expect(details).toHaveTextContent('Considering the options');
    // The summary says it already: no second "Thinking…" placeholder.
    expect(screen.getAllByText('Thinking…')).toHaveLength(1);
  });

  it('collapses once the answer starts, unless the user chose to keep it open', async () => {
    const user = userEvent.setup();
    const thinking = answer({ status: 'streaming', content: '', reasoning: 'Considering the options' });
    const { rerender } = renderWithProviders(item(thinking));
    const details = disclosureOf('Thinking…');

    // Untouched, it folds away when the answer text arrives.
    rerender(item({ ...thinking, content: 'Hello' }));
    expect(disclosureOf('Thinking')).toBe(details);
    expect(details).not.toHaveAttribute('open');

    // The user reopens it; more answer text and the end of the run keep it open.
    await user.click(screen.getByText('Thinking', { selector: 'summary' }));
    await toggleSettled();
    expect(details).toHaveAttribute('open');
    rerender(item({ ...thinking, content: 'Hello, world' }));
    rerender(item({ ...thinking, content: 'Hello, world.', status: 'complete' }));
    expect(disclosureOf('Thinking')).toBe(details);
    expect(details).toHaveAttribute('open');
  });

  it('does not fold away thinking the user closed and reopened while it was being written', async () => {
    const user = userEvent.setup();
    const thinking = answer({ status: 'streaming', content: '', reasoning: 'Considering the options' });
    const { rerender } = renderWithProviders(item(thinking));
    const details = disclosureOf('Thinking…');

    await user.click(screen.getByText('Thinking…', { selector: 'summary' }));
    await toggleSettled();
    expect(details).not.toHaveAttribute('open');
    await user.click(screen.getByText('Thinking…', { selector: 'summary' }));
    await toggleSettled();
    expect(details).toHaveAttribute('open');

    rerender(item({ ...thinking, content: 'Hello' }));
    expect(disclosureOf('Thinking')).toBe(details);
    expect(details).toHaveAttribute('open');
  });
});
