import type * as CallerRequests from './caller-requests.js';
import { EVENT_STREAM } from './event-stream-type.js';
import { lastEventIdHeader, unsendable } from './header-text.js';
import type { RequestHeaders } from './request-headers.js';
import { checkHttpUrl } from './url-policy.js';
import type { StreamClientOptions, StreamErrorDetail } from './types.js';

/** Why there are no headers: the caller's function failed, or what it gave cannot be sent. */
export type HeadersFailure = { failure: 'provider' } | { failure: 'invalid'; message: string };

/**
 * What became of a stream request: a response (unread), abandoned (its signal aborted), or an
 * error before any response: `fatal` ones (options that cannot work) stop the client, the
 * others are retried.
 */
export type StreamRequestResult = { response: Response } | { abandoned: true } | { error: StreamErrorDetail };

/**
 * How the client makes its requests, the stream's and the status poll's alike: the caller's
 * headers asked for every time, the client's fetch and credentials mode, never the HTTP cache,
 * and the caller's headers kept from other origins a redirect leads to.
 *
 * Checking the caller's headers and following redirects by hand is code that a client without
 * `headers` never needs: it is loaded (one chunk, caller-requests.ts) by the first request that
 * has some. A chunk that fails to load fails that request as the network would (retried).
 */
export class RequestSender {
  readonly #options: StreamClientOptions;
  #callerCode: Promise<typeof CallerRequests> | undefined;

  constructor(options: StreamClientOptions) {
    this.#options = options;
  }

  #loadCallerCode(): Promise<typeof CallerRequests> {
    const loading = (this.#callerCode ??= import('./caller-requests.js'));
    loading.catch(() => (this.#callerCode = undefined)); // the next request tries again
    return loading;
  }

  /** The caller's headers plus `own` (which win), or why there are none. */
  async headers(own: Record<string, string>): Promise<RequestHeaders | HeadersFailure> {
    const provided = this.#options.headers;
    if (provided === undefined) {
      try {
        return { headers: new Headers(own), callerNames: [] };
      } catch {
        return { failure: 'invalid', message: unsendable('last-event-id') }; // the only value not ours
      }
    }
    const code = this.#loadCallerCode();
    let values;
    try {
      values = typeof provided === 'function' ? await provided() : provided;
    } catch {
      return { failure: 'provider' };
    }
    const { buildRequestHeaders, InvalidHeaderError } = await code;
    try {
      return buildRequestHeaders(values, own);
    } catch (error) {
      if (error instanceof InvalidHeaderError) return { failure: 'invalid', message: error.message };
      throw error;
    }
  }

  /**
   * Makes one request for the event stream: checks the URL, asks for the headers, adds the
   * SSE request headers and the resume id, and fetches.
   */
  async openStream(lastEventId: string | undefined, signal: AbortSignal): Promise<StreamRequestResult> {
    const checked = checkHttpUrl(this.#options.url, 'The stream URL');
    if (!checked.ok) return { error: { kind: 'config', message: checked.message, fatal: true } };
    const own = { accept: EVENT_STREAM, 'cache-control': 'no-cache', ...lastEventIdHeader(lastEventId) };
    try {
      const headers = await this.headers(own);
      if (signal.aborted) return { abandoned: true };
      if ('failure' in headers) {
        // A failing function may work next time (a token service hiccup); values that cannot be
        // sent never will, and must not pass for an authentication problem.
        if (headers.failure === 'provider') return { error: { kind: 'auth', message: 'The headers function failed', fatal: false } };
        return { error: { kind: 'config', message: headers.message, fatal: true } };
      }
      const { method = 'GET', body } = this.#options;
      const init = { method, body: (typeof body === 'function' ? body() : body) ?? null, signal };
      return { response: await this.fetch(checked.url, init, headers) };
    } catch (error) {
      if (signal.aborted) return { abandoned: true };
      // redirects.ts's RedirectRefusedError, told by its name: the class is in the lazy chunk.
      if ((error as Error).name === 'RedirectRefusedError')
        return { error: { kind: 'config', message: (error as Error).message, fatal: true } };
      return { error: { kind: 'network', message: 'The request failed before a response arrived', fatal: false } };
    }
  }

  async fetch(url: URL, init: RequestInit, headers: RequestHeaders): Promise<Response> {
    const doFetch = (target: URL, hop: RequestInit): Promise<Response> =>
      (this.#options.fetch ?? globalThis.fetch)(target, {
        ...hop,
        credentials: this.#options.credentials ?? 'same-origin',
        cache: 'no-store',
      });
    // Without caller headers, or when they may go anywhere, redirects are left to `fetch`.
    if (headers.callerNames.length === 0 || this.#options.crossOriginRedirectHeaders === true) {
      return doFetch(url, { ...init, headers: headers.headers });
    }
    return (await this.#loadCallerCode()).fetchWithRedirects(doFetch, url, init, headers);
  }
}
