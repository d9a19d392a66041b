import { expect } from '@open-wc/testing';
import { clientOptionsFor, createReducer, type PresetName } from '../../src/mapping/index.js';
import { message, run, steppingClock } from './helpers.js';

// Issue 14, item 17: when a NestJS @Sse() handler throws, NestJS sends `event: error` with the
// exception's message as plain text (not JSON) and ends the response. Each preset must treat
// it as the job failing with that reason; those whose endpoint runs the job must end the stream.

const CRASH = message('error', 'Job crashed: connection to the warehouse lost', '9');

/** A first event that starts a job in each format. */
const START: Record<Exclude<PresetName, 'workflow-stages'>, ReturnType<typeof message>> = {
  'step-percent': message('message', { step: 'indexing', progress: 30, message: 'Indexing' }, '1'),
  'typed-json': message('message', { type: 'progress_update', jobId: 'j1', progress: { stage: 'fetching', current: 30, total: 100 } }, '1'),
  'batch-enrichment': message(
    'progress',
    { event_type: 'progress', bom_id: 'B1', state: { percent_complete: 30, current_batch: 3, total_batches: 10 } },
    '1',
  ),
  'phase-snapshot': message(
    'progress',
    { jobId: 'n1', status: 'running', completedSteps: 1, totalSteps: 5, currentOperation: 'Loading planned orders' },
    '1',
  ),
};

describe("a server framework's `event: error`", () => {
  for (const [preset, start] of Object.entries(START) as Array<[keyof typeof START, ReturnType<typeof message>]>) {
    it(`${preset}: fails the job with the plain-text reason and ends the stream`, () => {
      const reducer = createReducer(preset, { now: steppingClock(0, 1000) });
      const [running, failed] = run(reducer, reducer.initialState(), [start, CRASH]);
      expect(running?.status).to.equal('running');
      expect(failed).to.include({
        status: 'failed',
        error: 'Job crashed: connection to the warehouse lost',
        lastEventId: '9',
        percent: running?.percent,
      });
      expect(failed?.activity.at(-1)).to.deep.include({ level: 'error', message: 'Job crashed: connection to the warehouse lost' });
      expect(clientOptionsFor(preset).terminalEvents).to.include('error');
    });

    it(`${preset}: reads a JSON error event's reason too`, () => {
      const reducer = createReducer(preset, { now: steppingClock(0, 1000) });
      for (const [data, reason] of [
        [{ message: 'Internal server error', statusCode: 500 }, 'Internal server error'],
        [{ error: { message: 'Quota exceeded' } }, 'Quota exceeded'],
        ['"Bare JSON text"', 'Bare JSON text'],
        ['', 'Failed'],
      ] as Array<[object | string, string]>) {
        const [, failed] = run(reducer, reducer.initialState(), [start, message('error', data)]);
        expect(failed, reason).to.include({ status: 'failed', error: reason });
      }
    });
  }

  it('fails a job that had not started yet, so that the reason is shown', () => {
    const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
    expect(reducer(reducer.initialState(), CRASH)).to.include({ status: 'failed', error: 'Job crashed: connection to the warehouse lost' });
  });

  it('typed-json: a `{"type": "error"}` message is not that event: ignored, as before', () => {
    const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
    const [running, after] = run(reducer, reducer.initialState(), [
      START['typed-json'],
      message('message', { type: 'error', message: 'Source s1 is slow' }, '2'),
    ]);
    expect(after).to.deep.equal({ ...running, lastEventId: '2' });
  });

  it('batch-enrichment: a JSON error event updates the batch like enrichment.failed', () => {
    const reducer = createReducer('batch-enrichment', { now: steppingClock(0, 1000) });
    const state = { percent_complete: 50, current_batch: 6, total_batches: 10, enriched_items: 60, error: 'Supplier API down' };
    const [, failed] = run(reducer, reducer.initialState(), [
      START['batch-enrichment'],
      message('error', { event_type: 'error', bom_id: 'B1', state }),
    ]);
    expect(failed).to.include({ status: 'failed', error: 'Supplier API down', operation: 'Batch 6 of 10', percent: 50 });
    expect(failed?.metrics).to.deep.include({ Enriched: 60 });
  });

  describe('workflow-stages (the name `error` is per-job data there)', () => {
    const po = (poId: string, stage: string) =>
      message('stage', { stage, poId, workflowId: 'w', status: 'started', message: `${poId} ${stage}` });

    it('a plain-text one names no job: the channel says it, the jobs are left running, the stream is not ended', () => {
      const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
      const [, running, after] = run(reducer, reducer.initialState(), [po('PO-1', 'ai_parsing'), po('PO-2', 'database_save'), CRASH]);
      expect(after?.jobs).to.deep.equal(running?.jobs);
      expect(after).to.include({ status: 'running', message: 'Job crashed: connection to the warehouse lost', lastEventId: '9' });
      expect(after?.activity.at(-1)).to.deep.include({ level: 'error', message: 'Job crashed: connection to the warehouse lost' });
      expect(clientOptionsFor('workflow-stages').terminalEvents).to.equal(undefined);
    });

    it('a JSON one still fails only its purchase order', () => {
      const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
      const [, , after] = run(reducer, reducer.initialState(), [
        po('PO-1', 'ai_parsing'),
        po('PO-2', 'ai_parsing'),
        message('error', { stage: 'ai_parsing', poId: 'PO-1', workflowId: 'w', error: 'Unreadable PDF' }),
      ]);
      expect(after?.jobs?.map((job) => [job.key, job.status, job.error])).to.deep.equal([
        ['PO-1', 'failed', 'Unreadable PDF'],
        ['PO-2', 'running', null],
      ]);
    });
  });
});
