// The activity feed: newest last, capped, and free of stutter. A line identical to the one
// before it (same level, text, step and job) is not repeated, so a server that re-sends its
// state every 15 seconds as a heartbeat does not flood the feed.

import type { ActivityEntry, ActivityLevel } from './state.js';

export const DEFAULT_ACTIVITY_LIMIT = 50;

export interface NewActivity {
  level: ActivityLevel;
  message: string;
  step?: string | undefined;
}

/**
 * Returns the feed with `lines` appended (or the same array when nothing was added). Costs
 * O(limit): the feed is the only list copied per event, and it is capped.
 */
export function appendActivity(
  feed: ActivityEntry[],
  lines: readonly NewActivity[],
  at: number,
  limit: number,
  job?: string,
): ActivityEntry[] {
  let next = feed;
  for (const { level, message, step } of lines) {
    const last = next.at(-1);
    if (!message || limit <= 0 || (last?.level === level && last.message === message && last.step === step && last.job === job)) continue;
    const entry: ActivityEntry = { seq: (last?.seq ?? 0) + 1, at, level, message };
    if (step !== undefined) entry.step = step;
    if (job !== undefined) entry.job = job;
    next = [...next.slice(Math.max(0, next.length - limit + 1)), entry];
  }
  return next;
}
