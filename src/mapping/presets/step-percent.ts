import type { Condition, Mapping } from '../mapping-types.js';
import { saysCancelled, saysPaused } from './control-words.js';
import { streamErrorRules } from './stream-error.js';

/** A failure: the step says so, or the `error` field says something (`""`, `false`, `{}` do not). */
const failure: Condition = { any: ['step == "error"', 'error?'] };
const cancelled = saysCancelled('step');
const paused = saysPaused('step');

/**
 * `step-percent`: unnamed events whose data names the current step and the overall percent.
 *
 *     data: {"step":"scanning","progress":20,"message":"Analyzing 59 tables, 450 columns..."}
 *
 * `step: "complete"` completes the job; `step: "error"` or a meaningful `error` field fails it
 * (`"error": ""`, `false`, `0`, `null` or `{}` is no error). So does an `event: error`, as a
 * NestJS `@Sse()` handler sends when it throws, with its plain-text message as the reason. All
 * three end the stream: reconnecting would run the job again. `step: "cancelled"` cancels the
 * job and ends the stream too; `step: "paused"` pauses it (neither is a step), and the next
 * event naming a step runs it again.
 */
export const stepPercent: Mapping = {
  name: 'step-percent',
  steps: ['scanning', 'indexing', 'analyzing', 'generating', 'optimizing', 'complete'],
  events: {
    message: [
      {
        // Progress: the current step, the overall percent and a message.
        when: { not: { any: [failure, cancelled, paused] } },
        step: 'step',
        percent: 'progress',
        message: 'message',
      },
      {
        // The last step completes the job.
        when: 'step == "complete"',
        status: 'complete',
      },
      { when: { all: [cancelled, { not: failure }] }, percent: 'progress', message: 'message', status: 'cancelled' },
      { when: { all: [paused, { not: failure }] }, percent: 'progress', message: 'message', status: 'paused' },
      {
        // A failure, named by the step or by an error field.
        when: failure,
        percent: 'progress',
        status: 'failed',
        error: ['error.message', 'error', 'message'],
      },
    ],
    error: streamErrorRules({ percent: 'progress' }),
  },
  terminalEvents: ['error'],
  terminalWhen: { any: ['step == "complete"', failure, cancelled] },
};
