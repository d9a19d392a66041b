import type { Mapping } from '../mapping-types.js';

const failedStage = { path: 'progress.stage', in: ['error', 'failed'] };

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
  version: 1,
  name: 'typed-json',
  description: 'Unnamed events routed by data.type: connected, status_update, progress_update, new_proposal, proposal_update, proposal_deleted.',
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
          level: { path: 'status', map: { error: 'error', failed: 'error', warning: 'warning', completed: 'success', complete: 'success' }, default: 'info' },
        },
        {
          when: '!sourceName',
          text: 'Source {sourceId}: {status}',
          level: { path: 'status', map: { error: 'error', failed: 'error', warning: 'warning', completed: 'success', complete: 'success' }, default: 'info' },
        },
      ],
    },
    progress_update: [
      {
        description: 'Progress within a stage.',
        when: { not: { any: ['progress.stage == "complete"', failedStage, 'error'] } },
        step: 'progress.stage',
        percent: { current: 'progress.current', total: 'progress.total' },
        message: 'progress.message',
        metrics: { Processed: 'progress.current', Total: 'progress.total' },
        counter: 'progress.current',
        total: 'progress.total',
      },
      {
        description: 'The job completed.',
        when: 'progress.stage == "complete"',
        message: 'progress.message',
        metrics: { Processed: 'progress.current', Total: 'progress.total' },
        status: 'complete',
      },
      {
        description: 'The job failed.',
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
