// Small helpers shared by the browser tests of <progress-stream>.
import type { ProgressStream } from '../../src/element/progress-stream.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Two animation frames, then the element's update: it commits state once per frame. A page the
 * browser treats as a background tab may get no frames at all; the element then commits from
 * its fallback timer (250 ms), so waiting stops there too.
 */
export async function settled(el: ProgressStream): Promise<void> {
  await Promise.race([frame().then(frame), new Promise((r) => setTimeout(r, 400))]);
  await el.updateComplete;
}

export function shadow(el: ProgressStream): ShadowRoot {
  if (!el.shadowRoot) throw new Error('no shadow root');
  return el.shadowRoot;
}

export function part(el: ProgressStream, name: string): HTMLElement | null {
  return shadow(el).querySelector(`[part~="${name}"]`);
}

export function parts(el: ProgressStream, name: string): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
}

/** Text content with whitespace collapsed. */
export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Resolves once `predicate` holds (polled); rejects after `timeoutMs` naming `what`. */
export function until(predicate: () => boolean, what: string, timeoutMs = 5000, pollMs = 10): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`Timed out waiting for ${what}`));
      else setTimeout(tick, pollMs);
    };
    tick();
  });
}
