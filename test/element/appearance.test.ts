import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';

// Theming, direction, motion and the debug panel: what a person sees beyond the numbers.

async function settled(el: ProgressStream): Promise<void> {
  await Promise.race([new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))), new Promise((r) => setTimeout(r, 400))]);
  await el.updateComplete;
}

const part = (el: ProgressStream, name: string) => el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;

function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

afterEach(async () => {
  await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference', forcedColors: 'none' });
});

describe('<progress-stream> appearance', () => {
  it('shows the declared step timeline before the first event', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot"></progress-stream>`);
    await settled(el);
    const steps = el.shadowRoot?.querySelectorAll('[part~="step"]') ?? [];
    expect(steps.length).to.equal(5);
    expect(steps[0]?.getAttribute('part')).to.include('step-pending');
  });

  it('is light by default, even when the system is dark; dark with theme="dark", the system with theme="auto"', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    const surface = () => luminance(getComputedStyle(part(el, 'base')!).backgroundColor);
    await settled(el);
    expect(surface()).to.be.greaterThan(0.9);
    el.theme = 'dark';
    await settled(el);
    expect(surface()).to.be.lessThan(0.2);
    el.theme = undefined;
    el.removeAttribute('theme');
    await emulateMedia({ colorScheme: 'dark' });
    await settled(el);
    // Issue 19: the page declares no dark scheme, so a dark card on it would look broken.
    expect(surface(), 'no theme, system dark, page without a dark scheme').to.be.greaterThan(0.9);
    el.theme = 'auto';
    await settled(el);
    expect(surface(), 'theme="auto" follows the system').to.be.lessThan(0.2);
    el.theme = 'light';
    await settled(el);
    expect(surface()).to.be.greaterThan(0.9);
  });

  it('follows the colour scheme the page declares (issue 19)', async () => {
    const page = document.createElement('div');
    page.style.colorScheme = 'dark';
    const el = document.createElement('progress-stream');
    page.append(el);
    document.body.append(page);
    try {
      await settled(el);
      expect(luminance(getComputedStyle(part(el, 'base')!).backgroundColor), 'inside color-scheme: dark').to.be.lessThan(0.2);
      el.theme = 'light';
      await settled(el);
      expect(luminance(getComputedStyle(part(el, 'base')!).backgroundColor), 'theme="light" pins it').to.be.greaterThan(0.9);
    } finally {
      page.remove();
    }
  });

  it('can be restyled through custom properties and ::part()', async () => {
    const el = await fixture<ProgressStream>(
      html`<progress-stream preset="step-percent" style="--ps-color-accent: rgb(255, 0, 0)"></progress-stream>`,
    );
    el.push({ event: 'message', data: JSON.stringify({ step: 'scanning', progress: 50 }) });
    await settled(el);
    expect(getComputedStyle(part(el, 'bar-fill')!).backgroundColor).to.equal('rgb(255, 0, 0)');
  });

  it('fills the bar from the right in RTL', async () => {
    // Built by hand: open-wc's fixture() waits for an animation frame on a plain <div>, and a
    // test page running in the background may get none.
    const host = document.createElement('div');
    host.dir = 'rtl';
    host.lang = 'ar';
    const stream = document.createElement('progress-stream');
    stream.preset = 'step-percent';
    host.append(stream);
    document.body.append(host);
    stream.push({ event: 'message', data: JSON.stringify({ step: 'scanning', progress: 40 }) });
    await settled(stream);
    expect(getComputedStyle(part(stream, 'bar-fill')!).transformOrigin.startsWith(`${part(stream, 'bar')!.clientWidth}px`)).to.equal(true);
    host.remove();
  });

  it('replaces sliding and pulsing with a slow fade under reduced motion, never a frozen bar', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    el.push({ event: 'message', data: JSON.stringify({ step: 'scanning', message: 'working' }) });
    await settled(el);
    expect(getComputedStyle(part(el, 'bar-fill')!).animationName).to.equal('slide');
    await emulateMedia({ reducedMotion: 'reduce' });
    const reduced = getComputedStyle(part(el, 'bar-fill')!);
    expect(reduced.animationName).to.equal('breathe');
    expect(reduced.transitionDuration).to.equal('0s');
  });

  it('keeps the bar visible in forced-colors mode', async () => {
    // The test runner cannot emulate forced colours in this browser, so check the rule itself.
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    const rules = (el.shadowRoot?.adoptedStyleSheets ?? []).flatMap((sheet) => [...sheet.cssRules]);
    const forced = rules.find(
      (rule): rule is CSSMediaRule => rule instanceof CSSMediaRule && rule.conditionText.includes('forced-colors: active'),
    );
    expect(forced, 'a forced-colors media rule').to.not.equal(undefined);
    const text = [...(forced?.cssRules ?? [])].map((r) => r.cssText).join('\n');
    expect(text).to.match(/\.bar[^{]*\{[^}]*border: 1px solid canvastext/i);
    expect(text).to.match(/\.fill[^{]*\{[^}]*background: highlight/i);
  });

  it('debug shows raw events and the mapped paths that were missing', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="batch-enrichment" debug></progress-stream>`);
    el.push({
      event: 'progress',
      id: '7',
      data: JSON.stringify({ event_type: 'progress', bom_id: 'B', state: { processed_items: 5, percent_complete: 10, total_items: 50 } }),
    });
    await settled(el);
    const debug = part(el, 'debug');
    expect(debug?.textContent).to.include('#7 progress');
    expect(debug?.textContent).to.include('processed_items');
    expect(debug?.textContent).to.match(/enriched_items missing in 1 of 1/);
  });
});
