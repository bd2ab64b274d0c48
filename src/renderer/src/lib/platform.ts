/** Whether shortcut hints should use the Mac symbols (⌘) rather than Ctrl. */

interface NavigatorWithUaData {
  platform?: string;
  userAgentData?: { platform?: string };
}

export function isMacPlatform(nav: NavigatorWithUaData | undefined = typeof navigator === 'undefined' ? undefined : navigator): boolean {
  const platform = nav?.userAgentData?.platform || nav?.platform || '';
  return /mac/i.test(platform);
}

/** The command palette's shortcut as hints show it: "⌘K" on macOS, "Ctrl+K" elsewhere. */
export function paletteShortcut(nav?: NavigatorWithUaData): string {
  return isMacPlatform(nav) ? '⌘K' : 'Ctrl+K';
}

/** The label of the command modifier key: "⌘" on macOS, "Ctrl" elsewhere. */
export function modifierKeyLabel(nav?: NavigatorWithUaData): string {
  return isMacPlatform(nav) ? '⌘' : 'Ctrl';
}
