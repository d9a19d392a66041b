// Styles for an element that lives in another document than the one its module was loaded in
// (adopted into a same-origin iframe). Lit shares constructed stylesheets through
// `adoptedStyleSheets`, which a browser refuses (or drops) across documents; there the element
// falls back to <style> elements of its own document, as Lit does where constructed
// stylesheets are not supported.
import type { CSSResult } from 'lit';

/** The element's document is not the one this module's stylesheets were made for. */
export function inForeignDocument(element: Element): boolean {
  return typeof document !== 'undefined' && element.ownerDocument !== document;
}

/** Puts the styles into `root` as <style> elements, once. */
export function insertStyleElements(root: ShadowRoot, styles: readonly CSSResult[]): void {
  if (root.querySelector(':scope > style[data-progress-stream]')) return;
  root.adoptedStyleSheets = [];
  const nonce = (globalThis as { litNonce?: string }).litNonce;
  for (const style of styles) {
    const element = root.ownerDocument.createElement('style');
    element.dataset.progressStream = '';
    if (nonce !== undefined) element.setAttribute('nonce', nonce);
    element.textContent = style.cssText;
    root.prepend(element);
  }
}
