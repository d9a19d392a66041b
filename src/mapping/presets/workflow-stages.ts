import type { Mapping } from '../mapping-types.js';
import { saysCancelled, saysPaused } from './control-words.js';

const STAGES = ['ai_parsing', 'database_save', 'shopify_sync'];

/**
 * `workflow-stages`: one channel, many purchase orders, keyed by `poId`.
 *
 *     event: stage       data: {"stage":"ai_parsing","poId":"PO-1","workflowId":"w1","status":"started","message":"..."}
 *     event: progress    data: {"poId":"PO-1","workflowId":"w1","stage":"ai_parsing","progress":40,"message":"..."}
 *     event: completion  data: {"stage":"ai_parsing","poId":"PO-1","workflowId":"w1","lineItems":12,"confidence":0.94}
 *     event: error       data: {"stage":"database_save","poId":"PO-1","workflowId":"w1","error":"..."}
 *     event: heartbeat   data: {"timestamp":"..."}
 *
 * `progress` is the percent within the stage; a job's percent comes from its steps. A job
 * completes when its last stage completes. The `error` event fails that job only. The channel
 * outlives its jobs: no terminal events. An `error` event whose data is plain text (a NestJS
 * `@Sse()` handler that threw) names no job: its text becomes the channel's message and an
 * error line in its feed, the jobs are left as they were (they run on the backend whatever
 * becomes of this connection), and the client reconnects, resuming the channel.
 *
 * A `stage` event with `status: "cancelled"` cancels that job, `"paused"` pauses it, and
 * `"resumed"` (or any progress) runs it again; the other jobs and the channel go on.
 */
export const workflowStages: Mapping = {
  name: 'workflow-stages',
  jobKey: 'poId',
  steps: [
    { id: 'ai_parsing', label: 'AI parsing' },
    { id: 'database_save', label: 'Database save' },
    { id: 'shopify_sync', label: 'Shopify sync' },
  ],
  heartbeatEvents: ['heartbeat'],
  events: {
    stage: [
      // The first stage starting again restarts a job that had ended.
      { when: `stage == "${STAGES[0]}"`, startsJob: true },
      {
        step: { id: 'stage', status: { path: 'status', default: 'active' } },
        percent: { fromSteps: true },
        message: 'message',
      },
      { when: saysCancelled('status'), status: 'cancelled' },
      { when: saysPaused('status'), status: 'paused' },
      { when: 'status == "resumed"', status: 'running' },
    ],
    progress: {
      step: { id: 'stage', percent: 'progress', message: 'message' },
      percent: { fromSteps: true },
      message: 'message',
    },
    completion: [
      {
        step: { id: 'stage', status: 'complete' },
        percent: { fromSteps: true },
        metrics: { 'Line items': 'lineItems' },
        activity: [
          {
            when: { all: ['stage == "ai_parsing"', 'lineItems'] },
            text: 'AI parsing found {lineItems} line items',
            level: 'success',
            step: 'stage',
          },
          { when: { all: ['stage == "ai_parsing"', '!lineItems'] }, text: 'AI parsing complete', level: 'success', step: 'stage' },
          { when: 'stage == "database_save"', text: 'Saved to the database', level: 'success', step: 'stage' },
          { when: 'stage == "shopify_sync"', text: 'Synced to Shopify', level: 'success', step: 'stage' },
          { when: { path: 'stage', notIn: STAGES }, text: 'Stage {stage} complete', level: 'success', step: 'stage' },
        ],
      },
      // The last stage completes the job.
      { when: `stage == "${STAGES[STAGES.length - 1]}"`, status: 'complete' },
    ],
    error: [
      {
        when: '$',
        step: { id: 'stage', status: 'failed' },
        status: 'failed',
        error: ['error.message', 'error', 'message'],
      },
      { when: '!$', message: '$raw', activity: { text: '{$raw}', level: 'error' } },
    ],
  },
};
