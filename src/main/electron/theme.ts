/** Window background before the renderer paints: the renderer's own page colours, so showing it never flashes. */
export function windowBackgroundColor(dark: boolean): string {
  return dark ? '#16181d' : '#ffffff';
}
