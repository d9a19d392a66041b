// The session's numeric options, normalised once. A value typed `Number` may be NaN ("abc") or
// -1; the client would then silently apply its default. Views must show and forward what is
// applied ("Reconnecting 1/10", never "1/NaN"), so the client's own rule is applied here and the
// client is handed only values it keeps as they are.

import { CLIENT_DEFAULTS, countOption, durationOption } from '../client/defaults.js';
import { DEFAULT_ACTIVITY_LIMIT } from '../mapping/activity.js';

/** The client's defaults, and the reducer's feed limit. */
export const NUMERIC_DEFAULTS = { ...CLIENT_DEFAULTS, feedLimit: DEFAULT_ACTIVITY_LIMIT } as const;

export type AppliedNumbers = { readonly [K in keyof typeof NUMERIC_DEFAULTS]: number };

/** The numbers as given (by attributes, props or options): anything, including garbage. */
export type NumericOptions = { readonly [K in keyof typeof NUMERIC_DEFAULTS]?: number | undefined };

/** What is applied (and forwarded to the client) for each numeric option. */
export function appliedNumbers(given: NumericOptions): AppliedNumbers {
  return {
    heartbeatTimeoutMs: durationOption(given.heartbeatTimeoutMs, NUMERIC_DEFAULTS.heartbeatTimeoutMs),
    // Counts are whole numbers: `max-retries="2.5"` makes 2 retries, and says so.
    maxRetries: countOption(given.maxRetries, NUMERIC_DEFAULTS.maxRetries),
    retryDelayMs: durationOption(given.retryDelayMs, NUMERIC_DEFAULTS.retryDelayMs),
    maxRetryDelayMs: durationOption(given.maxRetryDelayMs, NUMERIC_DEFAULTS.maxRetryDelayMs),
    pollIntervalMs: durationOption(given.pollIntervalMs, NUMERIC_DEFAULTS.pollIntervalMs),
    feedLimit: countOption(given.feedLimit, NUMERIC_DEFAULTS.feedLimit),
  };
}

/** How long a running job may go without progress before it shows as stalled. */
export const DEFAULT_STALL_AFTER_MS = 30_000;

/**
 * `stallAfterMs` as applied: the rule of the other durations (garbage or negative → the
 * default), 0 = never stalled. Kept out of `AppliedNumbers`: those restart the connection when
 * they change, and this one only changes how the state is read.
 */
export function appliedStallAfter(value: number | undefined): number {
  return durationOption(value, DEFAULT_STALL_AFTER_MS);
}
