// What the client does with a response that is not an event stream: an error status, a 204, a
// 401 (the hook, or a refresh of a `headers` function). Loaded by the first such response, so
// that a client whose streams open never loads it (see StreamClient's #refused).
import { classifyResponse, parseRetryAfter } from './response-outcome.js';
import { decideUnauthorized, unauthorizedError, unauthorizedTimeoutMs } from './unauthorized-hook.js';
import type { ResolvedOptions } from './resolved-options.js';
import type { StreamErrorDetail } from './types.js';

/** The attempt that got the response, as the client lends it. */
export interface RefusalHost {
  readonly options: ResolvedOptions;
  /** Aborted when the attempt is abandoned (`close()`): a pending 401 hook is given up. */
  readonly signal: AbortSignal;
  /** False once the attempt is stale (closed, or a newer one started): then nothing is done. */
  current(): boolean;
  /** The 401 hook's own time limit replaces the heartbeat's, which would report it as "No data". */
  stopHeartbeat(): void;
  /** Stops without retrying: `offline` (a fatal error) or `closed` (204). */
  stop(status: 'offline' | 'closed', error: StreamErrorDetail): void;
  /** Schedules a retry (after `Retry-After` when the server gave one). */
  fail(error: StreamErrorDetail, retryAfterMs?: number): void;
  /** Tries again at once with refreshed credentials. */
  retryAuthorized(): void;
}

/** Acts on `response` (its body already cancelled). `retryingAfter401`: this was the retry of a 401. */
export async function handleRefusal(response: Response, retryingAfter401: boolean, host: RefusalHost): Promise<void> {
  const outcome = classifyResponse(response);
  switch (outcome.type) {
    case 'open':
      return; // the client reads those itself
    case 'done':
      host.stop('closed', { kind: 'http', status: 204, message: 'The server has nothing more to send (HTTP 204)', fatal: true });
      return;
    case 'unauthorized':
      await unauthorized(response, retryingAfter401, host);
      return;
    case 'retry':
      host.fail(
        { kind: 'http', status: outcome.status, message: outcome.message, fatal: false },
        parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      );
      return;
    case 'fatal':
      host.stop('offline', { kind: outcome.kind, status: outcome.status, message: outcome.message, fatal: true });
      return;
  }
}

async function unauthorized(response: Response, retryingAfter401: boolean, host: RefusalHost): Promise<void> {
  const timeoutMs = unauthorizedTimeoutMs(host.options.heartbeatTimeoutMs);
  const answer = retryingAfter401
    ? 'decline'
    : await decideUnauthorized(host.options, { status: response.status, response }, timeoutMs, host.signal, () => host.stopHeartbeat());
  if (!host.current()) return;
  if (answer === 'retry') host.retryAuthorized();
  else host.stop('offline', unauthorizedError(answer, timeoutMs));
}
