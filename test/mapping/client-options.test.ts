import { expect } from '@open-wc/testing';
import { clientOptionsFor, MappingValidationError, presets, type Mapping, type PresetName } from '../../src/mapping/index.js';
import { message } from './helpers.js';

describe('clientOptionsFor', () => {
  it("gives each preset the terminal events PRODUCT.md names, plus a failed handler's `error` event and a cancellation", () => {
    // `event: error` is what NestJS sends when an @Sse() handler throws, before ending the
    // response; workflow-stages alone uses the name for per-job data. A cancelled job ends the
    // stream where the format's terminal events would (issue 20).
    const expected: Record<PresetName, string[] | undefined> = {
      'step-percent': ['error'],
      'typed-json': ['error'],
      'batch-enrichment': ['enrichment.completed', 'enrichment.failed', 'enrichment.cancelled', 'stream_end', 'error'],
      'workflow-stages': undefined,
      'phase-snapshot': ['complete', 'error', 'cancelled'],
    };
    for (const name of Object.keys(presets) as PresetName[]) {
      expect(clientOptionsFor(name).terminalEvents, name).to.deep.equal(expected[name]);
      expect(clientOptionsFor(presets[name]).terminalEvents, name).to.deep.equal(expected[name]);
    }
  });

  it('turns terminalWhen into a predicate that never throws', () => {
    const mapping: Mapping = { events: { message: { percent: 'p' } }, terminalWhen: { any: ['p >= 100', 'state.done == true'] } };
    const { isTerminal } = clientOptionsFor(mapping);
    expect(isTerminal?.(message('message', { p: 100 }))).to.equal(true);
    expect(isTerminal?.(message('message', { state: { done: 'true' } }))).to.equal(true);
    expect(isTerminal?.(message('message', { p: 99 }))).to.equal(false);
    expect(isTerminal?.(message('message', ''))).to.equal(false);
    expect(isTerminal?.(message('message', '{broken'))).to.equal(false);
  });

  it('rejects an invalid mapping the same way createReducer does', () => {
    expect(() => clientOptionsFor({ events: { p: { percent: 'a..b' } } })).to.throw(MappingValidationError);
  });
});
