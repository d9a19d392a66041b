import { expect } from '@open-wc/testing';

// The single-file ES module bundle, imported straight from dist/ (npm test builds it first).

describe('dist/progress-stream.bundle.js', () => {
  it('exports the public API and registers <progress-stream>', async () => {
    const url = '/dist/progress-stream.bundle.js';
    const api = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    for (const name of ['StreamClient', 'createReducer', 'presets', 'createInitialState', 'ProgressStream', 'clientOptionsFor']) {
      expect(api, name).to.have.property(name);
    }
    expect(customElements.get('progress-stream')).to.equal(api['ProgressStream']);
    expect((window as { ProgressStream?: unknown }).ProgressStream).to.equal(undefined);
  });
});
