// The conversation, virtualised: only the messages near the viewport are in the DOM, so a
// session of thousands of messages scrolls smoothly. It sticks to the bottom while an answer
// grows, unless the user scrolled up to read, or it was opened at a message (a search result).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../lib/message-view';

const NEAR_BOTTOM_PX = 120;

export function MessageList({
  messages,
  keys,
  renderMessage,
  initialRect,
  targetRow,
  targetKey,
  follow,
}: {
  messages: readonly MessageView[];
  /**
   * The rows' keys, when not the messages' own: a row showing one of several versions keeps its
   * key when another is shown (its height is measured again, not the row mounted again).
   */
  keys?: readonly string[];
  renderMessage: (message: MessageView, index: number) => ReactNode;
  /** The viewport size before layout (tests, first render). */
  initialRect?: { width: number; height: number };
  /**
   * A row to open at instead of the end: scrolled to the middle, and the element it renders
   * (focusable) focused, once per `targetKey` (a navigation, say).
   */
  targetRow?: number;
  targetKey?: string;
  /** Changes when the user sends: the list goes to its end and follows the answer again. */
  follow?: number;
}) {
  const { t } = useTranslation('chat');
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(targetRow === undefined);
  const focusTarget = useRef(false);

  // No React Compiler here: this component re-renders whenever the virtualizer changes, by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 160,
    overscan: 6,
    getItemKey: (index) => keys?.[index] ?? messages[index]?.key ?? index,
    initialRect,
  });

  const totalSize = virtualizer.getTotalSize();
  const last = messages.at(-1);
  // The answer's thinking grows the last message too, before any answer text arrives.
  const lastLength = (last?.content.length ?? 0) + (last?.reasoning.length ?? 0);

  // Scrolled up (or opened at a found message), the user sends: their question and its answer
  // are at the end, so the list goes there.
  const followed = useRef(follow);
  useLayoutEffect(() => {
    if (follow === followed.current) return;
    followed.current = follow;
    stickToBottom.current = true;
  }, [follow]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [totalSize, messages.length, lastLength, follow]);

  useLayoutEffect(() => {
    if (targetRow === undefined) return;
    stickToBottom.current = false;
    focusTarget.current = true;
    virtualizer.scrollToIndex(targetRow, { align: 'center' });
  }, [virtualizer, targetRow, targetKey]);

  // Once the row is rendered (the scroll brought it into the DOM), its message takes the focus;
  // without scrolling, since the list placed it.
  useEffect(() => {
    if (!focusTarget.current || targetRow === undefined) return;
    const rendered = scrollRef.current?.querySelector(`.message-list__row[data-index="${targetRow}"] > *`);
    if (!(rendered instanceof HTMLElement)) return;
    focusTarget.current = false;
    rendered.focus({ preventScroll: true });
  });

  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
  }, []);

  return (
    <div
      ref={scrollRef}
      className="message-list"
      onScroll={onScroll}
      role="log"
      aria-live="off"
      aria-label={t('conversation.messages')}
      tabIndex={0}
    >
      <div className="message-list__inner" style={{ height: totalSize }}>
        {virtualizer.getVirtualItems().map((item) => {
          const message = messages[item.index];
          if (!message) return null;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="message-list__row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {renderMessage(message, item.index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
