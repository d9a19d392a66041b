// What each seed format would send for a paused or cancelled job, through its preset: the
// status, the stream's end (a cancelled job must not make the client reconnect forever), and
// the job running again after a pause.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamMessage } from '../../../src/client/types.js';
import { clientOptionsFor, createReducer, type PresetName, type ProgressState } from '../../../src/mapping/index.js';

const message = (event: string, data: unknown): StreamMessage => ({ event, data: JSON.stringify(data) });

function play(preset: PresetName, messages: StreamMessage[]): ProgressState[] {
  let now = 0;
  const reducer = createReducer(preset, { now: () => (now += 1000) });
  const states: ProgressState[] = [];
  let state = reducer.initialState();
  for (const m of messages) states.push((state = reducer(state, m)));
  return states;
}

/** Whether the client closes the stream after this message. */
function ends(preset: PresetName, m: StreamMessage): boolean {
  const options = clientOptionsFor(preset);
  return (options.terminalEvents?.includes(m.event) ?? false) || (options.isTerminal?.(m) ?? false);
}

describe('presets: paused and cancelled', () => {
  it('batch-enrichment', () => {
    const state = (status: string, enriched: number) => ({
      status,
      total_items: 100,
      enriched_items: enriched,
      failed_items: 0,
      percent_complete: enriched,
    });
    const progress = (status: string, enriched: number) =>
      message('progress', { event_type: 'progress', bom_id: 'B', state: state(status, enriched) });
    const named = (name: string, enriched: number) => message(name, { event_type: name, bom_id: 'B', state: state('enriching', enriched) });
    const stream = [
      progress('enriching', 10),
      named('enrichment.paused', 12),
      named('enrichment.resumed', 12),
      progress('paused', 20),
      progress('enriching', 25),
    ];
    assert.deepEqual(
      play('batch-enrichment', stream).map((s) => s.status),
      ['running', 'paused', 'running', 'paused', 'running'],
    );
    const cancelled = play('batch-enrichment', [progress('enriching', 10), named('enrichment.cancelled', 30)]).at(-1);
    assert.deepEqual([cancelled?.status, cancelled?.message, cancelled?.percent], ['cancelled', 'Enrichment cancelled', 30]);
    assert.equal(play('batch-enrichment', [progress('enriching', 10), progress('cancelled', 11)]).at(-1)?.status, 'cancelled');
    const end = message('stream_end', { event_type: 'stream_end', reason: 'cancelled' });
    assert.equal(play('batch-enrichment', [progress('enriching', 10), end]).at(-1)?.status, 'cancelled');
    for (const m of [named('enrichment.cancelled', 30), progress('cancelled', 11), end]) assert.ok(ends('batch-enrichment', m), m.data);
    for (const m of [named('enrichment.paused', 30), progress('paused', 11), progress('enriching', 11)])
      assert.ok(!ends('batch-enrichment', m), m.data);
  });

  it('phase-snapshot', () => {
    const snapshot = (status: string, batch: number) => ({
      jobId: 'n1',
      status,
      completedSteps: 1,
      totalSteps: 5,
      currentBatch: batch,
      totalBatches: 10,
    });
    const stream = ['running', 'paused', 'suspended', 'running', 'cancelled'].map((status, i) =>
      message('progress', snapshot(status, i + 1)),
    );
    assert.deepEqual(
      play('phase-snapshot', stream).map((s) => s.status),
      ['running', 'paused', 'paused', 'running', 'cancelled'],
    );
    assert.ok(ends('phase-snapshot', message('progress', snapshot('cancelled', 1))));
    assert.ok(ends('phase-snapshot', message('cancelled', snapshot('running', 1))));
    assert.equal(
      play('phase-snapshot', [message('progress', snapshot('running', 1)), message('cancelled', snapshot('running', 2))]).at(-1)?.status,
      'cancelled',
    );
    assert.ok(!ends('phase-snapshot', message('progress', snapshot('paused', 1))));
  });

  it('step-percent: "cancelled" and "paused" are not steps', () => {
    const step = (name: string, progress?: number) => message('message', { step: name, progress, message: name });
    const states = play('step-percent', [step('scanning', 10), step('paused', 10), step('indexing', 30), step('cancelled', 35)]);
    assert.deepEqual(
      states.map((s) => s.status),
      ['running', 'paused', 'running', 'cancelled'],
    );
    assert.deepEqual(
      states.at(-1)?.steps.map((s) => s.id),
      ['scanning', 'indexing', 'analyzing', 'generating', 'optimizing', 'complete'],
    );
    assert.equal(states.at(-1)?.percent, 35);
    assert.ok(ends('step-percent', step('cancelled')));
    assert.ok(ends('step-percent', step('canceled')));
    assert.ok(!ends('step-percent', step('paused')));
  });

  it('typed-json: a cancelled or paused stage, the channel goes on', () => {
    const update = (stage: string, current: number) =>
      message('message', { type: 'progress_update', jobId: 'j1', progress: { stage, current, total: 100 } });
    const states = play('typed-json', [update('fetching', 10), update('paused', 10), update('fetching', 20), update('cancelled', 25)]);
    assert.deepEqual(
      states.map((s) => s.status),
      ['running', 'paused', 'running', 'cancelled'],
    );
    assert.deepEqual(
      states.at(-1)?.steps.map((s) => s.id),
      ['fetching'],
    );
    assert.equal(states.at(-1)?.metrics['Processed'], 25);
    assert.ok(!ends('typed-json', update('cancelled', 25)));
  });

  it('workflow-stages: one purchase order paused, another cancelled', () => {
    const stage = (poId: string, name: string, status: string) => message('stage', { stage: name, poId, workflowId: 'w', status });
    const states = play('workflow-stages', [
      stage('PO-1', 'ai_parsing', 'started'),
      stage('PO-2', 'ai_parsing', 'started'),
      stage('PO-1', 'ai_parsing', 'paused'),
      stage('PO-2', 'ai_parsing', 'cancelled'),
    ]);
    const last = states.at(-1);
    assert.deepEqual(
      last?.jobs?.map((job) => job.status),
      ['paused', 'cancelled'],
    );
    assert.equal(last?.status, 'paused', 'no job runs, one waits');
    const resumed = play('workflow-stages', [
      stage('PO-1', 'ai_parsing', 'started'),
      stage('PO-1', 'ai_parsing', 'paused'),
      stage('PO-1', 'ai_parsing', 'resumed'),
    ]);
    assert.deepEqual(
      resumed.map((s) => s.jobs?.[0]?.status),
      ['running', 'paused', 'running'],
    );
    assert.ok(!ends('workflow-stages', stage('PO-2', 'ai_parsing', 'cancelled')));
  });
});
