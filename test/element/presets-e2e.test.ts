import { expect } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { ProgressState } from '../../src/mapping/state.js';
import { scenario, sse, type Step } from '../support/sse-server.js';
import { until } from '../support/element-helpers.js';

// Every preset end to end: a recorded stream served by the real SSE test server, the element
// connected with nothing but `src` and `preset`, and what a person would read at the end.

const shownText = (el: ProgressStream, part: string): string =>
  (el.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();

// Two frames, or the element's 250 ms fallback commit when the page gets no frames.
const frames = () =>
  Promise.race([new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))), new Promise((r) => setTimeout(r, 400))]);

/**
 * Serves `before`, holds the response until `resume()` (so a test can look at the state in the
 * middle of the job without racing the frame clock), then serves `after` and `end`.
 */
async function play(preset: string, before: string[], after: string[], end: Step = { hold: true }) {
  const server = await scenario({ responses: [{ steps: [...before.map((write) => ({ write })), { hold: true }] }] });
  const resume = () => server.push(...after.map((write) => ({ write })), end);
  const el = document.createElement('progress-stream');
  const updates: ProgressState[] = [];
  let completed: ProgressState | undefined;
  let failed: ProgressState | undefined;
  el.addEventListener('progress-update', (e) => updates.push(e.detail));
  el.addEventListener('progress-complete', (e) => (completed = e.detail));
  el.addEventListener('progress-failed', (e) => (failed = e.detail));
  el.preset = preset;
  el.src = server.url;
  document.body.append(el);
  return { el, server, updates, resume, completed: () => completed, failed: () => failed };
}

afterEach(() => {
  for (const el of document.querySelectorAll('progress-stream')) el.remove();
});

describe('presets end to end through <progress-stream>', () => {
  it('step-percent: runs through its steps and completes', async () => {
    const run = await play(
      'step-percent',
      [
        sse({ id: '1', data: { step: 'scanning', progress: 20, message: 'Analyzing 59 tables, 450 columns...' } }),
        sse({ id: '2', data: { step: 'indexing', progress: 40, message: 'Indexing' } }),
        ': keepalive\n\n',
        sse({ id: '3', data: { step: 'generating', progress: 80, message: 'Generating report' } }),
      ],
      [sse({ id: '4', data: { step: 'complete', progress: 100, message: 'Done', data: { tables: 59 } } })],
    );
    await until(() => run.updates.some((u) => u.status === 'running' && u.percent === 80), 'a running update at 80 %');
    expect(shownText(run.el, 'step-count')).to.equal('Step 4 of 6');
    await run.resume();
    await until(() => run.completed() !== undefined, 'progress-complete');
    await frames();
    expect(run.el.state.percent).to.equal(100);
    expect(run.el.client?.status).to.equal('closed');
    expect(shownText(run.el, 'connection')).to.include('Complete');
  });

  it('typed-json: percent from current/total, proposals in the feed, failure by stage', async () => {
    const run = await play(
      'typed-json',
      [
        sse({ data: { type: 'connected', message: 'Connected to job stream' } }),
        sse({
          id: '1',
          data: {
            type: 'progress_update',
            jobId: 'J1',
            progress: { stage: 'extracting', current: 3, total: 12, message: 'Extracting sources', timestamp: '2026-11-21T10:00:00Z' },
          },
        }),
        sse({ id: '2', data: { type: 'new_proposal', proposalId: 'P1', title: 'Merge duplicate suppliers', confidence: 0.92 } }),
      ],
      [
        sse({
          id: '3',
          data: {
            type: 'progress_update',
            jobId: 'J1',
            progress: { stage: 'error', current: 5, total: 12, message: 'Source unreachable' },
          },
        }),
      ],
    );
    await until(() => run.updates.some((u) => u.percent === 25), 'an update at 25 %');
    await run.resume();
    await until(() => run.failed() !== undefined, 'progress-failed');
    await frames();
    expect(run.el.state.status).to.equal('failed');
    expect(run.el.state.activity.some((a) => a.message.includes('Merge duplicate suppliers'))).to.equal(true);
    // typed-json channels outlive their jobs: the stream stays open.
    expect(run.el.client?.status).to.equal('open');
  });

  it('batch-enrichment: server percent, batch and counts, stream_end closes without reconnecting', async () => {
    const state = (s: object) => ({ status: 'enriching', total_items: 100, total_batches: 10, ...s });
    const run = await play(
      'batch-enrichment',
      [
        sse({ event: 'connected', data: { event_type: 'connected', bom_id: 'B1' } }),
        sse({
          event: 'enrichment.started',
          id: '1',
          data: {
            event_type: 'enrichment.started',
            bom_id: 'B1',
            state: state({ percent_complete: 0, current_batch: 1, enriched_items: 0, failed_items: 0, pending_items: 100 }),
          },
        }),
        sse({
          event: 'progress',
          id: '2',
          data: {
            event_type: 'progress',
            bom_id: 'B1',
            state: state({
              percent_complete: 30.5,
              current_batch: 3,
              enriched_items: 28,
              failed_items: 2,
              pending_items: 70,
              current_item: { mpn: 'LM358', status: 'enriched', message: 'ok' },
            }),
          },
        }),
      ],
      [
        sse({
          event: 'enrichment.completed',
          id: '3',
          data: {
            event_type: 'enrichment.completed',
            bom_id: 'B1',
            state: state({
              status: 'completed',
              percent_complete: 100,
              current_batch: 10,
              enriched_items: 97,
              failed_items: 3,
              pending_items: 0,
            }),
          },
        }),
        sse({ event: 'stream_end', id: '4', data: { event_type: 'stream_end', reason: 'completed' } }),
      ],
      { end: true },
    );
    await until(() => run.updates.some((u) => u.percent === 30.5), 'an update at 30.5 %');
    await frames();
    expect(shownText(run.el, 'operation')).to.equal('Batch 3 of 10 · LM358');
    // Issue 19: the operation names the item; the message says what happened to it, once.
    expect(shownText(run.el, 'message')).to.equal('ok');
    expect(shownText(run.el, 'summary').match(/LM358/g)).to.have.length(1);
    expect(shownText(run.el, 'percent')).to.equal('30%');
    await run.resume();
    await until(() => run.completed() !== undefined && run.el.client?.status === 'closed', 'complete and closed');
    await frames();
    expect(run.el.state.metrics).to.include({ Enriched: 97, Failed: 3, Pending: 0 });
    expect(await run.server.requests()).to.have.length(1);
  });

  it('workflow-stages: several purchase orders on one channel, one row each', async () => {
    const stages = ['ai_parsing', 'database_save', 'shopify_sync'];
    const po = (poId: string) =>
      stages.flatMap((stage) => [
        sse({ event: 'stage', data: { stage, poId, workflowId: `w-${poId}`, status: 'started', message: `${stage} ${poId}` } }),
        sse({ event: 'completion', data: { stage, poId, workflowId: `w-${poId}`, lineItems: 4, confidence: 0.9 } }),
      ]);
    const run = await play(
      'workflow-stages',
      [
        ...po('PO-1'),
        sse({ event: 'heartbeat', data: { timestamp: '2026-11-21T10:00:00Z' } }),
        sse({ event: 'stage', data: { stage: 'ai_parsing', poId: 'PO-2', workflowId: 'w-PO-2', status: 'started', message: 'Parsing' } }),
        sse({ event: 'error', data: { stage: 'ai_parsing', poId: 'PO-2', workflowId: 'w-PO-2', error: 'Unreadable PDF' } }),
        sse({
          event: 'stage',
          data: { stage: 'ai_parsing', poId: 'PO-3', workflowId: 'w-PO-3', status: 'started', message: 'Parsing PO-3' },
        }),
      ],
      [],
    );
    await until(() => (run.el.state.jobs?.length ?? 0) === 3, 'three jobs');
    await frames();
    const jobs = run.el.state.jobs ?? [];
    expect(jobs.map((j) => [j.key, j.status])).to.deep.equal([
      ['PO-1', 'complete'],
      ['PO-2', 'failed'],
      ['PO-3', 'running'],
    ]);
    expect(run.el.state.status).to.equal('running');
    // The `error` event is data about one job, not a connection error.
    expect(run.el.client?.status).to.equal('open');
    expect(run.el.shadowRoot?.querySelectorAll('[part~="job"]').length).to.equal(3);
    expect(run.el.state.activity.some((a) => /heartbeat/i.test(a.message))).to.equal(false);
  });

  it('phase-snapshot: "Step 2 of 5", counters, rate and ETA, then the error reason', async () => {
    const snapshot = (s: object) => ({ jobId: 'S1', status: 'running', totalSteps: 5, totalBatches: 4, ...s });
    const run = await play(
      'phase-snapshot',
      [
        sse({
          event: 'progress',
          id: '1',
          data: snapshot({
            completedSteps: 1,
            currentOperation: 'Loading planned orders',
            message: 'Loading',
            recordsPerSecond: 150,
            estimatedTimeRemaining: 30,
            coLinesProcessed: 0,
            mosProcessed: 1234,
            mopsProcessed: 0,
            currentBatch: 1,
          }),
        }),
        sse({
          event: 'progress',
          id: '1',
          data: snapshot({
            completedSteps: 1,
            currentOperation: 'Loading planned orders',
            message: 'Loading',
            recordsPerSecond: 150,
            estimatedTimeRemaining: 30,
            coLinesProcessed: 0,
            mosProcessed: 1234,
            mopsProcessed: 0,
            currentBatch: 1,
          }),
        }),
      ],
      [sse({ event: 'error', id: '2', data: snapshot({ status: 'failed', completedSteps: 1, message: 'Database connection lost' }) })],
      { end: true },
    );
    await until(() => run.updates.some((u) => u.status === 'running'), 'a running update');
    await frames();
    expect(shownText(run.el, 'step-count')).to.equal('Step 2 of 5');
    expect(shownText(run.el, 'rate')).to.equal('~150/s');
    expect(shownText(run.el, 'eta')).to.equal('ETA ~30 s');
    expect(shownText(run.el, 'metrics')).to.match(/1,234/);
    await run.resume();
    await until(() => run.failed() !== undefined, 'progress-failed');
    await frames();
    expect(run.el.state.error).to.equal('Database connection lost');
    expect(shownText(run.el, 'error')).to.include('Database connection lost');
    expect(run.el.client?.status).to.equal('closed');
  });
});
