// Tells "the server refused a request that carried no credentials because none were configured
// yet" from "the server refused our credentials". A page often sets `headers` (or
// `onUnauthorized`) a little after the element has connected (an async script, a token fetched
// first); a 401 or 403 to that early request is not the end of live updates: the session waits
// for the credentials and reconnects by itself once they are set.
import type { StreamErrorDetail } from '../client/types.js';

export type RefusalOutcome =
  /** A real refusal (credentials were sent, or not a 401/403). */
  | 'fatal'
  /** Credentials were set while the request was under way: try again now. */
  | 'reconnect'
  /** No credentials yet: wait until some are set. */
  | 'wait';

export class CredentialsGate {
  /** The last request went out without any credentials configured. */
  #sentWithout = false;
  /** Waiting for `headers` or `onUnauthorized` to be set before reconnecting. */
  waiting = false;

  constructor(private readonly configured: () => boolean) {}

  /** Called as each request's headers are built. */
  noteAttempt(): void {
    this.#sentWithout = !this.configured();
  }

  /** A 401 on a request sent before credentials existed, now that they do: retry at once. */
  retryUnauthorized(): boolean {
    return this.#sentWithout && this.configured();
  }

  /** What a fatal error of the session's own client means. */
  classify(error: StreamErrorDetail): RefusalOutcome {
    const refused = error.fatal && (error.status === 401 || error.status === 403);
    if (!refused || !this.#sentWithout) return 'fatal';
    if (this.configured()) return 'reconnect';
    this.waiting = true;
    return 'wait';
  }

  /** A new client, or credentials arrived: forget what the old requests carried. */
  reset(): void {
    this.#sentWithout = false;
    this.waiting = false;
  }
}
