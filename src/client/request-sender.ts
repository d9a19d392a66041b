import { fetchWithRedirects } from './redirects.js';
import { buildRequestHeaders, InvalidHeaderError, type RequestHeaders } from './request-headers.js';
import type { StreamClientOptions } from './types.js';

/** Why there are no headers: the caller's function failed, or what it gave cannot be sent. */
export type HeadersFailure = { failure: 'provider' } | { failure: 'invalid'; message: string };

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
