import { expect } from '@open-wc/testing';
import type { StreamMessage } from '../../src/client/types.js';
import { createReducer, type DiagnosticsReport, type Mapping } from '../../src/mapping/index.js';
import { message } from './helpers.js';

// The failure diagnostics exist for: a backend renamed a field and the bar sits at 0 %.

const mapping: Mapping = {
  events: {
    progress: {
      percent: { current: 'processed_items', total: 'total_items' },
      metrics: { Processed: 'processed_items', Failed: { path: 'failed_items', default: 0 } },
      message: ['message', 'status_text'],
    },
  },
};

const renamed = [
  message('progress', { enriched_items: 10, total_items: 100, message: 'Working' }),
  message('progress', { enriched_items: 20, total_items: 100 }),
  message('progress', { enriched_items: 20, total_items: 100 }, 'x'),
  message('progress', { enriched_items: 20, total_items: 100 }, 'x'),
  message('status', { ok: true }),
  message('progress', 'oops'),
];

/** Runs recorded events through a mapping with diagnostics on. */
function diagnose(messages: readonly StreamMessage[]): DiagnosticsReport {
  const reducer = createReducer(mapping, { diagnostics: true, now: () => 0 });
  let state = reducer.initialState();
  for (const m of messages) state = reducer(state, m);
  return reducer.diagnostics() ?? {};
}

describe('diagnostics', () => {
  it('reports, per event type, which mapped paths were missing', () => {
    const report = diagnose(renamed);
    // The duplicate is not counted; the event that is not JSON is, and lacks every path.
    expect(report['progress']).to.deep.equal({
      count: 4,
      missing: { processed_items: 4, message: 3, status_text: 3, total_items: 1 },
      errors: 0,
    });
    expect(report['status']).to.deep.include({ count: 1, missing: {} });
  });

  it('does not count a value with a default as missing', () => {
    const report = diagnose(renamed);
    expect(report['progress']?.missing).to.not.have.property('failed_items');
  });

  it('is reachable from the reducer, and off unless asked for', () => {
    const quiet = createReducer(mapping);
    expect(quiet.diagnostics()).to.equal(undefined);
    const debug = createReducer(mapping, { diagnostics: true, now: () => 0 });
    debug(debug.initialState(), message('progress', { total_items: 5, processed_items: 1, message: 'x' }));
    expect(debug.diagnostics()?.['progress']?.missing).to.deep.equal({});
  });

  it('stays bounded however many event types arrive', () => {
    const reducer = createReducer(mapping, { diagnostics: true, now: () => 0 });
    let state = reducer.initialState();
    for (let i = 0; i < 500; i++) state = reducer(state, message(`type-${i}`, {}));
    const report = reducer.diagnostics() ?? {};
    expect(Object.keys(report).length).to.equal(101);
    expect(report['(other)']?.count).to.equal(400);
  });

  it('keeps event names such as __proto__ as plain keys', () => {
    const report = diagnose([message('__proto__', {})]);
    expect(Object.keys(report)).to.deep.equal(['__proto__']);
    expect(Object.getPrototypeOf(report)).to.equal(Object.prototype);
  });
});
