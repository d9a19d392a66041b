import type { EventRule, Mapping } from '../mapping-types.js';
import { CANCELLED_WORDS } from './control-words.js';
import { streamErrorRules } from './stream-error.js';

/** What every event with a `state` object says about the batch. */
const batchState = {
  percent: 'state.percent_complete',
  operation: [
    { template: 'Batch {state.current_batch} of {state.total_batches} · {state.current_item.mpn}' },
    { template: 'Batch {state.current_batch} of {state.total_batches}' },
    'state.current_item.mpn',
  ],
  metrics: {
    Enriched: 'state.enriched_items',
    Failed: 'state.failed_items',
    Pending: 'state.pending_items',
    Total: 'state.total_items',
  },
  counter: { sum: ['state.enriched_items', 'state.failed_items'] },
  total: 'state.total_items',
  etaSeconds: 'state.estimated_time_remaining',
} satisfies EventRule;

const itemLevel = {
  path: 'state.current_item.status',
  map: {
    enriched: 'success',
    completed: 'success',
    success: 'success',
    failed: 'error',
    error: 'error',
    not_found: 'warning',
    skipped: 'warning',
  },
  default: 'info',
};

/**
 * `batch-enrichment`: named events about a bill of materials enriched in batches.
 *
 *     event: progress
 *     data: {"event_type":"progress","bom_id":"B1","state":{"status":"enriching","total_items":120,
 *            "enriched_items":30,"failed_items":2,"pending_items":88,"percent_complete":26.7,
 *            "current_batch":3,"total_batches":10,"current_item":{"mpn":"LM358","status":"enriched"}}}
 *
 * Uses the server's `percent_complete`, shows "Batch 3 of 10 · LM358", the enriched, failed
 * and pending counts, and one feed line per item. `enrichment.failed` (and an `event: error`,
 * as a NestJS `@Sse()` handler sends when it throws, with a plain-text reason) fails the job,
 * updating the batch, counts and current item it carries. `enrichment.completed`,
 * `enrichment.failed`, `error` and `stream_end` end the stream.
 *
 * Cancel and pause: `enrichment.cancelled` (or a `state.status` of `cancelled`) cancels the job
 * and ends the stream, as `stream_end` with `reason: "cancelled"` does; `enrichment.paused` (or
 * `state.status: "paused"`) pauses it and `enrichment.resumed` (or any progress) runs it again.
 */
export const batchEnrichment: Mapping = {
  name: 'batch-enrichment',
  discriminator: 'event_type',
  runId: 'bom_id',
  events: {
    connected: {
      activity: { text: { template: 'Connected to BOM {bom_id}', default: 'Connected' } },
    },
    'enrichment.started': {
      ...batchState,
      startsJob: true,
      status: 'running',
      activity: { text: { template: 'Enrichment started: {state.total_items} items', default: 'Enrichment started' } },
    },
    progress: {
      ...batchState,
      // The operation names the item ("Batch 3 of 10 · LM358"); the message says what became of
      // it, without naming it a second time. The feed's lines name it: they stand alone.
      message: ['state.current_item.message', 'state.current_item.status'],
      status: { path: 'state.status' },
      activity: [
        { when: 'state.current_item.message', text: '{state.current_item.mpn}: {state.current_item.message}', level: itemLevel },
        { when: '!state.current_item.message', text: '{state.current_item.mpn}: {state.current_item.status}', level: itemLevel },
      ],
    },
    'enrichment.completed': {
      ...batchState,
      status: 'complete',
      message: {
        template: 'Enrichment complete: {state.enriched_items} enriched, {state.failed_items} failed',
        default: 'Enrichment complete',
      },
    },
    'enrichment.failed': {
      ...batchState,
      status: 'failed',
      error: ['error.message', 'error', 'state.error', 'message'],
    },
    'enrichment.cancelled': {
      ...batchState,
      status: 'cancelled',
      message: ['message', 'state.message', { value: 'Enrichment cancelled' }],
    },
    'enrichment.paused': {
      ...batchState,
      status: 'paused',
      message: ['message', 'state.message', { value: 'Enrichment paused' }],
    },
    'enrichment.resumed': {
      ...batchState,
      status: 'running',
      message: ['message', 'state.message', { value: 'Enrichment resumed' }],
    },
    stream_end: {
      status: { path: 'reason' },
      error: ['error', { template: 'Stream ended: {reason}' }],
      activity: { text: { template: 'Stream ended: {reason}', default: 'Stream ended' } },
    },
    error: streamErrorRules({ ...batchState, error: ['error.message', 'error', 'state.error', 'message', '$'] }),
  },
  terminalEvents: ['enrichment.completed', 'enrichment.failed', 'enrichment.cancelled', 'stream_end', 'error'],
  // A snapshot saying the job was cancelled is its last: reconnecting would wait for nothing.
  terminalWhen: { path: 'state.status', in: CANCELLED_WORDS },
};
