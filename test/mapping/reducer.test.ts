import { expect } from '@open-wc/testing';
import { createInitialState, createReducer, MappingValidationError, type Mapping } from '../../src/mapping/index.js';
import { ManualClock, message, run, steppingClock } from './helpers.js';

// The reducer's promises, each shown with a small hand-written mapping.

const jobMapping: Mapping = {
  steps: ['extract', 'transform', 'load'],
  discoverSteps: false,
  events: {
    progress: { step: 'step', percent: 'percent', message: 'message' },
    failed: { step: { id: 'step', status: 'failed' }, status: 'failed', error: 'reason' },
    done: { status: 'complete' },
    started: { startsJob: true, status: 'running', message: { value: 'Started' } },
  },
};

describe('createReducer', () => {
  describe('routing', () => {
    const mapping: Mapping = {
      discriminator: ['kind', 'type'],
      events: {
        tick: { message: { template: 'tick {n}' } },
        progress: { message: { template: 'progress {n}' } },
        '*': { message: { template: 'other {$event}' } },
      },
    };
    const reduce = (m: ReturnType<typeof message>): string => {
      const reducer = createReducer(mapping, { now: () => 0 });
      return reducer(createInitialState(), m).message;
    };

    it('prefers a discriminator value, then the event name, then "*"', () => {
      expect(reduce(message('progress', { kind: 'tick', n: 1 }))).to.equal('tick 1');
      expect(reduce(message('progress', { type: 'tick', n: 2 })), 'the second discriminator path').to.equal('tick 2');
      expect(reduce(message('progress', { kind: 'unknown', n: 3 })), 'no rule for the value: the event name').to.equal('progress 3');
      expect(reduce(message('message', { n: 4 }))).to.equal('other message');
    });

    it('treats names such as constructor and __proto__ as plain names', () => {
      const reducer = createReducer({ events: { progress: { percent: 'p' } } }, { now: () => 0 });
      for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const state = createInitialState();
        expect(reducer(state, message(name, { p: 5 })), name).to.equal(state);
      }
    });
  });

  describe('duplicates and heartbeats', () => {
    it('drops an event whose id and content were just applied, even out of order', () => {
      const reducer = createReducer(jobMapping, { now: steppingClock(0, 1000) });
      const states = run(reducer, reducer.initialState(), [
        message('progress', { step: 'extract', percent: 10 }, 'a'),
        message('progress', { step: 'transform', percent: 40 }, 'b'),
        message('progress', { step: 'extract', percent: 10 }, 'a'),
        message('progress', { step: 'transform', percent: 40 }, 'b'),
      ]);
      expect(states[2]).to.equal(states[1]);
      expect(states[3]).to.equal(states[1]);
    });

    it('applies events that inherited the previous id but carry new content', () => {
      const reducer = createReducer(jobMapping, { now: steppingClock(0, 1000) });
      const states = run(reducer, reducer.initialState(), [
        message('progress', { step: 'extract', percent: 10 }, '7'),
        message('progress', { step: 'extract', percent: 20 }, '7'),
      ]);
      expect(states[1]?.percent).to.equal(20);
    });

    it('remembers the last 256 ids only', () => {
      const reducer = createReducer({ events: { progress: { message: 'text' } } }, { now: () => 0 });
      let state = reducer(createInitialState(), message('progress', { text: 'first' }, 'id-0'));
      for (let i = 1; i <= 256; i++) state = reducer(state, message('progress', { text: `n${i}` }, `id-${i}`));
      const replayed = reducer(state, message('progress', { text: 'first' }, 'id-0'));
      expect(replayed.message, 'id-0 fell out of the window').to.equal('first');
      expect(reducer(replayed, message('progress', { text: 'n256' }, 'id-256'))).to.equal(replayed);
    });

    it('lets heartbeat events through to lastEventId only', () => {
      const reducer = createReducer(
        { ...jobMapping, heartbeatEvents: ['ping'], unknownEvents: 'activity' },
        { now: steppingClock(0, 1000) },
      );
      const [first, second, third] = run(reducer, reducer.initialState(), [
        message('progress', { step: 'extract', percent: 10, message: 'Extracting' }, '1'),
        message('ping', { at: 'now' }, '2'),
        message('ping', 'not json'),
      ]);
      expect(second).to.deep.equal({ ...first, lastEventId: '2' });
      expect(third).to.equal(second);
    });

    it('adds no activity line for an event that repeats the previous one', () => {
      const reducer = createReducer({ events: { snapshot: { percent: 'p', activity: 'At {p} %' } } }, { now: steppingClock(0, 1000) });
      const states = run(reducer, createInitialState(), [
        message('snapshot', { p: 10 }, '1'),
        message('snapshot', { p: 10 }, '2'),
        message('snapshot', { p: 20 }, '3'),
      ]);
      expect(states.map((s) => s.activity.length)).to.deep.equal([1, 1, 2]);
      expect(states[1]?.updatedAt).to.equal(2000);
    });
  });

  describe('progress', () => {
    it('never lets percent go backwards within a job', () => {
      const reducer = createReducer(jobMapping, { now: steppingClock(0, 1000) });
      const states = run(
        reducer,
        reducer.initialState(),
        [10, 50, 30, '45', 200, -5, 'n/a'].map((percent, i) => message('progress', { step: 'extract', percent }, String(i))),
      );
      expect(states.map((s) => s.percent)).to.deep.equal([10, 50, 50, 50, 100, 100, 100]);
    });

    it('starts over when an event starts a job after the last one ended', () => {
      const reducer = createReducer(jobMapping, { now: steppingClock(0, 1000) });
      const states = run(reducer, reducer.initialState(), [
        message('progress', { step: 'load', percent: 90, message: 'Loading' }),
        message('done', {}),
        message('progress', { step: 'extract', percent: 5 }), // the job ended: ignored
        message('started', {}),
        message('progress', { step: 'extract', percent: 5 }),
      ]);
      expect(states[2]).to.deep.equal(states[1]);
      expect(states[3]).to.include({ status: 'running', percent: null, message: 'Started', completedAt: null, startedAt: 4000 });
      expect(states[4]).to.include({ percent: 5, stepIndex: 0 });
      expect(states[4]?.activity.map((a) => a.message)).to.deep.equal(['Loading', 'Complete', 'Started']);
    });

    it('keeps a failed step failed when a later event names it active', () => {
      const reducer = createReducer(
        { ...jobMapping, events: { ...jobMapping.events, failed: { step: { id: 'step', status: 'failed' } } } },
        { now: steppingClock(0, 1000) },
      );
      const states = run(reducer, reducer.initialState(), [
        message('progress', { step: 'transform', percent: 40 }),
        message('failed', { step: 'transform' }),
        message('progress', { step: 'transform', percent: 45 }),
        message('progress', { step: 'extract', percent: 46 }),
      ]);
      expect(states.at(-1)?.steps.map((s) => s.status)).to.deep.equal(['complete', 'failed', 'pending']);
      expect(states.at(-1)).to.include({ status: 'running', stepIndex: 1, percent: 46 });
    });

    it('marks the current step failed when the job fails, with the reason', () => {
      const reducer = createReducer(jobMapping, { now: steppingClock(0, 1000) });
      const [, failed] = run(reducer, reducer.initialState(), [
        message('progress', { step: 'transform', percent: 40 }),
        message('failed', { reason: 'Disk full' }),
      ]);
      expect(failed).to.include({ status: 'failed', error: 'Disk full', percent: 40, completedAt: 2000 });
      expect(failed?.steps.map((s) => s.status)).to.deep.equal(['complete', 'failed', 'pending']);
    });

    it('ignores steps the list lacks when discovery is off, and adds them when on', () => {
      const off = createReducer(jobMapping, { now: () => 0 });
      expect(off(off.initialState(), message('progress', { step: 'verify' })).steps.map((s) => s.id)).to.deep.equal([
        'extract',
        'transform',
        'load',
      ]);
      const on = createReducer({ ...jobMapping, discoverSteps: true }, { now: () => 0 });
      const state = on(on.initialState(), message('progress', { step: 'verify_checksums' }));
      expect(state.steps.at(-1)).to.deep.equal({ id: 'verify_checksums', label: 'Verify checksums', status: 'active', startedAt: 0 });
      expect(state).to.include({ stepIndex: 3, stepCount: 4 });
    });

    it('sets a step by its 1-based position and takes the count from the data', () => {
      const reducer = createReducer(
        {
          events: {
            phase: {
              step: { index: 'phase', indexBase: 1, percent: { current: 'done', total: 'of' } },
              stepCount: 'phases',
              percent: { fromSteps: true },
            },
          },
        },
        { now: () => 0 },
      );
      const state = reducer(createInitialState(), message('phase', { phase: 3, phases: 4, done: 1, of: 2 }));
      // Steps 1 and 2 done, half of step 3: 2.5 of 4.
      expect(state).to.include({ stepIndex: 2, stepCount: 4, percent: 62.5 });
    });

    it('computes percent from current/total and reads numbers sent as text', () => {
      const reducer = createReducer({ events: { p: { percent: { current: 'a', total: 'b' } } } }, { now: () => 0 });
      expect(reducer(createInitialState(), message('p', { a: '30', b: '120' })).percent).to.equal(25);
      expect(reducer(createInitialState(), message('p', { a: 30, b: 0 })).percent, 'a zero total is unknown').to.equal(null);
    });

    it('takes ETA in seconds or milliseconds, and the server rate as sent', () => {
      const seconds = createReducer({ events: { p: { etaSeconds: 'eta', rate: 'speed' } } }, { now: () => 0 });
      expect(seconds(createInitialState(), message('p', { eta: 1.5, speed: 42 }))).to.include({ etaMs: 1500, rate: 42 });
      const ms = createReducer({ events: { p: { etaMs: 'eta' } } }, { now: () => 0 });
      expect(ms(createInitialState(), message('p', { eta: 1500 })).etaMs).to.equal(1500);
    });

    it('merges named metrics and keeps the last value of a missing one', () => {
      const reducer = createReducer(
        {
          events: {
            p: { metrics: { Done: 'done', Failed: { path: 'failed', default: 0 }, Total: { sum: ['done', 'failed', 'pending'] } } },
          },
        },
        { now: () => 0 },
      );
      const states = run(reducer, createInitialState(), [message('p', { done: 3, failed: 1, pending: 6 }), message('p', { pending: 4 })]);
      expect(states[0]?.metrics).to.deep.equal({ Done: 3, Failed: 1, Total: 10 });
      expect(states[1]?.metrics).to.deep.equal({ Done: 3, Failed: 0, Total: 4 });
    });

    it('maps server statuses, and understands common words without a map', () => {
      const reducer = createReducer({ events: { s: { status: { path: 'state', map: { green: 'complete' } } } } }, { now: () => 0 });
      expect(reducer(createInitialState(), message('s', { state: 'green' })).status).to.equal('complete');
      expect(reducer(createInitialState(), message('s', { state: 'canceled' })).status).to.equal('cancelled');
      expect(reducer(createInitialState(), message('s', { state: 'in_progress' })).status).to.equal('running');
      expect(reducer(createInitialState(), message('s', { state: 'purple' })).status).to.equal('idle');
    });

    it('does not start the job for events that only talk', () => {
      const reducer = createReducer({ events: { hello: { message: 'text' } } }, { now: () => 0 });
      const state = reducer(createInitialState(), message('hello', { text: 'Hi' }));
      expect(state).to.include({ status: 'idle', message: 'Hi', startedAt: null });
    });
  });

  describe('activity', () => {
    it('caps the feed (50 by default) with increasing sequence numbers', () => {
      const reducer = createReducer({ events: { log: { activity: 'line {n}' } } }, { now: () => 0 });
      let state = createInitialState();
      for (let n = 1; n <= 60; n++) state = reducer(state, message('log', { n }));
      expect(state.activity.length).to.equal(50);
      expect(state.activity[0]).to.deep.include({ seq: 11, message: 'line 11' });
      expect(state.activity.at(-1)).to.deep.include({ seq: 60, message: 'line 60' });

      const small = createReducer({ events: { log: { activity: 'line {n}' } } }, { now: () => 0, activityLimit: 3 });
      const feed = run(
        small,
        createInitialState(),
        [1, 2, 3, 4].map((n) => message('log', { n })),
      ).at(-1)?.activity;
      expect(feed?.map((a) => a.message)).to.deep.equal(['line 2', 'line 3', 'line 4']);
    });

    it('renders levels, steps and conditions, and skips lines whose values are missing', () => {
      const reducer = createReducer(
        {
          events: {
            item: {
              activity: [
                { text: 'Loaded {count} orders', level: 'success', step: 'phase' },
                { text: 'Warning: {warning}', level: { path: 'severity', map: { high: 'error' }, default: 'warning' }, when: 'warning' },
                'Note: {note?}.',
              ],
            },
          },
        },
        { now: () => 5 },
      );
      const state = reducer(createInitialState(), message('item', { count: 1234, phase: 'load', warning: 'slow', severity: 'high' }));
      expect(state.activity).to.deep.equal([
        { seq: 1, at: 5, level: 'success', message: 'Loaded 1234 orders', step: 'load' },
        { seq: 2, at: 5, level: 'error', message: 'Warning: slow' },
        { seq: 3, at: 5, level: 'info', message: 'Note: .' },
      ]);
      const sparse = reducer(createInitialState(), message('item', { phase: 'load' }));
      expect(
        sparse.activity.map((a) => a.message),
        'no "Loaded  orders"',
      ).to.deep.equal(['Note: .']);
    });

    it('turns unknown events into lines only when asked to', () => {
      const ignoring = createReducer({ events: { p: { percent: 'p' } } }, { now: () => 0 });
      const state = createInitialState();
      expect(ignoring(state, message('surprise', { message: 'Hello' }))).to.equal(state);
      const listing = createReducer({ events: { p: { percent: 'p' } }, unknownEvents: 'activity' }, { now: () => 0 });
      const [a, b] = run(listing, state, [message('surprise', { message: 'Hello' }), message('raw', 'plain text')]);
      expect(a?.activity.map((x) => x.message)).to.deep.equal(['surprise: Hello']);
      expect(b?.activity.map((x) => x.message)).to.deep.equal(['surprise: Hello', 'raw: plain text']);
    });
  });

  describe('robustness', () => {
    it('never throws on bad data and keeps the state', () => {
      const reducer = createReducer('step-percent', { now: () => 0 });
      const state = reducer.initialState();
      const bad = [
        message('message', ''),
        message('message', '{"step": '),
        message('message', 'null'),
        message('message', '[1,2,3]'),
        message('message', '42'),
        message('message', { step: { nested: true }, progress: { value: 3 }, message: ['a'] }),
        message('message', { step: '__proto__', progress: 'NaN' }),
        { event: 'message' } as unknown as ReturnType<typeof message>,
        null as unknown as ReturnType<typeof message>,
      ];
      for (const m of bad) expect(() => reducer(state, m)).to.not.throw();
      expect(reducer(state, bad[7] as ReturnType<typeof message>)).to.equal(state);
      expect(({} as Record<string, unknown>)['polluted'], 'no prototype was touched').to.equal(undefined);
    });

    it('reads only own properties of the data', () => {
      const reducer = createReducer(
        { events: { p: { message: 'hasOwnProperty', operation: ['toString', 'ok'], percent: 'valueOf' } } },
        { now: () => 0 },
      );
      const state = reducer(createInitialState(), message('p', '{"ok": "fine", "__proto__": {"valueOf": 50}}'));
      expect(state).to.include({ operation: 'fine', message: '', percent: null });
    });

    it('continues correctly from an older state (its own line of history)', () => {
      const reducer = createReducer(jobMapping, { now: () => 1 });
      const s1 = reducer(reducer.initialState(), message('progress', { step: 'extract', percent: 10 }, '1'));
      const s2 = reducer(s1, message('progress', { step: 'transform', percent: 40 }, '2'));
      const again = reducer(s1, message('progress', { step: 'transform', percent: 40 }, '2'));
      expect(again, 'id 2 was not applied on the line of s1').to.deep.equal(s2);
      expect(reducer(s2, message('progress', { step: 'extract', percent: 10 }, '1'))).to.equal(s2);
    });

    it('runs its own copy of the mapping: changing the object later has no effect', () => {
      const mapping: Mapping = { events: { p: { percent: 'a' } } };
      const reducer = createReducer(mapping, { now: () => 0 });
      (mapping.events['p'] as { percent: string }).percent = 'b';
      expect(reducer(createInitialState(), message('p', { a: 10, b: 20 })).percent).to.equal(10);
      expect(reducer.mapping).to.equal(mapping);
    });

    it('uses the clock given, for every timestamp', () => {
      const clock = new ManualClock();
      const reducer = createReducer(jobMapping, { now: clock.read });
      clock.now = 1_700_000_000_000;
      const state = reducer(reducer.initialState(), message('progress', { step: 'extract', percent: 10, message: 'Go' }));
      expect(state).to.include({ startedAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 });
      expect(state.activity[0]?.at).to.equal(1_700_000_000_000);
      expect(state.steps[0]?.startedAt).to.equal(1_700_000_000_000);
    });

    it('offers the declared steps before any event', () => {
      const reducer = createReducer(jobMapping);
      expect(reducer.initialState()).to.deep.equal({
        ...createInitialState(),
        steps: [
          { id: 'extract', label: 'Extract', status: 'pending' },
          { id: 'transform', label: 'Transform', status: 'pending' },
          { id: 'load', label: 'Load', status: 'pending' },
        ],
        stepCount: 3,
      });
      expect(reducer.mapping).to.equal(jobMapping);
    });

    it('refuses an invalid mapping or an unknown preset, listing every problem', () => {
      expect(() => createReducer('nope' as 'step-percent')).to.throw(MappingValidationError);
      try {
        createReducer({ events: { p: { percnt: 'x', status: 'done' } } } as unknown as Mapping);
        expect.fail('should have thrown');
      } catch (error) {
        expect(error).to.be.instanceOf(MappingValidationError);
        expect((error as MappingValidationError).errors.map((e) => e.path)).to.deep.equal(['/events/p/percnt', '/events/p/status']);
        expect((error as Error).message).to.contain('/events/p/percnt');
      }
    });
  });
});
