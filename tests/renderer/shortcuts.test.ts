// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../src/renderer/src/composables/useGlobalShortcuts.ts';

function key(init: KeyboardEventInit, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', init);
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('workspace shortcuts', () => {
  it('moves through conversations with Alt+J / Alt+K and Ctrl+Down / Ctrl+Up, even from the reply box', () => {
    const textarea = document.createElement('textarea');
    expect(shortcutFor(key({ altKey: true, code: 'KeyJ', key: '∆' }, textarea))).toBe('next');
    expect(shortcutFor(key({ altKey: true, code: 'KeyK', key: 'k' }))).toBe('previous');
    expect(shortcutFor(key({ ctrlKey: true, key: 'ArrowDown' }))).toBe('next');
    expect(shortcutFor(key({ metaKey: true, key: 'ArrowUp' }))).toBe('previous');
  });

  it('opens the palette with Ctrl+K or Cmd+K', () => {
    expect(shortcutFor(key({ ctrlKey: true, code: 'KeyK', key: 'k' }))).toBe('palette');
    expect(shortcutFor(key({ metaKey: true, code: 'KeyK', key: 'k' }))).toBe('palette');
  });

  it('shows the shortcut sheet on ? but never while the agent is typing', () => {
    expect(shortcutFor(key({ key: '?' }))).toBe('help');
    expect(shortcutFor(key({ key: '?' }, document.createElement('textarea')))).toBeNull();
    expect(shortcutFor(key({ key: '/' }, document.createElement('input')))).toBeNull();
    expect(shortcutFor(key({ key: 'j' }))).toBeNull();
  });
});
