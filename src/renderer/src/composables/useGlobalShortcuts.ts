import { onBeforeUnmount, onMounted } from 'vue';

export interface ShortcutHandlers {
  next: () => void;
  previous: () => void;
  palette: () => void;
  help: () => void;
  focusFilter: () => void;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** Maps a keydown to a workspace shortcut name; exported for tests. */
export function shortcutFor(event: KeyboardEvent): keyof ShortcutHandlers | null {
  const mod = event.ctrlKey || event.metaKey;
  // event.code: Alt+J types "∆" on macOS, the physical key is still KeyJ.
  if (event.altKey && !mod && event.code === 'KeyJ') return 'next';
  if (event.altKey && !mod && event.code === 'KeyK') return 'previous';
  if (mod && !event.altKey && event.key === 'ArrowDown') return 'next';
  if (mod && !event.altKey && event.key === 'ArrowUp') return 'previous';
  if (mod && !event.altKey && !event.shiftKey && event.code === 'KeyK') return 'palette';
  if (!mod && !event.altKey && !isEditable(event.target)) {
    if (event.key === '?') return 'help';
    if (event.key === '/') return 'focusFilter';
  }
  return null;
}

export function useGlobalShortcuts(handlers: ShortcutHandlers): void {
  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing) return;
    const name = shortcutFor(event);
    if (!name) return;
    event.preventDefault();
    handlers[name]();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
