import { expect } from '@open-wc/testing';
import { createReducer, validateMapping, type Mapping, type ProgressState } from '../../src/mapping/index.js';
import { message, run } from './helpers.js';

// The worked example of src/mapping/README.md, kept true by running it.

const catalogImport: Mapping = {
  name: 'catalog-import',
  runId: 'importId',
  steps: [
    { id: 'upload', label: 'Upload' },
    { id: 'validate', label: 'Validate rows' },
    { id: 'write', label: 'Write to catalog' },
  ],
  events: {
    'import.started': {
      startsJob: true,
      status: 'running',
      step: { id: { value: 'upload' }, status: 'complete' },
      metrics: { Rows: 'rows' },
      activity: 'Importing {file} ({rows} rows)',
    },
    'import.progress': {
      step: 'phase',
      percent: { current: 'done', total: 'rows' },
      message: ['msg', { template: '{done} of {rows} rows' }],
      metrics: { Processed: 'done', Warnings: 'warnings' },
      counter: 'done',
      total: 'rows',
    },
    'import.log': {
      activity: { text: '{text}', level: { path: 'level', default: 'info' } },
    },
    'import.finished': [
      {
        when: 'result == "ok"',
        status: 'complete',
        message: { template: 'Imported {written} rows, skipped {skipped}' },
        metrics: { Written: 'written', Skipped: 'skipped' },
      },
      { when: 'result != "ok"', status: 'failed', error: ['reason', { value: 'The import failed' }] },
    ],
  },
  terminalEvents: ['import.finished'],
};

const t = 1_700_000_000_000;
const stream = [
  message('import.started', '{"importId":"imp-9","file":"catalog.csv","rows":5000}', '1'),
  message('import.progress', '{"importId":"imp-9","phase":"validate","done":1200,"rows":5000,"msg":"Validating rows"}', '2'),
  message('import.log', '{"level":"warn","text":"Row 1841: unknown currency"}', '3'),
  message('import.progress', '{"importId":"imp-9","phase":"write","done":3000,"rows":5000,"warnings":3}', '4'),
  message('import.finished', '{"importId":"imp-9","result":"ok","written":4990,"skipped":10}', '5'),
];

describe('the README worked example', () => {
  function reduceAll(messages = stream): ProgressState[] {
    let now = t;
    const reducer = createReducer(catalogImport, { now: () => (now += 1000) });
    return run(reducer, reducer.initialState(), messages);
  }

  it('produces the state the README shows after event 4', () => {
    expect(reduceAll()[3]).to.deep.equal({
      status: 'running',
      percent: 60,
      message: '3000 of 5000 rows',
      operation: '',
      stepIndex: 2,
      stepCount: 3,
      steps: [
        { id: 'upload', label: 'Upload', status: 'complete', startedAt: t + 1000, completedAt: t + 1000 },
        { id: 'validate', label: 'Validate rows', status: 'complete', startedAt: t + 2000, completedAt: t + 4000 },
        { id: 'write', label: 'Write to catalog', status: 'active', startedAt: t + 4000 },
      ],
      metrics: { Rows: 5000, Processed: 3000, Warnings: 3 },
      rate: 900,
      etaMs: 2222,
      stalled: false,
      progressAt: t + 4000,
      activity: [
        { seq: 1, at: t + 1000, level: 'info', message: 'Importing catalog.csv (5000 rows)' },
        { seq: 2, at: t + 2000, level: 'info', message: 'Validating rows', step: 'validate' },
        { seq: 3, at: t + 3000, level: 'warning', message: 'Row 1841: unknown currency' },
        { seq: 4, at: t + 4000, level: 'info', message: '3000 of 5000 rows', step: 'write' },
      ],
      error: null,
      lastEventId: '4',
      startedAt: t + 1000,
      updatedAt: t + 4000,
      completedAt: null,
    });
  });

  it('completes as the README says after event 5', () => {
    const done = reduceAll()[4];
    expect(done).to.include({ status: 'complete', percent: 100, message: 'Imported 4990 rows, skipped 10' });
    expect(done?.steps.map((s) => s.status)).to.deep.equal(['complete', 'complete', 'complete']);
    expect(done?.metrics).to.deep.equal({ Rows: 5000, Processed: 3000, Warnings: 3, Written: 4990, Skipped: 10 });
    expect(done?.activity.at(-1)).to.deep.equal({
      seq: 5,
      at: t + 5000,
      level: 'success',
      message: 'Imported 4990 rows, skipped 10',
      step: 'write',
    });
  });

  it('fails with the reason, or the constant when there is none', () => {
    const failed = reduceAll([
      ...stream.slice(0, 4),
      message('import.finished', '{"importId":"imp-9","result":"error","reason":"Disk full"}', '5'),
    ])[4];
    expect(failed).to.include({ status: 'failed', error: 'Disk full' });
    const vague = reduceAll([...stream.slice(0, 4), message('import.finished', '{"importId":"imp-9","result":"error"}', '5')])[4];
    expect(vague).to.include({ status: 'failed', error: 'The import failed' });
  });

  it('shows the validation errors the README quotes', () => {
    expect(validateMapping({ events: { progress: { percnt: 'progress', status: 'done', when: 'step === "x"' } } })).to.deep.equal([
      { path: '/events/progress/percnt', message: 'is not a known key' },
      { path: '/events/progress/when', message: 'write == and !=, not === and !==' },
      { path: '/events/progress/status', message: 'must be one of idle, running, paused, complete, failed, cancelled, or a value object' },
    ]);
  });
});
