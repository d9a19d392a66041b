import type { Mapping } from '../mapping-types.js';
import { saysCancelled, saysPaused } from './control-words.js';
import { streamErrorRules } from './stream-error.js';

const failedStage = { path: 'progress.stage', in: ['error', 'failed'] };
/** `""`, `false`, `0`, `null` or `{}` in `error` is no error. */
const failure = { any: [failedStage, 'error?'] };
const counts = { Processed: 'progress.current', Total: 'progress.total' };
const cancelled = saysCancelled('progress.stage');
const paused = saysPaused('progress.stage');
const sourceLevel = {
  path: 'status',
  map: { error: 'error', failed: 'error', warning: 'warning', completed: 'success', complete: 'success' },
  default: 'info',
};

/**
 * `typed-json`: unnamed events whose data carries a `type` discriminator.
 *
 *     {"type":"progress_update","jobId":"j1","progress":{"stage":"import","current":40,"total":200,"message":"..."}}
 *
 * Percent is `current/total`; `stage: "complete"` completes the job, `stage: "error"` or
 * `"failed"` (or a meaningful `error` field) fails it. A new `jobId` starts a new job. Status and
 * proposal events become activity lines. The channel outlives its jobs, so none of its own
 * events ends the stream. An SSE `event: error` is not one of them: the format's events are
 * unnamed, so it is the server framework saying its handler failed (NestJS `@Sse()` sends it,
 * with the message as plain text, and ends the response). It fails the current job with that
 * reason and ends the stream: reconnecting would re-run a failing handler again and again.
 * `stage: "cancelled"` cancels the job and `stage: "paused"` pauses it (neither is a stage);
 * the next stage runs it again. The channel goes on: no stage ends the stream.
 */
export const typedJson: Mapping = {
  name: 'typed-json',
  discriminator: 'type',
  runId: 'jobId',
  events: {
    connected: {
      activity: { text: { template: '{message}', default: 'Connected' } },
    },
    status_update: {
      activity: [
        {
          when: 'sourceName',
          text: '{sourceName}: {status}',
          level: sourceLevel,
        },
        {
          when: '!sourceName',
          text: 'Source {sourceId}: {status}',
          level: sourceLevel,
        },
      ],
    },
    progress_update: [
      {
        // Progress within a stage.
        when: { not: { any: ['progress.stage == "complete"', failure, cancelled, paused] } },
        step: 'progress.stage',
        percent: { current: 'progress.current', total: 'progress.total' },
        message: 'progress.message',
        metrics: counts,
        counter: 'progress.current',
        total: 'progress.total',
      },
      {
        // The job completed.
        when: 'progress.stage == "complete"',
        message: 'progress.message',
        metrics: counts,
        status: 'complete',
      },
      {
        // Cancelled or paused: the counts still say how far it got.
        when: { all: [{ any: [cancelled, paused] }, { not: failure }] },
        message: 'progress.message',
        metrics: counts,
        status: { path: 'progress.stage' },
      },
      {
        // The job failed.
        when: failure,
        percent: { current: 'progress.current', total: 'progress.total' },
        metrics: counts,
        status: 'failed',
        error: ['error.message', 'error', 'progress.message', 'message'],
      },
    ],
    new_proposal: {
      activity: [
        { when: 'confidence', text: 'New proposal: {title} (confidence {confidence})' },
        { when: '!confidence', text: { template: 'New proposal: {title}', default: 'New proposal' } },
      ],
    },
    proposal_update: {
      activity: [
        { when: 'title', text: 'Proposal updated: {title}' },
        { when: '!title', text: { template: 'Proposal {proposalId} updated', default: 'Proposal updated' } },
      ],
    },
    proposal_deleted: {
      activity: { text: { template: 'Proposal {proposalId} deleted', default: 'Proposal deleted' }, level: 'warning' },
    },
    // Only the SSE event: a `{"type": "error"}` message stays unrouted, as any unknown type.
    error: streamErrorRules({}, '$event == "error"'),
  },
  terminalEvents: ['error'],
};
