import { expect } from '@open-wc/testing';
import { clientOptionsFor, createReducer, validateMapping } from '../../src/mapping/index.js';
import { holds, parseConditionText } from '../../src/mapping/conditions.js';
import { message, run, steppingClock } from './helpers.js';

// Issue 14, item 3: an `error` field that says nothing (Go structs without `omitempty`, many
// serialisers) is no error; one that says something fails the job with a sensible reason.

const NO_ERROR: unknown[] = ['', '   ', '\n\t', false, 0, null, {}, [], { message: '' }, { code: 0, message: '  ', details: [] }];
const source = (data: unknown) => ({ data, message: message('message', data as object) });

describe('error fields that say nothing', () => {
  it('step-percent keeps the job running and the stream open', () => {
    const { isTerminal } = clientOptionsFor('step-percent');
    for (const error of NO_ERROR) {
      const what = JSON.stringify(error);
      const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
      const data = { step: 'scanning', progress: 10, message: 'Scanning', error };
      const [state] = run(reducer, reducer.initialState(), [message('message', data)]);
      expect(state, what).to.include({ status: 'running', percent: 10, stepIndex: 0, message: 'Scanning', error: null });
      expect(state?.steps[0]?.status, what).to.equal('active');
      expect(isTerminal?.(message('message', data)), what).to.equal(false);
    }
  });

  it('typed-json keeps the job running', () => {
    for (const error of NO_ERROR) {
      const what = JSON.stringify(error);
      const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
      const data = {
        type: 'progress_update',
        jobId: 'j1',
        progress: { stage: 'fetching', current: 10, total: 100, message: 'Fetching' },
        error,
      };
      const [state] = run(reducer, reducer.initialState(), [message('message', data)]);
      expect(state, what).to.include({ status: 'running', percent: 10, error: null });
    }
  });

  it('are what `!error?` and `{ meaningful: false }` test, while `error` still tests presence', () => {
    for (const error of NO_ERROR) {
      const what = JSON.stringify(error);
      expect(holds('!error?', source({ error })), what).to.equal(true);
      expect(holds('error?', source({ error })), what).to.equal(false);
      expect(holds({ path: 'error', meaningful: false }, source({ error })), what).to.equal(true);
    }
    expect(holds('error?', source({}))).to.equal(false);
    expect(holds('error', source({ error: '' })), '`error` is presence, as before').to.equal(true);
    expect(parseConditionText('error?')).to.deep.equal({ path: 'error', meaningful: true });
    expect(parseConditionText('! state.error?')).to.deep.equal({ path: 'state.error', meaningful: false });
  });
});

describe('error fields that say something', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ error: 'Out of memory' }, 'Out of memory'],
    [{ error: '  Timeout  ' }, 'Timeout'],
    [{ error: true, message: 'Disk full' }, 'Disk full'],
    [{ error: { message: 'Quota exceeded', code: 429 } }, 'Quota exceeded'],
    [{ error: { message: '', code: 'E42' }, message: 'Lost the database' }, 'Lost the database'],
    [{ error: 503 }, '503'],
    [{ error: true }, 'Failed'],
  ];

  it('step-percent fails the job with the message of each shape, and ends the stream', () => {
    const { isTerminal } = clientOptionsFor('step-percent');
    for (const [fields, reason] of cases) {
      const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
      const data = { step: 'indexing', progress: 30, ...fields };
      const [, failed] = run(reducer, reducer.initialState(), [
        message('message', { step: 'scanning', progress: 10 }),
        message('message', data),
      ]);
      expect(failed, reason).to.include({ status: 'failed', error: reason });
      expect(failed?.activity.at(-1), reason).to.deep.include({ level: 'error', message: reason });
      expect(isTerminal?.(message('message', data)), reason).to.equal(true);
    }
  });

  it('typed-json fails the job with the message of each shape', () => {
    for (const [fields, reason] of cases) {
      const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
      const data = { type: 'progress_update', jobId: 'j1', progress: { stage: 'fetching', current: 10, total: 100 }, ...fields };
      const [state] = run(reducer, reducer.initialState(), [message('message', data)]);
      expect(state, reason).to.include({ status: 'failed', error: reason });
    }
  });

  it('are what `error?` and `{ meaningful: true }` test', () => {
    for (const [fields] of cases) {
      expect(holds('error?', source(fields)), JSON.stringify(fields)).to.equal(true);
      expect(holds({ path: 'error', meaningful: true }, source(fields)), JSON.stringify(fields)).to.equal(true);
    }
  });

  it('validates the new operator like the others', () => {
    expect(validateMapping({ events: { m: { when: { path: 'error', meaningful: 'yes' } } } })).to.deep.equal([
      { path: '/events/m/when/meaningful', message: 'must be true or false' },
    ]);
    expect(validateMapping({ events: { m: { when: '!state..error?' } } })).to.deep.equal([
      { path: '/events/m/when', message: 'has an empty segment' },
    ]);
    expect(validateMapping({ events: { m: { when: { all: ['error?', '!error?', { path: 'e', meaningful: true }] } } } })).to.deep.equal([]);
  });
});
