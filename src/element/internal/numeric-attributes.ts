// The element's numeric attributes, normalised once. An attribute typed `Number` turns "abc"
// into NaN and "-1" into -1; the client then silently applies its default. The element must
// show and forward what is applied ("Reconnecting 1/10", never "1/NaN"), so it applies the
// client's own rule here and hands the client only values the client would keep as they are.

import { CLIENT_DEFAULTS, countOption, durationOption } from '../../client/defaults.js';
import { DEFAULT_ACTIVITY_LIMIT } from '../../mapping/activity.js';

/** The client's defaults, and the reducer's feed limit. */
export const NUMERIC_DEFAULTS = { ...CLIENT_DEFAULTS, feedLimit: DEFAULT_ACTIVITY_LIMIT } as const;

export type AppliedNumbers = { readonly [K in keyof typeof NUMERIC_DEFAULTS]: number };

export interface NumericAttributes {
  heartbeatTimeout: number | undefined;
  maxRetries: number | undefined;
  retryDelay: number | undefined;
  maxRetryDelay: number | undefined;
  pollInterval: number | undefined;
  feedLimit: number | undefined;
}

const duration = durationOption;
/** Counts are whole numbers: `max-retries="2.5"` makes 2 retries, and says so. */
const count = countOption;

/** What the element applies (and forwards to its client) for each numeric attribute. */
export function appliedNumbers(attributes: NumericAttributes): AppliedNumbers {
  return {
    heartbeatTimeoutMs: duration(attributes.heartbeatTimeout, NUMERIC_DEFAULTS.heartbeatTimeoutMs),
    maxRetries: count(attributes.maxRetries, NUMERIC_DEFAULTS.maxRetries),
    retryDelayMs: duration(attributes.retryDelay, NUMERIC_DEFAULTS.retryDelayMs),
    maxRetryDelayMs: duration(attributes.maxRetryDelay, NUMERIC_DEFAULTS.maxRetryDelayMs),
    pollIntervalMs: duration(attributes.pollInterval, NUMERIC_DEFAULTS.pollIntervalMs),
    feedLimit: count(attributes.feedLimit, NUMERIC_DEFAULTS.feedLimit),
  };
}

/**
 * The numeric attributes' converter: like Lit's `Number`, except that an empty attribute is
 * absent (Lit's gives 0, so `heartbeat-timeout=""` silently turned the heartbeat off).
 */
export const numberAttribute = {
  fromAttribute(value: string | null): number | undefined {
    return value === null || value.trim() === '' ? undefined : Number(value);
  },
  toAttribute(value: number | undefined): string | null {
    return value === undefined ? null : String(value);
  },
};
