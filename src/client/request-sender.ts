import { EventStreamContentType } from '@microsoft/fetch-event-source';
import { fetchWithRedirects, RedirectRefusedError } from './redirects.js';
import { buildRequestHeaders, InvalidHeaderError, lastEventIdHeader, type RequestHeaders } from './request-headers.js';
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
 */
export class RequestSender {
  readonly #options: StreamClientOptions;

  constructor(options: StreamClientOptions) {
    this.#options = options;
  }

  /** The caller's headers plus `own` (which win), or why there are none. */
  async headers(own: Record<string, string>): Promise<RequestHeaders | HeadersFailure> {
    const provided = this.#options.headers;
    let values;
    try {
      values = typeof provided === 'function' ? await provided() : provided;
    } catch {
      return { failure: 'provider' };
    }
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
    const own = { accept: EventStreamContentType, 'cache-control': 'no-cache', ...lastEventIdHeader(lastEventId) };
    const headers = await this.headers(own);
    if (signal.aborted) return { abandoned: true };
    if ('failure' in headers) {
      // A failing function may work next time (a token service hiccup); values that cannot be
      // sent never will, and must not pass for an authentication problem.
      if (headers.failure === 'provider') return { error: { kind: 'auth', message: 'The headers function failed', fatal: false } };
      return { error: { kind: 'config', message: headers.message, fatal: true } };
    }
    const { method = 'GET', body } = this.#options;
    try {
      const init = { method, body: (typeof body === 'function' ? body() : body) ?? null, signal };
      return { response: await this.fetch(checked.url, init, headers) };
    } catch (error) {
      if (signal.aborted) return { abandoned: true };
      if (error instanceof RedirectRefusedError) return { error: { kind: 'config', message: error.message, fatal: true } };
      return { error: { kind: 'network', message: 'The request failed before a response arrived', fatal: false } };
    }
  }

  fetch(url: URL, init: RequestInit, headers: RequestHeaders): Promise<Response> {
    const doFetch = (target: URL, hop: RequestInit): Promise<Response> =>
      (this.#options.fetch ?? globalThis.fetch)(target, {
        ...hop,
        credentials: this.#options.credentials ?? 'same-origin',
        cache: 'no-store',
      });
    return fetchWithRedirects(doFetch, url, init, headers, { crossOriginHeaders: this.#options.crossOriginRedirectHeaders === true });
  }

  /** The status poll's GET, asking for JSON. Rejects when there are no headers to send. */
  async fetchJson(url: URL, signal: AbortSignal): Promise<Response> {
    const headers = await this.headers({ accept: 'application/json' });
    if ('failure' in headers) throw new Error('No headers for the status poll');
    return this.fetch(url, { signal }, headers);
  }
}
