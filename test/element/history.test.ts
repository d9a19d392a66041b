import { expect } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import { part, settled, sleep, text, until } from '../support/element-helpers.js';

// `history-key` with the browser's real localStorage: a run the element watched from its start
// is recorded, the next element under the key says how long it usually takes, clearHistory()
// forgets, and garbage in storage is ignored.

const step = (name: string, progress: number) => ({ event: 'message', data: JSON.stringify({ step: name, progress, message: name }) });

function element(key: string): ProgressStream {
  const el = document.createElement('progress-stream');
  el.preset = 'step-percent';
  el.historyKey = key;
  document.body.append(el);
  return el;
}

describe('<progress-stream history-key>', () => {
  const key = `test-${Math.random().toString(36).slice(2)}`;
  const storageKey = `progress-stream:history:${key}`;
  afterEach(() => {
    for (const el of document.querySelectorAll('progress-stream')) el.remove();
  });
  after(() => localStorage.removeItem(storageKey));

  it('records a watched run, then says "Usually takes" under the same key; clearHistory() forgets', async () => {
    const first = element(key);
    first.push(step('scanning', 0));
    await sleep(1100); // runs under 1 s are not recorded
    first.push(step('complete', 100));
    await until(() => localStorage.getItem(storageKey) !== null, 'the run stored');
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as { runs?: Array<{ totalMs: number }> };
    expect(stored.runs).to.have.length(1);
    expect(stored.runs?.[0]?.totalMs).to.be.within(1000, 5000);

    const next = element(key);
    await until(() => part(next, 'typical') !== null, '"Usually takes" on the next element');
    expect(text(part(next, 'typical'))).to.match(/^Usually takes ~?\d/);
    next.clearHistory();
    await settled(next);
    expect(part(next, 'typical')).to.equal(null);
    expect(localStorage.getItem(storageKey)).to.equal(null);
  });

  it('ignores garbage under the key, and replaces it with the next good run', async () => {
    localStorage.setItem(storageKey, '{"v":1,"runs":[{"totalMs":"soon"}');
    const el = element(key);
    el.push(step('scanning', 0));
    await settled(el);
    expect(part(el, 'typical')).to.equal(null);
    await sleep(1100);
    el.push(step('complete', 100));
    await until(() => (localStorage.getItem(storageKey) ?? '').includes('"runs":[{'), 'a good run stored');
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as { runs?: unknown[] };
    expect(stored.runs).to.have.length(1);
  });
});
