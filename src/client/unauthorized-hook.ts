import { CLIENT_DEFAULTS } from './defaults.js';
import type { StreamClientOptions, StreamErrorDetail, UnauthorizedContext } from './types.js';

/** What became of a 401: retry with refreshed credentials, give up, or the hook never answered. */
export type UnauthorizedAnswer = 'retry' | 'decline' | 'timeout';

/**
 * Asks `onUnauthorized` whether to retry a 401. A hook that throws declines. A hook that never
 * settles (a token refresh that hangs) would otherwise hold the client in `connecting` until the
 * heartbeat timer reported a misleading "No data"; after `timeoutMs` it is given up on.
 */
export async function askUnauthorizedHook(
  hook: (context: UnauthorizedContext) => boolean | Promise<boolean>,
  context: UnauthorizedContext,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<UnauthorizedAnswer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // Also settles when the request is abandoned (close()), so no timer outlives the client.
  const timeout = new Promise<UnauthorizedAnswer>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    onAbort = () => resolve('decline');
    signal.addEventListener('abort', onAbort);
  });
  const answer = (async (): Promise<UnauthorizedAnswer> => {
    try {
      return (await hook(context)) === true ? 'retry' : 'decline';
    } catch {
      return 'decline';
    }
  })();
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A token refresh may take seconds on a slow network even where the heartbeat timeout is short
 * (a quiet stream is detected fast, a login round trip is not): the hook gets at least this long.
 */
export const MIN_UNAUTHORIZED_TIMEOUT_MS = 10_000;

/** How long `onUnauthorized` may take: the heartbeat timeout (its default when off), at least 10 s. */
export function unauthorizedTimeoutMs(heartbeatTimeoutMs: number): number {
  return Math.max(MIN_UNAUTHORIZED_TIMEOUT_MS, heartbeatTimeoutMs > 0 ? heartbeatTimeoutMs : CLIENT_DEFAULTS.heartbeatTimeoutMs);
}

/**
 * What to do about a 401. With `onUnauthorized`, the hook decides (`beforeHook` runs first: the
 * hook's own time limit replaces the heartbeat's, which would report it as "No data"). Without
 * one, a `headers` function is asked again (retry) and static headers cannot change (decline).
 */
export function decideUnauthorized(
  options: Pick<StreamClientOptions, 'onUnauthorized' | 'headers'>,
  context: UnauthorizedContext,
  timeoutMs: number,
  signal: AbortSignal,
  beforeHook: () => void,
): Promise<UnauthorizedAnswer> {
  const hook = options.onUnauthorized;
  if (hook === undefined) return Promise.resolve(typeof options.headers === 'function' ? 'retry' : 'decline');
  beforeHook();
  return askUnauthorizedHook(hook, context, timeoutMs, signal);
}

/** The fatal error of a 401 that is not retried. */
export function unauthorizedError(answer: Exclude<UnauthorizedAnswer, 'retry'>, timeoutMs: number): StreamErrorDetail {
  const message =
    answer === 'timeout'
      ? `The onUnauthorized hook did not answer within ${timeoutMs} ms (HTTP 401)`
      : 'The server requires authentication (HTTP 401)';
  return { kind: 'auth', status: 401, message, fatal: true };
}
