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

function sameLine(entry: ActivityEntry | undefined, line: NewActivity, job: string | undefined): boolean {
  return entry !== undefined && entry.level === line.level && entry.message === line.message && entry.step === line.step && entry.job === job;
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
  if (lines.length === 0 || limit <= 0) return feed;
  let next: ActivityEntry[] | undefined;
  for (const line of lines) {
    const current = next ?? feed;
    const last = current[current.length - 1];
    if (sameLine(last, line, job) || line.message.length === 0) continue;
    const entry: ActivityEntry = { seq: (last?.seq ?? 0) + 1, at, level: line.level, message: line.message };
    if (line.step !== undefined) entry.step = line.step;
    if (job !== undefined) entry.job = job;
    next ??= feed.slice(Math.max(0, feed.length - limit + 1));
    next.push(entry);
    if (next.length > limit) next.splice(0, next.length - limit);
  }
  return next ?? feed;
}
