// The words the seed formats' servers use for a cancelled or paused job, where a preset must
// recognise them in a field that is not a job status (a step name, a stage): a step called
// "paused" is not a step.

import type { Condition, JsonPrimitive } from '../mapping-types.js';

export const CANCELLED_WORDS: JsonPrimitive[] = ['cancelled', 'canceled', 'aborted'];
export const PAUSED_WORDS: JsonPrimitive[] = ['paused', 'suspended', 'on_hold', 'on-hold', 'held'];

/** The value at `path` says the job was cancelled / paused. */
export const saysCancelled = (path: string): Condition => ({ path, in: CANCELLED_WORDS });
export const saysPaused = (path: string): Condition => ({ path, in: PAUSED_WORDS });
