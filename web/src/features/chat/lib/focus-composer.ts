// The chat input is the target of the "focus input" shortcut, which lives in the app shell,
// outside the chat's component tree: it is found by a marker attribute instead of a ref.
/** Focuses the chat input if one is on the screen; false when there is none. */
export function focusComposer(): boolean {
  const input = document.querySelector<HTMLTextAreaElement>('textarea[data-composer]');
  if (!input) return false;
  input.focus();
  return true;
}
