import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { isTypingTarget, shortcutFor, useShortcuts, type ShortcutEvent } from './shortcuts';

const press = (change: Partial<ShortcutEvent>): ShortcutEvent => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target: document.body,
  ...change,
});

function element(html: string) {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  return host.firstElementChild!;
}

describe('shortcutFor', () => {
  it('opens the palette with Ctrl+K and Cmd+K, also while typing', () => {
    const textarea = element('<textarea></textarea>');
    expect(shortcutFor(press({ key: 'k', code: 'KeyK', ctrlKey: true }))).toBe('palette');
    expect(shortcutFor(press({ key: 'k', code: 'KeyK', metaKey: true, target: textarea }))).toBe('palette');
  });

  it('starts a new chat with Alt+N, read from the key position (Alt changes the character on macOS)', () => {
    expect(shortcutFor(press({ key: '˜', code: 'KeyN', altKey: true }))).toBe('newChat');
    expect(shortcutFor(press({ key: 'n', code: 'KeyN', ctrlKey: true }))).toBeNull();
  });

  it('focuses the input with / outside fields, and with Ctrl+Shift+L anywhere', () => {
    const input = element('<input type="text">');
    expect(shortcutFor(press({ key: '/', code: 'Slash' }))).toBe('focusInput');
    expect(shortcutFor(press({ key: '/', code: 'Slash', target: input }))).toBeNull();
    expect(shortcutFor(press({ key: 'L', code: 'KeyL', ctrlKey: true, shiftKey: true, target: input }))).toBe(
      'focusInput',
    );
  });

  it('ignores keys without a modifier in text fields, selects and the code editor', () => {
    const editor = element('<div contenteditable="true"><div class="cm-line">x</div></div>');
    for (const target of [
      element('<textarea></textarea>'),
      element('<input type="search">'),
      element('<select><option>a</option></select>'),
      editor.firstElementChild,
    ]) {
      expect(shortcutFor(press({ key: '?', code: 'Slash', shiftKey: true, target }))).toBeNull();
      expect(shortcutFor(press({ key: '/', code: 'Slash', target }))).toBeNull();
    }
    // A checkbox or a button takes no text: the shortcut works there.
    expect(
      shortcutFor(press({ key: '?', code: 'Slash', shiftKey: true, target: element('<input type="checkbox">') })),
    ).toBe('help');
  });

  it('leaves keys alone that something else handled, or that compose a character', () => {
    expect(shortcutFor(press({ key: 'k', code: 'KeyK', ctrlKey: true, defaultPrevented: true }))).toBeNull();
    expect(shortcutFor(press({ key: '/', code: 'Slash', isComposing: true }))).toBeNull();
    expect(shortcutFor(press({ key: 'a', code: 'KeyA' }))).toBeNull();
  });

  it('tells typing targets apart', () => {
    expect(isTypingTarget(element('<input type="email">'))).toBe(true);
    expect(isTypingTarget(element('<input type="radio">'))).toBe(false);
    expect(isTypingTarget(element('<button>b</button>'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

function Harness({ handlers }: { handlers: Parameters<typeof useShortcuts>[0] }) {
  useShortcuts(handlers);
  return (
    <>
      <label>
        Note
        <textarea />
      </label>
      <button type="button">Elsewhere</button>
    </>
  );
}

describe('useShortcuts', () => {
  it('runs the handler for a key pressed on the page but not for one typed into a field', async () => {
    const user = userEvent.setup();
    const handlers = { palette: vi.fn(), newChat: vi.fn(), focusInput: vi.fn(), help: vi.fn() };
    render(<Harness handlers={handlers} />);

    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    await user.keyboard('/');
    expect(handlers.focusInput).toHaveBeenCalledTimes(1);

    await user.click(screen.getByLabelText('Note'));
    await user.keyboard('/?');
    expect(screen.getByLabelText('Note')).toHaveValue('/?');
    expect(handlers.focusInput).toHaveBeenCalledTimes(1);
    expect(handlers.help).not.toHaveBeenCalled();

    await user.keyboard('{Control>}k{/Control}');
    expect(handlers.palette).toHaveBeenCalledTimes(1);
  });

  it('keeps the browser from acting on a key it handled', () => {
    const handlers = { palette: vi.fn(), newChat: vi.fn(), focusInput: vi.fn(), help: vi.fn() };
    render(<Harness handlers={handlers} />);
    const handled = fireEvent.keyDown(window, { key: 'n', code: 'KeyN', altKey: true });
    expect(handled).toBe(false);
    expect(handlers.newChat).toHaveBeenCalledTimes(1);
    expect(fireEvent.keyDown(window, { key: 'x', code: 'KeyX' })).toBe(true);
  });
});
