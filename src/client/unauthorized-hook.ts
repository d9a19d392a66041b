import type { UnauthorizedContext } from './types.js';

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
