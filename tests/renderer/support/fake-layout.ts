/**
 * happy-dom does no layout. Virtualized lists need sizes: every element gets a viewport-sized box, elements
 * with `rowClass` a row-sized one, and scrollHeight follows the list's `.sizer` height.
 */
export function installFakeLayout(options: { viewport: number; row: number; rowClass: string }): () => void {
  const restore: Array<() => void> = [];
  const proto = HTMLElement.prototype;
  for (const [name, value] of [
    ['offsetHeight', options.viewport],
    ['clientHeight', options.viewport],
    ['offsetWidth', 800],
  ] as const) {
    const original = Object.getOwnPropertyDescriptor(proto, name);
    Object.defineProperty(proto, name, { configurable: true, get: () => value });
    restore.push(() => (original ? Object.defineProperty(proto, name, original) : delete (proto as unknown as Record<string, unknown>)[name]));
  }
  Object.defineProperty(proto, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const sizer = this.querySelector<HTMLElement>('.sizer');
      return sizer ? Number.parseFloat(sizer.style.height) || options.viewport : options.viewport;
    },
  });
  restore.push(() => delete (proto as unknown as Record<string, unknown>).scrollHeight);
  const originalRect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    const height = this.classList.contains(options.rowClass) ? options.row : options.viewport;
    return { x: 0, y: 0, top: 0, left: 0, right: 800, bottom: height, width: 800, height, toJSON: () => ({}) } as DOMRect;
  };
  restore.push(() => (Element.prototype.getBoundingClientRect = originalRect));
  return () => restore.reverse().forEach((undo) => undo());
}
