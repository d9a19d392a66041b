import type { EventRule, Mapping } from '../mapping-types.js';
import { CANCELLED_WORDS } from './control-words.js';
import { streamErrorRules } from './stream-error.js';

/** Every event carries the whole snapshot. */
const snapshot = {
  step: { index: 'completedSteps', percent: { current: 'currentBatch', total: 'totalBatches' } },
  stepCount: 'totalSteps',
  percent: { fromSteps: true },
  message: 'message',
  operation: [{ template: '{currentOperation} (batch {currentBatch} of {totalBatches})' }, 'currentOperation'],
  metrics: {
    'Planned orders': 'mopsProcessed',
    'Manufacturing orders': 'mosProcessed',
    'Customer order lines': 'coLinesProcessed',
  },
  rate: 'recordsPerSecond',
  etaSeconds: 'estimatedTimeRemaining',
} satisfies EventRule;

/**
 * `phase-snapshot`: named events `progress`, `complete` and `error`, each carrying the whole
 * snapshot of a five-phase import, and re-sent every 15 s as a heartbeat.
 *
 *     event: progress
 *     data: {"jobId":"n1","status":"running","completedSteps":1,"totalSteps":5,
 *            "currentOperation":"Loading planned orders","message":"...","recordsPerSecond":150,
 *            "estimatedTimeRemaining":30,"mopsProcessed":1234,"currentBatch":3,"totalBatches":10}
 *
 * `completedSteps` phases are done, so the current phase is the next one ("Step 2 of 5" for
 * `completedSteps: 1`). The percent counts done phases plus the current phase's batches.
 * `estimatedTimeRemaining` is in seconds. A re-sent snapshot adds no activity line. The
 * `error` event's reason is in `message` (or `error`); one with plain-text data (a NestJS
 * `@Sse()` handler that threw) has that text as the reason.
 *
 * Cancel and pause: a `status` of `paused` (or `suspended`, `on_hold`) pauses the job and
 * `running` resumes it; `cancelled` cancels it and ends the stream, as a `cancelled` event does.
 */
export const phaseSnapshot: Mapping = {
  name: 'phase-snapshot',
  runId: 'jobId',
  steps: [
    { id: 'preparing-database', label: 'Preparing database' },
    { id: 'loading-planned-orders', label: 'Loading planned orders' },
    { id: 'loading-manufacturing-orders', label: 'Loading manufacturing orders' },
    { id: 'loading-customer-order-lines', label: 'Loading customer order lines' },
    { id: 'finalizing', label: 'Finalizing' },
  ],
  discoverSteps: false,
  events: {
    progress: { ...snapshot, status: { path: 'status' } },
    complete: { ...snapshot, status: 'complete' },
    cancelled: { ...snapshot, status: 'cancelled' },
    error: streamErrorRules({ ...snapshot, error: ['message', 'error.message', 'error', '$'] }),
  },
  terminalEvents: ['complete', 'error', 'cancelled'],
  terminalWhen: { path: 'status', in: CANCELLED_WORDS },
};
