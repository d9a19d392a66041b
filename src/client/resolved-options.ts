import { CLIENT_DEFAULTS, countOption } from './defaults.js';
import { maxEventSizeOption } from './event-stream-parser.js';
import { timerOption } from './timers.js';
import type { StreamClientOptions } from './types.js';

/** Options with every default applied. */
export interface ResolvedOptions extends StreamClientOptions {
  heartbeatTimeoutMs: number;
  maxRetries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  maxEventSize: number;
  random: () => number;
}

/** Applies the defaults, by the same rules the element uses to show them (see defaults.ts). */
export function resolveOptions(options: StreamClientOptions): ResolvedOptions {
  return {
    ...options,
    // Every wait is clamped to what a timer can hold: a longer one would fire at once.
    heartbeatTimeoutMs: timerOption(options.heartbeatTimeoutMs, CLIENT_DEFAULTS.heartbeatTimeoutMs),
    maxRetries: countOption(options.maxRetries, CLIENT_DEFAULTS.maxRetries),
    retryDelayMs: timerOption(options.retryDelayMs, CLIENT_DEFAULTS.retryDelayMs),
    maxRetryDelayMs: timerOption(options.maxRetryDelayMs, CLIENT_DEFAULTS.maxRetryDelayMs),
    maxEventSize: maxEventSizeOption(options.maxEventSize),
    random: options.random ?? Math.random,
  };
}
