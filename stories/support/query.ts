// What the play functions read: the element in the story's canvas and its shadow parts, found
// the way a stylesheet would find them (`[part~="…"]`).
import type { ProgressStream } from '../../src/element/progress-stream.js';

export function streamIn(canvasElement: HTMLElement): ProgressStream {
  const el = canvasElement.querySelector('progress-stream');
  if (el === null) throw new Error('No <progress-stream> in the story');
  return el;
}

function shadowOf(el: ProgressStream): ShadowRoot {
  if (el.shadowRoot === null) throw new Error('<progress-stream> has no shadow root (is it defined?)');
  return el.shadowRoot;
}

export function part(el: ProgressStream, name: string): HTMLElement | null {
  return shadowOf(el).querySelector<HTMLElement>(`[part~="${name}"]`);
}

export function parts(el: ProgressStream, name: string): HTMLElement[] {
  return [...shadowOf(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
}

/** The part's text with whitespace collapsed; '' when the part is not rendered. */
export function textOf(el: ProgressStream, name: string): string {
  return clean(part(el, name)?.textContent);
}

export function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The part names of a node, e.g. `['step', 'step-failed']`. */
export function partNames(node: Element | null | undefined): string[] {
  return (node?.getAttribute('part') ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Waits until the element has committed what it was given: it renders state at most once per
 * animation frame (aria-valuenow, announcements and events follow on that frame), falling back
 * to a timer when the page gets no frames.
 */
export async function settled(el: ProgressStream): Promise<void> {
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  await Promise.race([frame().then(frame), new Promise((resolve) => setTimeout(resolve, 400))]);
  await el.updateComplete;
}
