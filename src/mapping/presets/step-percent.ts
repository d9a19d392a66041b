import type { Mapping } from '../mapping-types.js';

/**
 * `step-percent`: unnamed events whose data names the current step and the overall percent.
 *
 *     data: {"step":"scanning","progress":20,"message":"Analyzing 59 tables, 450 columns..."}
 *
 * `step: "complete"` completes the job; `step: "error"` or an `error` field fails it. Both end
 * the stream.
 */
export const stepPercent: Mapping = {
  name: 'step-percent',
  steps: ['scanning', 'indexing', 'analyzing', 'generating', 'optimizing', 'complete'],
  events: {
    message: [
      {
        // Progress: the current step, the overall percent and a message.
        when: { not: { any: ['step == "error"', 'error'] } },
        step: 'step',
        percent: 'progress',
        message: 'message',
      },
      {
        // The last step completes the job.
        when: 'step == "complete"',
        status: 'complete',
      },
      {
        // A failure, named by the step or by an error field.
        when: { any: ['step == "error"', 'error'] },
        status: 'failed',
        error: ['error.message', 'error', 'message'],
      },
    ],
  },
  terminalWhen: { any: ['step == "complete"', 'step == "error"', 'error'] },
};
