import { expect } from '@open-wc/testing';
import { loadScript } from './load-script.js';

// The classic-script bundle, as a page without a build step would use it: one <script> tag.
// (npm test builds dist/ first.)

interface ProgressStreamGlobal {
  StreamClient: unknown;
  createReducer: unknown;
  presets: Record<string, unknown>;
  ProgressStream: unknown;
}

describe('dist/progress-stream.iife.js', () => {
  it('registers <progress-stream> and sets window.ProgressStream', async () => {
    expect(customElements.get('progress-stream')).to.equal(undefined);
    await loadScript('/dist/progress-stream.iife.js');
    const api = (window as unknown as { ProgressStream: ProgressStreamGlobal }).ProgressStream;
    expect(typeof api.StreamClient).to.equal('function');
    expect(typeof api.createReducer).to.equal('function');
    expect(Object.keys(api.presets).sort()).to.deep.equal([
      'batch-enrichment',
      'phase-snapshot',
      'step-percent',
      'typed-json',
      'workflow-stages',
    ]);
    expect(customElements.get('progress-stream')).to.equal(api.ProgressStream);
  });

  it('renders a pushed event', async () => {
    const el = document.createElement('progress-stream') as HTMLElement & {
      push(m: { event: string; data: string }): void;
      updateComplete: Promise<boolean>;
    };
    el.setAttribute('preset', 'step-percent');
    document.body.append(el);
    const rendered = new Promise((resolve) => el.addEventListener('progress-update', resolve, { once: true }));
    el.push({ event: 'message', data: JSON.stringify({ step: 'scanning', progress: 42 }) });
    await rendered;
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('[part~="percent"]')?.textContent?.trim()).to.equal('42%');
    el.remove();
  });
});
