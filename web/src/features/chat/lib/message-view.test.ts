import { describe, expect, it } from 'vitest';
import { chatMessage } from '@/test/chat';
import type { ChatMessage } from '../api/types';
import { isEarlierAnswer, storedView } from './message-view';

const views = (...messages: Array<Partial<ChatMessage> & Pick<ChatMessage, 'role'>>) =>
  messages.map((message, index) => storedView(chatMessage({ id: `m${index}`, content: 'text', ...message })));
const earlier = (list: ReturnType<typeof views>) => list.map((_, index) => isEarlierAnswer(list, index));

describe('isEarlierAnswer', () => {
  it('marks the answers a later answer to the same question replaced, as the history the model reads does', () => {
    expect(earlier(views({ role: 'user' }, { role: 'assistant' }, { role: 'assistant' }))).toEqual([
      false,
      true,
      false,
    ]);
    // A new answer still being written replaces the earlier one already.
    expect(
      earlier(views({ role: 'user' }, { role: 'assistant' }, { role: 'assistant', status: 'streaming', content: '' })),
    ).toEqual([false, true, false]);
    // Separate questions: none is earlier.
    expect(earlier(views({ role: 'user' }, { role: 'assistant' }, { role: 'user' }, { role: 'assistant' }))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('does not count a later answer that failed or stopped before any text: the model still reads this one', () => {
    expect(earlier(views({ role: 'user' }, { role: 'assistant' }, { role: 'assistant', status: 'error' }))).toEqual([
      false,
      false,
      false,
    ]);
    expect(
      earlier(
        views(
          { role: 'user' },
          { role: 'assistant' },
          { role: 'assistant', status: 'aborted', content: '' },
          { role: 'assistant', status: 'error', content: 'half' },
        ),
      ),
    ).toEqual([false, false, false, false]);
    // After those, an answer with text replaces all before it.
    expect(
      earlier(
        views(
          { role: 'user' },
          { role: 'assistant' },
          { role: 'assistant', status: 'error' },
          { role: 'assistant', content: 'Better.' },
        ),
      ),
    ).toEqual([false, true, true, false]);
  });
});
