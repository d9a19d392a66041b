import { expect } from '@open-wc/testing';
import { createReducer, type ProgressState } from '../../src/mapping/index.js';
import { MAX_KEY_LENGTH, MAX_TEXT_LENGTH } from '../../src/mapping/coerce.js';
import { message, run, steppingClock } from './helpers.js';

// Issue 14, item 9: messages were capped at 1,000 characters, but a job key was not: a
// 1,000,000-character `poId` was kept whole in the state, the feed and the error text. Every
// server string that reaches the state is capped: names and ids at 200 characters (a cut one
// ends with "…" and a hash of the whole, so two long keys stay two keys), free text at 1,000.

const LONG = 'P'.repeat(1_000_000);
const A = `${LONG}A`;
const B = `${LONG}B`; // shares its first million characters with A

/** Every string anywhere in the state, with where it is. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => strings(item, `${at}.${key}`));
}

function expectBounded(state: ProgressState | undefined): void {
  for (const [at, text] of strings(state)) {
    const limit = /\.(key|id|job|step|label|lastEventId)$/.test(at)
      ? MAX_KEY_LENGTH
      : /^\.error$/.test(at)
        ? MAX_KEY_LENGTH + 2 + MAX_TEXT_LENGTH
        : MAX_TEXT_LENGTH;
    expect(text.length, at).to.be.at.most(limit);
  }
}

describe('caps on server strings kept in the state', () => {
  it('caps job keys, keeping two long keys with a common prefix apart, and one long key one job', () => {
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
    const stage = (poId: string) => message('stage', { stage: 'ai_parsing', poId, workflowId: 'w', status: 'started', message: 'Parsing' });
    const states = run(reducer, reducer.initialState(), [
      stage(A),
      stage(B),
      message('progress', { poId: A, stage: 'ai_parsing', progress: 50, message: 'Half way' }),
      message('error', { poId: B, stage: 'ai_parsing', error: 'x'.repeat(5000) }),
    ]);
    const last = states.at(-1);
    expect(last?.jobs).to.have.length(2);
    const [a, b] = last?.jobs ?? [];
    expect(a?.key).to.have.length(MAX_KEY_LENGTH);
    expect(a?.key.startsWith('PPPP')).to.equal(true);
    expect(a?.key).to.match(/…[0-9a-z]{7}$/);
    expect(b?.key).to.not.equal(a?.key);
    expect(a?.status).to.equal('running');
    expect(a?.percent).to.be.closeTo(50 / 3, 1e-9);
    expect(b).to.include({ status: 'failed' });
    expect(last?.activity.every((entry) => entry.job === a?.key || entry.job === b?.key)).to.equal(true);
    for (const state of states) expectBounded(state);
  });

  it('caps step ids and labels, and finds a long step again instead of adding it twice', () => {
    const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
    const update = (current: number) =>
      message('message', { type: 'progress_update', jobId: 'j', progress: { stage: LONG, current, total: 10, message: 'Working' } });
    const states = run(reducer, reducer.initialState(), [update(1), update(2), update(3)]);
    const last = states.at(-1);
    expect(last?.steps).to.have.length(1);
    expect(last?.steps[0]?.id).to.have.length(MAX_KEY_LENGTH);
    expect(last?.steps[0]?.label.length).to.be.at.most(MAX_KEY_LENGTH);
    expect(last).to.include({ stepIndex: 0, percent: 30 });
    for (const state of states) expectBounded(state);
  });

  it('caps the step a spelled-out activity line names', () => {
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
    const [state] = run(reducer, reducer.initialState(), [message('completion', { stage: LONG, poId: 'PO-1', workflowId: 'w' })]);
    expect(state?.jobs?.[0]?.activity.at(-1)?.step).to.have.length(MAX_KEY_LENGTH);
    expectBounded(state);
  });

  it('caps the event id kept in the state, and still drops the replay of a long id', () => {
    const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
    const event = message('message', { step: 'scanning', progress: 10 }, LONG);
    const [first, replayed, other] = run(reducer, reducer.initialState(), [
      event,
      event,
      message('message', { step: 'scanning', progress: 20 }, `${LONG}2`),
    ]);
    expect(first?.lastEventId).to.have.length(MAX_KEY_LENGTH);
    expect(replayed).to.equal(first);
    expect(other?.lastEventId).to.not.equal(first?.lastEventId);
    expect(other?.percent).to.equal(20);
  });

  it('tells long run ids apart: the same one continues the job, another starts a new one', () => {
    const reducer = createReducer('phase-snapshot', { now: steppingClock(0, 1000) });
    const snapshot = (jobId: string, completedSteps: number) =>
      message('progress', { jobId, status: 'running', completedSteps, totalSteps: 5 });
    const [, same, next] = run(reducer, reducer.initialState(), [snapshot(A, 2), snapshot(A, 3), snapshot(B, 0)]);
    expect(same).to.include({ stepIndex: 3, percent: 60 });
    expect(next).to.include({ stepIndex: 0, percent: 0 });
  });

  it('caps the event types diagnostics record', () => {
    const reducer = createReducer({ discriminator: 'type', events: { '*': { percent: 'p' } } }, { diagnostics: true });
    reducer(reducer.initialState(), message('message', { type: LONG }));
    const types = Object.keys(reducer.diagnostics() ?? {});
    expect(types).to.have.length(1);
    expect(types[0]).to.have.length(MAX_KEY_LENGTH);
  });

  it('keeps the discovered steps of a hostile stream bounded', () => {
    const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
    let state = reducer.initialState();
    for (let i = 0; i < 500; i++) {
      state = reducer(
        state,
        message('message', {
          type: 'progress_update',
          jobId: 'j',
          progress: { stage: `${'s'.repeat(5000)}${i}`, current: i, total: 1000 },
        }),
      );
    }
    expect(state.steps).to.have.length(200);
    expectBounded(state);
  });
});
