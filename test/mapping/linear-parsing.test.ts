import { expect } from '@open-wc/testing';
import { createReducer, validateMapping } from '../../src/mapping/index.js';
import { MAX_NUMERIC_TEXT_LENGTH, toNumber } from '../../src/mapping/coerce.js';
import { holds, parseConditionText } from '../../src/mapping/conditions.js';
import { parseTemplate } from '../../src/mapping/template.js';
import { message } from './helpers.js';

// Issue 14, item 6: `toNumber` backtracked quadratically on "1" + many spaces + "x" (a 60 KB
// event blocked the reducer for over a second; 200 KB for 15 s). Text-to-number and the
// mapping's small languages must do bounded (or at worst linear) work per input.
//
// No timing assertions (this machine is shared and noisy): the inputs are 10 MB, on which the
// old quadratic code would run for hours and hit the test timeout, while the new code examines
// at most MAX_NUMERIC_TEXT_LENGTH characters.

const HOSTILE = `1${' '.repeat(10_000_000)}x`;

describe('parsing without backtracking', () => {
  it('reads numeric text as before', () => {
    expect([' 45 ', '45.5%', ' 45.5 % ', '-1e3', '+.5', '7.'].map(toNumber)).to.deep.equal([45, 45.5, 45.5, -1000, 0.5, 7]);
    expect(['0x10', '1 2', '%', '', '1e', 'NaN', 'Infinity', '1e999'].map(toNumber)).to.deep.equal(Array(8).fill(undefined));
  });

  it('gives up on numeric text longer than 64 characters, however it is padded', () => {
    expect(MAX_NUMERIC_TEXT_LENGTH).to.equal(64);
    expect(toNumber(`${' '.repeat(30)}42${' '.repeat(32)}`)).to.equal(42);
    expect(toNumber(`${' '.repeat(31)}42${' '.repeat(32)}`)).to.equal(undefined);
    expect(toNumber('1'.repeat(65))).to.equal(undefined);
  });

  it('rejects 10 MB of hostile numeric text (bounded work, not merely faster)', () => {
    expect(toNumber(HOSTILE)).to.equal(undefined);
    expect(toNumber(`${HOSTILE}%`)).to.equal(undefined);
  });

  it('runs a 10 MB hostile event through every number a preset reads', () => {
    const event = (text: string) => message('message', { step: 'scanning', progress: text, stats: {} });
    const reducer = createReducer('step-percent', { now: () => 0 });
    const hostile = reducer(reducer.initialState(), event(HOSTILE));
    expect(hostile).to.include({ status: 'running', percent: null, stepIndex: 0 });
    // Conditions compare numbers through the same reading.
    const source = { data: { progress: HOSTILE }, message: message('message', '') };
    expect(holds('progress >= 100', source)).to.equal(false);
    expect(holds({ path: 'progress', equals: 1 }, source)).to.equal(false);
  });

  it('refuses over-long conditions, templates and paths from a mapping before parsing them', () => {
    const longPath = `a${'.a'.repeat(600)}`;
    expect(parseConditionText(`${'a'.repeat(500)} == ${' '.repeat(600)}1`)).to.equal('is too long (at most 1000 characters)');
    expect(parseTemplate(`{${'x'.repeat(2100)}`)).to.equal('is too long (at most 2000 characters)');
    expect(validateMapping({ events: { m: { when: { path: 'm', contains: 'x'.repeat(1001) } } } })).to.deep.equal([
      { path: '/events/m/when/contains', message: 'must be a string of at most 1000 characters' },
    ]);
    expect(
      validateMapping({ events: { m: { percent: longPath, when: `${longPath} == 1`, message: { template: `{${'a'.repeat(2000)}}` } } } }),
    ).to.deep.equal([
      { path: '/events/m/when', message: 'is too long (at most 1000 characters)' },
      { path: '/events/m/percent', message: 'is too long (at most 1000 characters)' },
      { path: '/events/m/message/template', message: 'is too long (at most 2000 characters)' },
    ]);
  });

  it('still reads conditions and templates up to their limits', () => {
    expect(parseConditionText(`a ==${' '.repeat(980)}x`)).to.deep.equal({ path: 'a', equals: 'x' });
    expect(parseTemplate(`Batch {n}${' '.repeat(1990)}`)).to.deep.equal(['Batch ', { path: 'n', optional: false }, ' '.repeat(1990)]);
  });
});
