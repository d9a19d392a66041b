// Loaded only for requests that carry the caller's headers (see caller-requests.ts).
import type { RequestHeaders } from './request-headers.js';
import { pageBase } from './url-policy.js';

/** As many redirects as `fetch` follows before it gives up. */
const MAX_REDIRECTS = 20;

/**
 * A redirect the client will not follow: a browser hid where it leads, and the request carries
 * caller headers that must not reach an unknown origin.
 */
export class RedirectRefusedError extends Error {
  override name = 'RedirectRefusedError';
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The method after a redirect, as `fetch` does it: 303, and 301/302 of a POST, become GET. */
function methodAfter(status: number, method: string): string {
  const upper = method.toUpperCase();
  if (status === 303 && upper !== 'GET' && upper !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && upper === 'POST') return 'GET';
  return method;
}

function withoutCallerHeaders(request: RequestHeaders): RequestHeaders {
  const headers = new Headers(request.headers);
  for (const name of request.callerNames) headers.delete(name);
  return { headers, callerNames: [] };
}

/** The page's origin where there is a page (browsers, Workers); undefined in Node and Deno. */
function pageOrigin(): string | undefined {
  const base = pageBase();
  try {
    return base === undefined ? undefined : new URL(base).origin;
  } catch {
    return undefined;
  }
}

const refused = (why: string): RedirectRefusedError =>
  new RedirectRefusedError(
    `The stream URL redirected ${why}, and the request carries your headers, so it is not followed. ` +
      'Use the final URL, or set crossOriginRedirectHeaders if every redirect target may see them',
  );

/**
 * `fetch` of a request that carries caller headers (`request.callerNames`) which may not go to
 * another origin (no `crossOriginRedirectHeaders`: the sender sends other requests as they are):
 * - On a page, for a stream on the page's own origin, the browser follows redirects in
 *   `mode: 'same-origin'`: same-origin hops keep the headers, and a hop to another origin is a
 *   network error before any byte is sent there. That error is told apart from a network
 *   failure by asking once more with `redirect: 'manual'` (an opaque redirect: refused).
 * - Elsewhere the request uses `redirect: 'manual'`: where the answer shows its `Location`
 *   (Node, Deno), each hop is followed here, and the caller's headers are dropped from the
 *   first hop to another origin on (Accept, Cache-Control and Last-Event-ID go on, as they
 *   would with EventSource). A browser's opaque redirect from a stream on another origin hides
 *   its target: following it blindly could leak the headers, following it without them would
 *   break its authentication silently, so it is refused (`RedirectRefusedError`).
 *
 * Rejects like `fetch` (a TypeError) after 20 redirects or on a Location that is not http(s).
 */
export function fetchWithRedirects(
  doFetch: (url: URL, init: RequestInit) => Promise<Response>,
  url: URL,
  init: RequestInit,
  request: RequestHeaders,
): Promise<Response> {
  return url.origin === pageOrigin() ? fetchSameOrigin(doFetch, url, init, request) : followManually(doFetch, url, init, request);
}

async function fetchSameOrigin(
  doFetch: (url: URL, init: RequestInit) => Promise<Response>,
  url: URL,
  init: RequestInit,
  request: RequestHeaders,
): Promise<Response> {
  try {
    return await doFetch(url, { ...init, headers: request.headers, mode: 'same-origin' });
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    // A network failure, or a redirect that left the origin? Only the latter is an opaque redirect.
    const probe = await doFetch(url, { ...init, headers: request.headers, redirect: 'manual' }).catch(() => undefined);
    void probe?.body?.cancel().catch(() => undefined);
    if (probe?.type === 'opaqueredirect') throw refused('to another origin (or too many times)');
    throw error;
  }
}

async function followManually(
  doFetch: (url: URL, init: RequestInit) => Promise<Response>,
  url: URL,
  init: RequestInit,
  request: RequestHeaders,
): Promise<Response> {
  let current = url;
  let sent = request;
  let method = init.method ?? 'GET';
  let body = init.body ?? null;
  for (let hops = 0; ; hops++) {
    const response = await doFetch(current, { ...init, method, body, headers: sent.headers, redirect: 'manual' });
    if (response.type === 'opaqueredirect') throw refused('and a browser does not tell where to');
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null) return response; // a final 3xx is classified by the caller
    void response.body?.cancel().catch(() => undefined);
    if (hops >= MAX_REDIRECTS) throw new TypeError('Too many redirects');
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new TypeError('A redirect to a URL that is not http(s)');
    if (next.origin !== current.origin) sent = withoutCallerHeaders(sent);
    const nextMethod = methodAfter(response.status, method);
    if (nextMethod !== method) {
      body = null;
      sent = { headers: new Headers(sent.headers), callerNames: sent.callerNames };
      sent.headers.delete('content-type');
    }
    method = nextMethod;
    current = next;
  }
}
