// The element's numeric attributes. An attribute typed `Number` turns "abc" into NaN and "-1"
// into -1; the session applies the client's own rule to them (see session/numbers.ts), so that
// what the element shows ("Reconnecting 1/10", never "1/NaN") is what its client does.

import { appliedNumbers as applied, type AppliedNumbers, type NumericOptions } from '../../session/numbers.js';

export type { AppliedNumbers } from '../../session/numbers.js';

export interface NumericAttributes {
  heartbeatTimeout: number | undefined;
  maxRetries: number | undefined;
  retryDelay: number | undefined;
  maxRetryDelay: number | undefined;
  pollInterval: number | undefined;
  feedLimit: number | undefined;
}

/** The attributes under the session's option names. */
export function numericOptions(attributes: NumericAttributes): NumericOptions {
  return {
    heartbeatTimeoutMs: attributes.heartbeatTimeout,
    maxRetries: attributes.maxRetries,
    retryDelayMs: attributes.retryDelay,
    maxRetryDelayMs: attributes.maxRetryDelay,
    pollIntervalMs: attributes.pollInterval,
    feedLimit: attributes.feedLimit,
  };
}

/** What the element applies (and forwards to its client) for each numeric attribute. */
export function appliedNumbers(attributes: NumericAttributes): AppliedNumbers {
  return applied(numericOptions(attributes));
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
