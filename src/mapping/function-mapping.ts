// The escape hatch: a mapping written as a function. The reducer around it still keeps the
// promises every mapping keeps; this holds the function's result to the ones it could break:
// percent stays within 0–100 and does not go backwards within a job, the feed stays capped,
// `lastEventId` follows the stream, and `progressAt`/`stalled` are kept when the function does
// not set them (progress is then what `hasAdvanced` sees).

import type { StreamMessage } from '../client/types.js';
import { capKey, clampPercent } from './coerce.js';
import type { ProgressState } from './state.js';
import { hasAdvanced } from './progress-clock.js';
import { isEnded } from './statuses.js';

export function enforceInvariants(
  previous: ProgressState,
  next: ProgressState,
  message: StreamMessage,
  activityLimit: number,
  now: number,
): ProgressState {
  const fixed = { ...next };
  if (next.percent !== null) {
    // A new job may start over: the old one had ended, or the function reset `startedAt`.
    const restarted = (isEnded(previous.status) && !isEnded(next.status)) || next.startedAt !== previous.startedAt;
    fixed.percent = Number.isFinite(next.percent) ? clampPercent(next.percent) : previous.percent;
    if (fixed.percent !== null && previous.percent !== null && fixed.percent < previous.percent && !restarted)
      fixed.percent = previous.percent;
  }
  if (Array.isArray(next.activity) && next.activity.length > activityLimit)
    fixed.activity = next.activity.slice(next.activity.length - activityLimit);
  if (message.id !== undefined) fixed.lastEventId = capKey(message.id);
  // States from functions written before these fields existed.
  if (next.progressAt === undefined || next.progressAt === previous.progressAt)
    fixed.progressAt = hasAdvanced(previous, fixed) ? now : (previous.progressAt ?? null);
  if (typeof next.stalled !== 'boolean' || fixed.progressAt !== previous.progressAt) fixed.stalled = false;
  return fixed;
}
