/** Enter sends; Shift+Enter (or Alt+Enter) is a newline; Enter while an IME is composing is left alone. */
export function composerKeyAction(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'isComposing' | 'keyCode'>): 'send' | 'newline' | null {
  if (event.key !== 'Enter') return null;
  // keyCode 229: some IMEs report the confirming Enter this way even after compositionend.
  if (event.isComposing || event.keyCode === 229) return null;
  return event.shiftKey || event.altKey ? 'newline' : 'send';
}
