/**
 * Bidi controls in untrusted text can make it display reversed or reordered ("\u202Efdp.exe" shows as
 * "exe.pdf"). Overrides, embeddings and isolates are replaced by a visible marker so the agent sees the trick;
 * the invisible direction marks are dropped. Elements showing such text also isolate it (`dir="auto"`,
 * `unicode-bidi: isolate`), so what remains cannot reorder the text around it.
 */

const markers: Record<string, string> = {
  '\u202A': '⟨LRE⟩',
  '\u202B': '⟨RLE⟩',
  '\u202C': '⟨PDF⟩',
  '\u202D': '⟨LRO⟩',
  '\u202E': '⟨RLO⟩',
  '\u2066': '⟨LRI⟩',
  '\u2067': '⟨RLI⟩',
  '\u2068': '⟨FSI⟩',
  '\u2069': '⟨PDI⟩',
  '\u200E': '',
  '\u200F': '',
};

const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;

export function revealBidiControls(text: string): string {
  return text.replace(bidiControls, (control) => markers[control] ?? '');
}
