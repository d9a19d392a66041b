import type { Mapping } from '../mapping-types.js';

const failedStage = { path: 'progress.stage', in: ['error', 'failed'] };
const sourceLevel = { path: 'status', map: { error: 'error', failed: 'error', warning: 'warning', completed: 'success', complete: 'success' }, default: 'info' };

/**
 * `typed-json`: unnamed events whose data carries a `type` discriminator.
 *
 *     {"type":"progress_update","jobId":"j1","progress":{"stage":"import","current":40,"total":200,"message":"..."}}
 *
 * Percent is `current/total`; `stage: "complete"` completes the job, `stage: "error"` or
 * `"failed"` (or an `error` field) fails it. A new `jobId` starts a new job. Status and proposal
 * events become activity lines. The channel outlives its jobs: no terminal events.
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
        when: { not: { any: ['progress.stage == "complete"', failedStage, 'error'] } },
        step: 'progress.stage',
        percent: { current: 'progress.current', total: 'progress.total' },
        message: 'progress.message',
        metrics: { Processed: 'progress.current', Total: 'progress.total' },
        counter: 'progress.current',
        total: 'progress.total',
      },
      {
        // The job completed.
        when: 'progress.stage == "complete"',
        message: 'progress.message',
        metrics: { Processed: 'progress.current', Total: 'progress.total' },
        status: 'complete',
      },
      {
        // The job failed.
        when: { any: [failedStage, 'error'] },
        status: 'failed',
        error: ['error.message', 'error', 'progress.message'],
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
  },
};
