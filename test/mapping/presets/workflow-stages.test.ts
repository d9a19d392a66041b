import { expect } from '@open-wc/testing';
import { clientOptionsFor, createReducer, type JobState, type ProgressState } from '../../../src/mapping/index.js';
import { message, run, steppingClock } from '../helpers.js';

// One channel, many purchase orders keyed by poId. The clock advances 1 s per event that
// reaches the mapping, starting at 1000; heartbeats and duplicates do not read it.

const stage = (poId: string, name: string, text: string): object => ({
  stage: name,
  poId,
  workflowId: `wf-${poId}`,
  status: 'started',
  message: text,
});
const progress = (poId: string, name: string, percent: number, text?: string): object => ({
  poId,
  workflowId: `wf-${poId}`,
  stage: name,
  progress: percent,
  ...(text === undefined ? {} : { message: text }),
});
const completion = (poId: string, name: string, extra: object = {}): object => ({ stage: name, poId, workflowId: `wf-${poId}`, ...extra });

const stream = [
  message('stage', stage('PO-1', 'ai_parsing', 'Parsing PO-1.pdf'), '1'),
  message('stage', stage('PO-2', 'ai_parsing', 'Parsing PO-2.pdf'), '2'),
  message('heartbeat', { timestamp: '2024-05-01T10:00:15Z' }, '3'),
  message('progress', progress('PO-1', 'ai_parsing', 50, 'Reading line items'), '4'),
  message('progress', progress('PO-1', 'ai_parsing', 50, 'Reading line items'), '4'), // duplicate
  message('completion', completion('PO-1', 'ai_parsing', { lineItems: 12, confidence: 0.94 }), '5'),
  message('error', { stage: 'ai_parsing', poId: 'PO-2', workflowId: 'wf-PO-2', error: 'Unreadable PDF' }, '6'),
  message('stage', stage('PO-1', 'database_save', 'Saving 12 line items'), '7'),
  message('completion', completion('PO-1', 'database_save'), '8'),
  message('stage', stage('PO-1', 'shopify_sync', 'Syncing to Shopify'), '9'),
  message('progress', progress('PO-1', 'shopify_sync', 40), '10'),
  message('completion', completion('PO-1', 'shopify_sync'), '11'),
  message('heartbeat', { timestamp: '2024-05-01T10:00:30Z' }, '12'),
];

describe('preset workflow-stages', () => {
  it('keeps one state per purchase order and summarises them', () => {
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
    const states = run(reducer, reducer.initialState(), stream);

    expect(states[1]?.jobs?.map((j) => j.key)).to.deep.equal(['PO-1', 'PO-2']);
    expect(states[2], 'a heartbeat only moves the stream position').to.deep.equal({ ...states[1], lastEventId: '3' });
    expect(states[3]?.jobs?.[0]?.percent).to.be.closeTo(50 / 3, 1e-9);
    expect(states[3]?.percent, 'the top level is the mean of its jobs').to.be.closeTo(25 / 3, 1e-9);
    expect(states[4]).to.equal(states[3]);
    expect(states[6]).to.include({ status: 'running', error: null });
    expect(
      states[6]?.jobs?.map((j) => j.status),
      'an error event fails only its job',
    ).to.deep.equal(['running', 'failed']);
    expect(states[10]?.jobs?.[0]?.percent).to.be.closeTo(80, 1e-9);

    const po1: JobState = {
      key: 'PO-1',
      status: 'complete',
      percent: 100,
      message: 'Syncing to Shopify',
      operation: '',
      steps: [
        {
          id: 'ai_parsing',
          label: 'AI parsing',
          status: 'complete',
          startedAt: 1000,
          percent: 100,
          message: 'Reading line items',
          completedAt: 4000,
        },
        { id: 'database_save', label: 'Database save', status: 'complete', startedAt: 6000, completedAt: 7000 },
        { id: 'shopify_sync', label: 'Shopify sync', status: 'complete', startedAt: 8000, percent: 100, completedAt: 10_000 },
      ],
      stepIndex: 2,
      stepCount: 3,
      metrics: { 'Line items': 12 },
      rate: null,
      etaMs: null,
      stalled: false,
      progressAt: 10000,
      activity: [
        { seq: 1, at: 1000, level: 'info', message: 'Parsing PO-1.pdf', step: 'ai_parsing' },
        { seq: 2, at: 3000, level: 'info', message: 'Reading line items', step: 'ai_parsing' },
        { seq: 3, at: 4000, level: 'success', message: 'AI parsing found 12 line items', step: 'ai_parsing' },
        { seq: 4, at: 6000, level: 'info', message: 'Saving 12 line items', step: 'database_save' },
        { seq: 5, at: 7000, level: 'success', message: 'Saved to the database', step: 'database_save' },
        { seq: 6, at: 8000, level: 'info', message: 'Syncing to Shopify', step: 'shopify_sync' },
        { seq: 7, at: 10_000, level: 'success', message: 'Synced to Shopify', step: 'shopify_sync' },
      ],
      error: null,
      lastEventId: '11',
      startedAt: 1000,
      updatedAt: 10_000,
      completedAt: 10_000,
    };
    const po2: JobState = {
      key: 'PO-2',
      status: 'failed',
      percent: 0,
      message: 'Parsing PO-2.pdf',
      operation: '',
      steps: [
        { id: 'ai_parsing', label: 'AI parsing', status: 'failed', startedAt: 2000, completedAt: 5000 },
        { id: 'database_save', label: 'Database save', status: 'pending' },
        { id: 'shopify_sync', label: 'Shopify sync', status: 'pending' },
      ],
      stepIndex: 0,
      stepCount: 3,
      metrics: {},
      rate: null,
      etaMs: null,
      stalled: false,
      progressAt: 5000,
      activity: [
        { seq: 1, at: 2000, level: 'info', message: 'Parsing PO-2.pdf', step: 'ai_parsing' },
        { seq: 2, at: 5000, level: 'error', message: 'Unreadable PDF', step: 'ai_parsing' },
      ],
      error: 'Unreadable PDF',
      lastEventId: '6',
      startedAt: 2000,
      updatedAt: 5000,
      completedAt: 5000,
    };
    const expected: ProgressState = {
      status: 'failed',
      percent: 50,
      message: 'Syncing to Shopify',
      operation: '',
      steps: [],
      stepIndex: null,
      stepCount: null,
      metrics: { 'Line items': 12 },
      rate: null,
      etaMs: null,
      stalled: false,
      progressAt: 10000,
      activity: [
        { seq: 1, at: 1000, level: 'info', message: 'Parsing PO-1.pdf', step: 'ai_parsing', job: 'PO-1' },
        { seq: 2, at: 2000, level: 'info', message: 'Parsing PO-2.pdf', step: 'ai_parsing', job: 'PO-2' },
        { seq: 3, at: 3000, level: 'info', message: 'Reading line items', step: 'ai_parsing', job: 'PO-1' },
        { seq: 4, at: 4000, level: 'success', message: 'AI parsing found 12 line items', step: 'ai_parsing', job: 'PO-1' },
        { seq: 5, at: 5000, level: 'error', message: 'Unreadable PDF', step: 'ai_parsing', job: 'PO-2' },
        { seq: 6, at: 6000, level: 'info', message: 'Saving 12 line items', step: 'database_save', job: 'PO-1' },
        { seq: 7, at: 7000, level: 'success', message: 'Saved to the database', step: 'database_save', job: 'PO-1' },
        { seq: 8, at: 8000, level: 'info', message: 'Syncing to Shopify', step: 'shopify_sync', job: 'PO-1' },
        { seq: 9, at: 10_000, level: 'success', message: 'Synced to Shopify', step: 'shopify_sync', job: 'PO-1' },
      ],
      error: 'PO-2: Unreadable PDF',
      lastEventId: '12',
      startedAt: 1000,
      updatedAt: 10_000,
      completedAt: 10_000,
      jobs: [po1, po2],
    };
    expect(states.at(-1)).to.deep.equal(expected);
  });

  it('is complete when every job completed', () => {
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
    const names = ['ai_parsing', 'database_save', 'shopify_sync'];
    const events = ['PO-7', 'PO-8'].flatMap((po) => names.map((name) => message('completion', completion(po, name))));
    const states = run(reducer, reducer.initialState(), events);
    expect(states[4]).to.include({ status: 'running' });
    expect(states.at(-1)).to.include({ status: 'complete', percent: 100, error: null, completedAt: 6000 });
  });

  it('restarts a failed purchase order when its first stage starts again', () => {
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
    const states = run(reducer, reducer.initialState(), [
      message('stage', stage('PO-3', 'ai_parsing', 'Parsing'), '1'),
      message('progress', progress('PO-3', 'ai_parsing', 60), '2'),
      message('error', { stage: 'ai_parsing', poId: 'PO-3', error: 'Timeout' }, '3'),
      message('progress', progress('PO-3', 'ai_parsing', 90), '4'), // after the end: ignored
      message('stage', stage('PO-3', 'ai_parsing', 'Parsing again'), '5'),
    ]);
    expect(states[3]?.jobs?.[0]).to.deep.equal({ ...states[2]?.jobs?.[0] });
    const job = states[4]?.jobs?.[0];
    expect(job).to.include({ status: 'running', percent: 0, error: null, completedAt: null, startedAt: 5000 });
    expect(job?.steps.map((s) => s.status)).to.deep.equal(['active', 'pending', 'pending']);
    expect(job?.activity.map((a) => a.message)).to.deep.equal(['Parsing', 'Timeout', 'Parsing again']);
  });

  it('applies channel events without a poId to the top level only', () => {
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 1000) });
    const [state] = run(reducer, reducer.initialState(), [
      message('progress', { stage: 'ai_parsing', progress: 10, message: 'Warming up the parser' }),
    ]);
    expect(state).to.include({ message: 'Warming up the parser', status: 'idle', stepIndex: null });
    expect(state?.jobs).to.deep.equal([]);
    expect(state?.steps).to.deep.equal([]);
  });

  it('declares the heartbeat and no terminal event', () => {
    expect(clientOptionsFor('workflow-stages')).to.deep.equal({ heartbeatEvents: ['heartbeat'] });
  });
});
